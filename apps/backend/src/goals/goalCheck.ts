// Runs a goal's check: the user's command line, by the platform's shell, in the chat's project
// folder, through the runner git uses (gitRunner.ts: a deadline that ends the whole tree, the
// backend's kill-on-close job on Windows, a record the next backend reaps on POSIX), with the
// environment the agent's own tools get (toolEnvironment.ts), so a check sees no secret a bash
// tool would not. Run here, not as an OpenCode `!` command: opencode's session shell reports no
// exit code (its part holds the output only, checked against opencode 1.18.33), and on Windows its
// shell is cmd, PowerShell or Git Bash by the machine, where a marker like `echo $?` differs.
import type { GoalCheck } from "@turnkey/contracts";
import { goalOutputChars, messageOf } from "@turnkey/contracts";
import { GitBudget } from "../git/gitBudget.ts";
import type { GitRunner } from "../git/gitRunner.ts";

export interface CheckRun {
  check: string;
  folder: string;
  minutes: number;
  signal: AbortSignal;
}

export type RunCheck = (run: CheckRun) => Promise<GoalCheck>;

/** How much output is read before its end is cut to goalOutputChars (a long test log's summary is last). */
const readChars = 64_000;

/** The end of the output (both streams, as they arrived), cut at a line's start where one is near. */
export function outputTail(output: string, max = goalOutputChars): string {
  // cmd.exe and Windows programs end lines with CRLF: the agent and the panel get plain lines.
  const both = output.replaceAll("\r\n", "\n").trimEnd();
  if (both.length <= max) return both;
  const cut = both.slice(-max);
  const line = cut.indexOf("\n");
  return line >= 0 && line < 200 ? cut.slice(line + 1) : cut;
}

export function shellCheck(deps: {
  runner: Pick<GitRunner, "run">;
  /** The environment the check runs with, read at each run (the provider key names change). */
  env: () => NodeJS.ProcessEnv;
  /** Throws, with a sentence, when the folder may not be worked in now (not trusted). */
  mayRun: (folder: string) => void;
  now: () => number;
  /** How long a minute of `checkMinutes` is (tests shorten it). */
  minuteMs?: number;
}): RunCheck {
  return async ({ check, folder, minutes, signal }) => {
    const startedAt = deps.now();
    const problem = (sentence: string): GoalCheck => ({
      startedAt,
      endedAt: deps.now(),
      exitCode: null,
      timedOut: false,
      output: "",
      problem: sentence,
    });
    try {
      deps.mayRun(folder);
    } catch (error) {
      return problem(messageOf(error));
    }
    const ms = minutes * (deps.minuteMs ?? 60_000);
    const run = await deps.runner.run({ folder, env: deps.env(), budget: new GitBudget(ms) }, [], ms, {
      program: check,
      shellLine: true,
      signal,
      maxOutputChars: readChars,
    });
    if (run.missing)
      return problem(`The shell could not be started in ${folder} (the folder may be gone). Check that it exists.`);
    return {
      startedAt,
      endedAt: deps.now(),
      exitCode: run.timedOut || run.cancelled ? null : run.code,
      timedOut: run.timedOut,
      output: outputTail(run.combined ?? ""),
      // A null code past neither the deadline nor a cancel: the check was ended by a signal (an
      // out-of-memory kill): a failed check, which the agent is told of as such.
      problem: null,
    };
  };
}

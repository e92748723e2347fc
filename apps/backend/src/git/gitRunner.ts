// Where the Files tab's git calls run: each one's deadline cut to its action's budget (review 5,
// L5), counted while it runs so that the backend's close() ends it, and recorded so that the next
// backend ends it when this one is killed or crashes, and a watchdog ends it at once (review 5, L6):
// on POSIX git leads its own process group, so it would outlive the backend and commit or push
// unseen after the app is gone.
// On Windows each git goes into the backend's own kill-on-close job instead (gitJob.ts, review 6
// W1): libuv's job ended only Git for Windows' launcher with a crashed backend, not the real git.
import { type JobBinding, processOpsFor, reapProcessRecords } from "@turnkey/sidecar";
import type { GitBudget } from "./gitBudget.ts";
import { GitJob } from "./gitJob.ts";
import { GitWatchdog } from "./gitWatchdog.ts";
import { type GitRun, gitGraceMs, gitNotRun, runGit } from "./runGit.ts";

/** Where and for which action a git call runs. */
export interface GitPlace {
  folder: string;
  env: NodeJS.ProcessEnv;
  budget: GitBudget;
}

/** How the runner reports and, in tests, which job API it uses (ProjectGit's options extend these). */
export interface GitRunnerOptions {
  /** The backend's log, for what the person reading it should know (a job Windows refused). */
  log?: (line: string) => void;
  /** The Windows job API (default: koffi on Windows, none elsewhere). */
  jobBinding?: () => Promise<JobBinding | null>;
}

export class GitRunner {
  /** The git calls running now, each as the function that ends its tree. */
  private readonly running = new Set<() => Promise<void>>();

  /** Ends what is recorded when the backend dies without close() (POSIX only; see runGit.ts for Windows). */
  private readonly watchdog: GitWatchdog | null;

  /** Holds every git this backend starts on Windows, so that they die with it (gitJob.ts). */
  private readonly job: GitJob;

  /** `recordDir`: where running git is recorded (runGit's recordIn); none, nothing recorded. */
  constructor(
    private readonly recordDir?: string,
    options: GitRunnerOptions = {},
  ) {
    this.watchdog = recordDir && process.platform !== "win32" ? new GitWatchdog() : null;
    this.job = new GitJob(options.log ?? (() => undefined), options.jobBinding);
  }

  /**
   * Runs git with its deadline (`stepMs`) cut to the action's budget; a spent budget starts
   * nothing. `reportMs`: the duration its timeout's sentence names (GitBudget.cut). `program`: run
   * that (gh or rg, by its absolute path) instead of git, with the same deadline, records and
   * watchdog; `signal`: ends it early, `alone`: it starts nothing, so it is ended by itself (runGit's).
   */
  async run(
    place: GitPlace,
    args: string[],
    stepMs: number,
    more: {
      input?: string | undefined;
      program?: string | undefined;
      signal?: AbortSignal | undefined;
      alone?: boolean | undefined;
      /** `program` is a command line for the platform's shell, and the output's end is kept (runGit's). */
      shellLine?: boolean | undefined;
      maxOutputChars?: number | undefined;
    } = {},
  ): Promise<GitRun & { reportMs: number }> {
    const { deadlineMs, reportMs } = place.budget.cut(stepMs);
    if (deadlineMs <= 0) return { ...gitNotRun, timedOut: true, reportMs };
    const { input, program, signal, alone, shellLine, maxOutputChars } = more;
    this.watchdog?.ensure();
    await this.job.ready();
    let pid: number | undefined;
    const run = await runGit(args, {
      adopt: (started) => {
        pid = started;
        this.job.adopt(started);
        this.watchdog?.watch(started);
      },
      cwd: place.folder,
      env: place.env,
      deadlineMs,
      ...(input !== undefined ? { input } : {}),
      ...(program !== undefined ? { program } : {}),
      ...(signal !== undefined ? { signal } : {}),
      ...(alone ? { alone } : {}),
      ...(shellLine ? { shell: true, keepTail: true } : {}),
      ...(maxOutputChars !== undefined ? { maxOutputChars } : {}),
      running: this.running,
      ...(this.recordDir ? { recordIn: this.recordDir } : {}),
    }).finally(() => this.watchdog?.forget(pid));
    return { ...run, reportMs };
  }

  /** Ends every git still running and what it started (a push hanging on ssh, a hook's test run). */
  async close(): Promise<void> {
    await Promise.all([...this.running].map((end) => end()));
    this.watchdog?.stop();
  }

  /** Ends the git an earlier backend left running when it was killed or crashed (its records). */
  async reapOrphans(log: (message: string) => void): Promise<void> {
    if (!this.recordDir) return;
    // SIGTERM first, as at a deadline: git then removes .git/index.lock (runGit.ts).
    for (const outcome of await reapProcessRecords(this.recordDir, processOpsFor(), { graceMs: gitGraceMs })) {
      if (outcome.action !== "reaped") continue;
      const left = outcome.survivors.length > 0 ? `; still running: ${outcome.survivors.join(", ")}` : "";
      log(`Ended git (pid ${outcome.pid}) left running by an earlier backend${left}.`);
    }
  }
}

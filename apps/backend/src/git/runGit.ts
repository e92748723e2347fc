// Runs one git command for the Files tab: git by the absolute path PATH gives (gitProgram.ts: never
// a git the project folder ships) with an argument array and no shell, in the project folder, with the scrubbed environment (gitEnvironment.ts), stdin closed, and a
// deadline after which git and everything it started (ssh, a credential helper, a hook) is ended.
//
// Windows: git.exe is found on PATH without a shell. Node's spawn runs only .exe/.com files that
// way (libuv does not apply PATHEXT, nodejs/node#6671; .bat/.cmd need cmd.exe, Node's docs,
// "Spawning .bat and .cmd files on Windows"), and Git for Windows puts `cmd\git.exe` on PATH, so
// no cmd.exe layer is involved; that git.exe is a launcher that starts the real mingw64\bin\git.exe
// (compat/win32/git-wrapper.c), which is why the backend's job must hold its children (gitJob.ts). `windowsHide` keeps a console window from flashing
// up; the tree is ended with `taskkill /T /F` by its absolute path (terminateTree). On POSIX git
// leads a process group of its own with no controlling terminal (`detached`: setsid), so neither
// git, ssh nor a helper can open /dev/tty to ask anything, and the group is ended at once.
import { type ChildProcess, spawn } from "node:child_process";
import { gitStopWaitMs, messageOf } from "@turnkey/contracts";
import {
  clearProcessRecord,
  type ProcessOps,
  processOpsFor,
  type TimerOps,
  terminateTree,
  withDeadline,
  writeProcessRecord,
} from "@turnkey/sidecar";
import { findGit, type IsProgram } from "./gitProgram.ts";

export interface GitRun {
  /** The exit code; null when git was ended (deadline) or never started. */
  code: number | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
  /** git itself could not be started (ENOENT: not installed or not on PATH). */
  missing: boolean;
  /** Ended because the caller's `signal` aborted (a newer search, a window that went away). */
  cancelled: boolean;
  /** Output past maxOutputChars was dropped: what is here is not all git wrote. */
  outputCut: boolean;
  /** With `keepTail`: the end of stdout and stderr together, in the order they arrived (`stdout` and `stderr` stay empty). */
  combined?: string;
}

export interface RunGitOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
  deadlineMs: number;
  /** Written to git's stdin, then closed (e.g. NUL-separated paths for --pathspec-from-file=-). */
  input?: string;
  /** Output past this many characters per stream is dropped (a status of a huge tree stays bounded). */
  maxOutputChars?: number;
  platform?: NodeJS.Platform;
  /** Decides what counts as a program file while git is looked up on PATH (tests inject it). */
  isProgram?: IsProgram;
  /** Another program to run the same way instead of git, by its absolute path (gh: pulls/ghProgram.ts). */
  program?: string;
  /**
   * While git runs, a function that ends its tree is in this set (ProjectGit's, ended on the
   * backend's close: on POSIX git leads its own process group, so nothing else ends it, review 5 L6).
   */
  running?: Set<() => Promise<void>>;
  /**
   * A folder where git's pid is recorded while it runs, so that the next backend ends a git this
   * one left running when it was killed or crashed (processRecords.ts, review 5 L6). POSIX only:
   * on Windows git is in the backend's own kill-on-close job (`adopt`, gitJob.ts), which Windows
   * closes with the backend however it ends, ending git's whole tree (review 6 W1).
   */
  recordIn?: string;
  /** Called with git's pid in the same step as the spawn (Windows: GitJob.adopt, before git can start anything). */
  adopt?: (pid: number | undefined) => void;
  /** The clock of the deadline, the drain and the stop's wait (tests replace it to decide which fires first). */
  timers?: { setTimeout: typeof setTimeout; clearTimeout: typeof clearTimeout };
  /** How the stop lists and ends git's tree (tests inject Windows' with a PowerShell that never answers). */
  processOps?: ProcessOps;
  /** Ends git's tree when it aborts, as the deadline does (`cancelled` in the answer). */
  signal?: AbortSignal;
  /**
   * The program starts nothing of its own (ripgrep): at its deadline or a cancel it is ended by
   * itself, with no tree to list (on Windows a PowerShell listing and a taskkill for each search
   * typed over, on macOS a `ps`; review 15, M1).
   */
  alone?: boolean;
  /**
   * `program` is a command line the platform's shell runs (a goal's check, typed by the user):
   * Node's `shell: true`, which "uses '/bin/sh' on Unix, and process.env.ComSpec on Windows" with
   * `/d /s /c` (Node's docs, child_process.spawn and "Default Windows shell"), so `npm test` finds
   * npm.cmd on Windows as in a terminal.
   */
  shell?: boolean;
  /**
   * Only the output's end is kept, in `combined`: both streams in arrival order, past
   * maxOutputChars its start dropped (a test run's summary is last, and a build's stderr noise
   * must not push the failing tests on stdout out of it).
   */
  keepTail?: boolean;
}

/** The answer for a git that was never started (each caller says why: missing, cancelled, no time left). */
export const gitNotRun: GitRun = Object.freeze({
  code: null,
  stdout: "",
  stderr: "",
  timedOut: false,
  missing: false,
  cancelled: false,
  outputCut: false,
});

const defaultMaxOutputChars = 8_000_000;
/** How long git's output may still arrive after it exited (its pipes held open by a hook's job). */
const drainMs = 500;
/** How long git has to remove its lock files and exit after SIGTERM, before SIGKILL. */
export const gitGraceMs = 2_000;

export function runGit(args: readonly string[], options: RunGitOptions): Promise<GitRun> {
  const platform = options.platform ?? process.platform;
  const max = options.maxOutputChars ?? defaultMaxOutputChars;
  const program =
    options.program ?? findGit(options.env, { platform, projectFolder: options.cwd, isProgram: options.isProgram });
  if (program === null) return Promise.resolve({ ...gitNotRun, missing: true });
  if (options.signal?.aborted) return Promise.resolve({ ...gitNotRun, cancelled: true });
  const { setTimeout, clearTimeout } = options.timers ?? globalThis;
  return new Promise((resolve) => {
    let stdout = "";
    let stderr = "";
    let combined = "";
    let timedOut = false;
    let cancelled = false;
    let outputCut = false;
    let settled = false;
    const finish = (run: Pick<GitRun, "code" | "missing">) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      clearTimeout(drain);
      options.signal?.removeEventListener("abort", cancel);
      options.running?.delete(end);
      if (recorded !== undefined && options.recordIn) clearProcessRecord(options.recordIn, recorded);
      resolve({ ...run, stdout, stderr, timedOut, cancelled, outputCut, ...(options.keepTail ? { combined } : {}) });
    };
    let child: ReturnType<typeof spawn>;
    try {
      child = spawn(program, [...args], {
        cwd: options.cwd,
        env: options.env,
        stdio: [options.input === undefined ? "ignore" : "pipe", "pipe", "pipe"],
        shell: options.shell === true,
        windowsHide: true,
        detached: platform !== "win32",
      });
    } catch (error) {
      // Node refuses some arguments before any process exists (a NUL byte: ERR_INVALID_ARG_VALUE):
      // an answer saying so, never a rejected promise the route would report as a crash.
      resolve({ ...gitNotRun, stderr: messageOf(error) });
      return;
    }
    options.adopt?.(child.pid);
    const recorded =
      options.recordIn && platform !== "win32" ? record(options.recordIn, child.pid, program) : undefined;
    const { stdout: out, stderr: err } = child as {
      stdout: NodeJS.ReadableStream & { destroy(): void };
      stderr: NodeJS.ReadableStream & { destroy(): void };
    };
    if (child.stdin) {
      child.stdin.on("error", () => undefined); // git that exits early closes the pipe: its exit code says why
      child.stdin.end(options.input);
    }
    out.setEncoding("utf8");
    err.setEncoding("utf8");
    if (options.keepTail) {
      const both = (chunk: string) => {
        if (combined.length + chunk.length > max) outputCut = true;
        combined = (combined + chunk).slice(-max);
      };
      out.on("data", both);
      err.on("data", both);
    } else {
      out.on("data", (chunk: string) => {
        if (stdout.length + chunk.length <= max) stdout += chunk;
        else {
          stdout += chunk.slice(0, Math.max(0, max - stdout.length));
          outputCut = true;
        }
      });
      err.on("data", (chunk: string) => {
        if (stderr.length < max) stderr += chunk;
      });
    }
    // The whole tree: an ssh that hangs on the network is git's child, a hook may start more.
    // SIGTERM first: git then removes its lock files (tempfile.c's remove_tempfiles_on_signal,
    // pushed for SIGTERM by sigchain_push_common), where SIGKILL left .git/index.lock behind and
    // every later commit failed on it. Windows has no SIGTERM for a console program: ended at once.
    const end = async () => {
      const pid = child.pid;
      if (pid === undefined || settled) return;
      const stopping: Promise<unknown> = options.alone
        ? endAlone(child)
        : terminateTree(pid, {
            ops: options.processOps ?? processOpsFor(platform),
            graceful: true,
            graceMs: gitGraceMs,
            forceWaitMs: gitStopWaitMs - gitGraceMs,
            processGroup: platform !== "win32",
          }).catch(() => undefined);
      // The answer waits gitStopWaitMs at most (the window's timeout counts on it): on Windows the
      // tree is listed and ended through PowerShell and taskkill, each allowed helperRunMs (20 s),
      // which go on past it; the backend's kill-on-close job (gitJob.ts) ends what is left with the
      // backend (review 13, R2).
      const stopClock: TimerOps = {
        setTimer: (callback, ms) => setTimeout(callback, ms),
        clearTimer: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
      };
      await withDeadline(stopping, gitStopWaitMs, () => undefined, stopClock).then(() => {
        // A process that left the tree (its own session) may still hold a pipe: stop waiting on it.
        out.destroy();
        err.destroy();
        finish({ code: null, missing: false });
      });
    };
    options.running?.add(end);
    const timer = setTimeout(() => {
      timedOut = true;
      void end();
    }, options.deadlineMs);
    const cancel = () => {
      if (settled || timedOut) return;
      cancelled = true;
      clearTimeout(timer);
      void end();
    };
    options.signal?.addEventListener("abort", cancel, { once: true });
    child.on("error", (error: NodeJS.ErrnoException) => finish({ code: null, missing: error.code === "ENOENT" }));
    // "close", not "exit": the output is complete only once both pipes have ended. A grandchild
    // that keeps a pipe open past the deadline is ended with the tree, which closes it.
    // Past the deadline only the end of the tree settles it: git's pipes may close while an ssh
    // it started is still being killed.
    child.on("close", (code) => {
      if (!timedOut && !cancelled) finish({ code, missing: false });
    });
    // A hook's background job (`make watch &`) inherits git's pipes and keeps them open after git
    // has exited: git's exit settles it, after a short wait for the output still in the pipes, so
    // the job is neither counted against git's deadline nor ended as a "timeout" (review 5, L10).
    // The deadline stops at git's exit: one that fell inside the drain reported a commit git had
    // made as timed out, and killed the hook's job (review 6, L4).
    let drain: ReturnType<typeof setTimeout> | undefined;
    child.on("exit", (code) => {
      if (timedOut || cancelled || settled) return;
      clearTimeout(timer);
      options.signal?.removeEventListener("abort", cancel); // what it wrote is answered, not cut short
      drain = setTimeout(() => {
        out.destroy();
        err.destroy();
        finish({ code, missing: false });
      }, drainMs);
    });
  });
}

/**
 * Ends one process and resolves once it has exited. SIGKILL: on Windows, where POSIX signals do not
 * exist, kill() ends the process "forcefully and abruptly (similar to 'SIGKILL')" whatever the
 * signal (Node's docs, subprocess.kill).
 */
function endAlone(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once("exit", () => resolve());
    child.kill("SIGKILL");
  });
}

/** Writes git's record; the pid recorded, or undefined when there is none (not started, or the write failed). */
function record(folder: string, pid: number | undefined, program: string): number | undefined {
  if (pid === undefined) return undefined;
  try {
    writeProcessRecord(folder, { pid, startedAt: Date.now(), binaryPath: program, backendPid: process.pid });
    return pid;
  } catch {
    return undefined; // a full disk: git still runs, only a crash's clean-up may miss it
  }
}

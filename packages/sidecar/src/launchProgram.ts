// Starts a program the user asked for ("Open in" an editor, a terminal) so that it lives on its own:
// detached, no pipes to us, not waited for, with the user's environment minus ours. Shared by the
// headless backend and the desktop's main process, which starts them on the worker's behalf: a
// process the worker starts on Windows is in the app's job and would die with the app (see
// apps/desktop/src/launchRequest.ts).
//
// Detached on Windows too, for the same reason one level down: libuv puts every child it starts
// without `detached` into a kill-on-close job of its own ("If the process isn't spawned as detached,
// assign to the global job object so windows will kill it when the parent process dies", libuv
// src/win/process.c), so an editor started without it would close with the process that started it.
//
// The answer says whether it started: `spawn` or `error` (ENOENT, EACCES) within a deadline, then a
// short look at an early exit, since a launcher that fails says so by exiting non-zero at once
// (xdg-open's 3 and 4, a VS Code CLI that cannot reach its app). A program still running then, or
// one that handed over and exited 0, is started.
import { type ChildProcess, spawn as nodeSpawn, type SpawnOptions } from "node:child_process";
import { lstat } from "node:fs/promises";
import { extname } from "node:path";
import { hiddenFromTools, type ProgramLaunch } from "@turnkey/contracts";
import { inheritableEnv } from "./sidecarProcessEnv.ts";

/**
 * Never handed to a program we start: what no tool may see (contracts' hiddenFromTools: the
 * sidecar's password…), its user name, and Electron's own switches, which would make an Electron
 * editor (VS Code, Cursor) run as plain Node or without its console.
 */
const notForPrograms = [
  ...hiddenFromTools,
  "OPENCODE_SERVER_USERNAME",
  "ELECTRON_RUN_AS_NODE",
  "ELECTRON_NO_ATTACH_CONSOLE",
  "ELECTRON_ENABLE_LOGGING",
];

/**
 * The user's environment as a program they start should see it: every TURNKEY_* variable and the
 * above left out, and the desktop's name as it was before Electron changed it on Linux (it sets
 * XDG_CURRENT_DESKTOP for its own tray and keeps the user's in ORIGINAL_XDG_CURRENT_DESKTOP).
 */
export function launchedProgramEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const hidden = new Set(notForPrograms);
  // Windows variable names ignore case: compared in upper case.
  const kept: NodeJS.ProcessEnv = Object.fromEntries(
    Object.entries(inheritableEnv(env)).filter(
      ([name, value]) => value !== undefined && !hidden.has(name.toUpperCase()),
    ),
  );
  const original = kept.ORIGINAL_XDG_CURRENT_DESKTOP;
  if (original !== undefined) {
    kept.XDG_CURRENT_DESKTOP = original;
    delete kept.ORIGINAL_XDG_CURRENT_DESKTOP;
  }
  return kept;
}

export class LaunchError extends Error {}

/**
 * How a folder the backend checked is shown, checked again just before: it must still be a folder
 * (not a file or a link the agent put in its place: opened, a file would be run, a .bat or a .lnk on
 * Windows). A macOS package (a folder named X.app, X.pkg…) is shown selected in its parent and never
 * opened: the Finder runs an app bundle it is asked to open, and one the agent wrote has no quarantine.
 */
export async function showableFolder(path: string, platform: NodeJS.Platform): Promise<"open" | "reveal"> {
  const info = await lstat(path).catch(() => null);
  if (info === null || !info.isDirectory())
    throw new LaunchError(`${path} is not a folder any more, so it was not opened.`);
  return platform === "darwin" && extname(path) !== "" ? "reveal" : "open";
}

export interface LaunchOptions {
  env: NodeJS.ProcessEnv;
  spawn?: (file: string, args: string[], options: SpawnOptions) => ChildProcess;
  /** How long a start may take to be reported (a first start scanned by an antivirus). */
  startDeadlineMs?: number;
  /** How long an exit still counts as the launch failing. */
  earlyExitMs?: number;
}

export async function launchProgram(program: ProgramLaunch, options: LaunchOptions): Promise<void> {
  const spawn = options.spawn ?? nodeSpawn;
  const name = program.file;
  // The folder it starts in (for a terminal, the folder it opens), checked again: still a folder.
  const cwd = await lstat(program.cwd).catch(() => null);
  if (cwd === null || !cwd.isDirectory())
    throw new LaunchError(`${program.cwd} is not a folder any more, so nothing was started.`);
  let child: ChildProcess;
  try {
    child = spawn(program.file, program.args, {
      cwd: program.cwd,
      env: launchedProgramEnv(options.env),
      detached: true,
      stdio: "ignore",
      // Only for cmd.exe's `start`: a detached console program still gets a console window (nodejs/
      // node#21825), while for a GUI program SW_HIDE would hide its first window ("For GUI processes,
      // the first time ShowWindow is called, its nCmdShow parameter is ignored; wShowWindow specifies
      // the default value", STARTUPINFOW's documentation).
      windowsHide: program.hideWindow === true,
      windowsVerbatimArguments: program.verbatim === true,
    });
  } catch (error) {
    throw new LaunchError(`${name} could not be started: ${(error as Error).message}.`);
  }
  // Node reports `spawn` or `error` on the loop's next turns; the deadline is a net, not an estimate.
  const startDeadlineMs = options.startDeadlineMs ?? 10_000;
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      done();
      child.unref(); // if it starts later, it is the user's; we stop waiting
      reject(new LaunchError(`${name} did not start within ${Math.round(startDeadlineMs / 1000)} s.`));
    }, startDeadlineMs);
    const onSpawn = () => {
      done();
      resolve();
    };
    const onError = (error: NodeJS.ErrnoException) => {
      done();
      reject(new LaunchError(startFailure(name, error)));
    };
    const done = () => {
      clearTimeout(timer);
      child.off("spawn", onSpawn);
      child.off("error", onError);
    };
    child.once("spawn", onSpawn);
    child.once("error", onError);
  });
  // A later error (one after the deadline) must not be an uncaught one in the app's main process.
  child.on("error", () => {});
  const earlyExitMs = options.earlyExitMs ?? 1_000;
  const exit = await new Promise<{ code: number | null; signal: string | null } | null>((resolve) => {
    const timer = setTimeout(() => {
      child.off("exit", onExit);
      resolve(null);
    }, earlyExitMs);
    const onExit = (code: number | null, signal: string | null) => {
      clearTimeout(timer);
      resolve({ code, signal });
    };
    child.once("exit", onExit);
  });
  // Not waited for any longer: the app's event loop may end without it.
  child.unref();
  if (exit === null || program.ignoreExitCode === true) return;
  if (exit.signal !== null) throw new LaunchError(`${name} was ended at once (${exit.signal}).`);
  if (exit.code !== 0)
    throw new LaunchError(
      `${name} stopped at once with exit code ${exit.code}; it may print why when run in a terminal.`,
    );
}

function startFailure(name: string, error: NodeJS.ErrnoException): string {
  if (error.code === "ENOENT") return `${name} is not there any more (it may have been uninstalled or moved).`;
  if (error.code === "EACCES") return `${name} may not be run (no permission to execute it).`;
  return `${name} could not be started: ${error.message}.`;
}

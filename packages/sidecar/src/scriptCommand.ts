// A Node script as the opencode program (the tests' fake sidecar, a user's wrapper) runs under the
// Node that runs the backend. Windows cannot start a script file at all (CreateProcess runs
// programs, not .mjs files: learn.microsoft.com/windows/win32/api/processthreadsapi/nf-processthreadsapi-createprocessw),
// and POSIX would otherwise need its mode bit and a shebang. Inside Electron the running binary is
// no plain Node (and the shipped app's runAsNode fuse is off), so a script is never run that way.

const script = /\.(mjs|cjs|js)$/i;

export interface NodeRuntime {
  execPath: string;
  /** process.versions.electron: set inside Electron, where execPath is the app itself. */
  electron?: string;
}

export const currentRuntime = (): NodeRuntime => ({ execPath: process.execPath, electron: process.versions.electron });

/** Whether `file` is a Node script this runtime can run. */
export function runsAsNodeScript(file: string, runtime: NodeRuntime = currentRuntime()): boolean {
  return script.test(file) && !runtime.electron;
}

/** The program and arguments that start `file` with `args`. */
export function commandFor(file: string, args: string[], runtime: NodeRuntime = currentRuntime()): [string, string[]] {
  return runsAsNodeScript(file, runtime) ? [runtime.execPath, [file, ...args]] : [file, args];
}

// The fake of Electron's utilityProcess for main-process tests, apart from the rest of the fake
// module (mocks/electron.ts) because it is the one piece that runs something real: a Node child
// with an IPC channel and process.parentPort (the shim), so the real backend worker runs.
import { type ChildProcess, fork as forkChild } from "node:child_process";
import { EventEmitter } from "node:events";
import type Electron from "electron";

// A URL, not a path: `--import` resolves its argument as a module specifier, and an absolute
// Windows path (D:\…) reads as a URL of scheme "d:", which Node's loader refuses
// (ERR_UNSUPPORTED_ESM_URL_SCHEME: "On Windows, absolute paths must be valid file:// URLs").
const parentPortShim = new URL("./parentPortShim.mjs", import.meta.url).href;

/**
 * Electron's UtilityProcess, over a Node child: the same events ('spawn', 'message', 'exit') and
 * nothing more; in particular no 'disconnect', which a UtilityProcess never emits.
 */
export class FakeUtilityProcess extends EventEmitter {
  constructor(readonly child: ChildProcess) {
    super();
    child.once("spawn", () => this.emit("spawn"));
    child.on("message", (message) => this.emit("message", message));
    child.once("exit", (code, signal) => this.emit("exit", code ?? (signal ? 1 : 0)));
  }
  get pid() {
    return this.child.exitCode === null && this.child.signalCode === null ? this.child.pid : undefined;
  }
  get stdout() {
    return this.child.stdout;
  }
  get stderr() {
    return this.child.stderr;
  }
  postMessage(message: unknown) {
    this.child.send(message as never);
  }
  /** POSIX: SIGTERM (the worker may clean up). Windows: TerminateProcess, at once, no handler runs. */
  kill() {
    return this.child.kill(utilityProcess.platform === "win32" ? "SIGKILL" : "SIGTERM");
  }
}
({}) as FakeUtilityProcess satisfies Pick<Electron.UtilityProcess, "pid" | "kill" | "postMessage">;

/** utilityProcess.fork → a Node child with an IPC channel and process.parentPort (the shim). */
export const utilityProcess = {
  children: [] as ChildProcess[],
  processes: [] as FakeUtilityProcess[],
  /** The platform modelled: set by resetFakeElectron. */
  platform: process.platform as NodeJS.Platform,
  reset(platform: NodeJS.Platform) {
    utilityProcess.platform = platform;
    utilityProcess.children = [];
    utilityProcess.processes = [];
  },
  fork(modulePath: string, args: string[] = [], options: Electron.ForkOptions = {}) {
    const out = options.stdio === "pipe" ? "pipe" : "inherit";
    const child = forkChild(modulePath, args, {
      env: options.env as NodeJS.ProcessEnv | undefined,
      execArgv: ["--import", parentPortShim],
      stdio: ["ignore", out, out, "ipc"],
    });
    utilityProcess.children.push(child);
    const wrapped = new FakeUtilityProcess(child);
    utilityProcess.processes.push(wrapped);
    return wrapped;
  },
};
utilityProcess.fork satisfies (modulePath: string, args?: string[], options?: Electron.ForkOptions) => unknown;

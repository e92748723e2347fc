// The supervisor's ties to the world, behind one interface so tests replace any of them: the
// clock and timers, binary resolution, spawning, health checks, dispose and tree kills.
import { type ChildProcess, spawn } from "node:child_process";
import { type HealthAnswer, loopbackRequest, probeHealth } from "./loopbackHttp.ts";
import { type ProcessOps, processOpsFor } from "./processTable.ts";
import { type BinaryLocatorOptions, type BinaryResolution, resolveOpencodeBinary } from "./resolveBinary.ts";
import { terminateTree } from "./terminateTree.ts";

export interface SupervisorDeps {
  now(): number;
  random(): number;
  setTimer(callback: () => void, ms: number): unknown;
  clearTimer(handle: unknown): void;
  resolveBinary(): Promise<BinaryResolution>;
  spawnProcess(file: string, args: string[], env: NodeJS.ProcessEnv, cwd: string | undefined): ChildProcess;
  probeHealth(url: string, password: string, timeoutMs: number): Promise<HealthAnswer>;
  /** Ask the server to release its resources before it is signalled. */
  requestDispose(url: string, password: string): Promise<void>;
  killTree(pid: number, graceful: boolean): Promise<{ survivors: number[] }>;
  processOps: ProcessOps;
}

export function defaultSupervisorDeps(options: {
  binary?: BinaryLocatorOptions;
  graceMs?: number;
  deps?: Partial<SupervisorDeps>;
}): SupervisorDeps {
  const processOps = options.deps?.processOps ?? processOpsFor();
  const graceMs = options.graceMs ?? 5_000;
  return {
    now: Date.now,
    random: Math.random,
    setTimer: (callback, ms) => setTimeout(callback, ms),
    clearTimer: (handle) => clearTimeout(handle as NodeJS.Timeout),
    resolveBinary: () => resolveOpencodeBinary(options.binary ?? {}),
    spawnProcess: (file, args, env, cwd) =>
      spawn(file, args, {
        cwd,
        env,
        stdio: ["ignore", "pipe", "pipe"],
        shell: false,
        windowsHide: true,
        // POSIX: its own process group, so the whole group can be signalled at stop.
        detached: process.platform !== "win32",
      }),
    probeHealth,
    requestDispose: async (url, password) => {
      await loopbackRequest(url, { path: "/global/dispose", method: "POST", password, timeoutMs: 1_000 }).catch(
        () => undefined,
      );
    },
    killTree: (pid, graceful) =>
      terminateTree(pid, { ops: processOps, graceful, graceMs, processGroup: processOps.platform !== "win32" }),
    processOps,
  };
}

// The supervisor's ties to the world, behind one interface so tests replace any of them: the
// clock and timers, preparing the binary, spawning, health checks, dispose and tree kills.
import { type ChildProcess, spawn } from "node:child_process";
import type { PreparingStatus } from "@turnkey/contracts";
import { systemTimers } from "./deadline.ts";
import { type HealthAnswer, loopbackRequest, probeHealth } from "./loopbackHttp.ts";
import { type ProcessOps, processOpsFor } from "./processTable.ts";
import { type BinaryLocatorOptions, type BinaryResolution, resolveOpencodeBinary } from "./resolveBinary.ts";
import { commandFor } from "./scriptCommand.ts";
import { clearStaleOpencodeLocks, opencodeLocksDir } from "./staleLocks.ts";
import { terminateTree } from "./terminateTree.ts";
import { treeMarkIn } from "./treeMark.ts";
import { type JobBinding, loadJobBinding, ProcessJob } from "./windowsJob.ts";

export interface SupervisorDeps {
  now(): number;
  random(): number;
  setTimer(callback: () => void, ms: number): unknown;
  clearTimer(handle: unknown): void;
  /**
   * The preparation step of each start attempt: find, install and verify OpenCode's program.
   * Runs before the startup timer, under its own limit (`prepareTimeoutMs`), and shows in the
   * status as `preparing` with what `onProgress` last said (a sentence, and 0..1 when known).
   * Expected failures resolve `{ok: false, error}` with a sentence for the user; an exception is
   * reported with its message as `prepare_failed`. `signal` aborts when the attempt is given up
   * (stop, restart, the limit): stop working then; a late result is ignored either way.
   */
  prepareBinary(signal: AbortSignal, onProgress: (progress: PreparingStatus) => void): Promise<BinaryResolution>;
  spawnProcess(file: string, args: string[], env: NodeJS.ProcessEnv, cwd: string | undefined): ChildProcess;
  /** Never throws; `signal` ends the wait early (a stop while starting). */
  probeHealth(url: string, password: string, timeoutMs: number, signal?: AbortSignal): Promise<HealthAnswer>;
  /** Ask the server to release its resources before it is signalled. */
  requestDispose(url: string, password: string): Promise<void>;
  /** Ends the tree within `graceMs` + `forceWaitMs`; the supervisor gives up on it a little later. */
  killTree(pid: number, graceful: boolean): Promise<{ survivors: number[] }>;
  processOps: ProcessOps;
}

/** How long a forced kill may take to show before the processes are reported as survivors. */
export const forceWaitMs = 3_000;
export const disposeTimeoutMs = 1_000;

export function defaultSupervisorDeps(options: {
  binary?: BinaryLocatorOptions;
  graceMs?: number;
  deps?: Partial<SupervisorDeps>;
  /** Windows job objects (default: koffi on Windows, none elsewhere; null turns them off). */
  jobBinding?: Promise<JobBinding | null>;
}): SupervisorDeps {
  const processOps = options.deps?.processOps ?? processOpsFor();
  const graceMs = options.graceMs ?? 5_000;
  // Windows: each sidecar gets its own kill-on-close job, held by this backend, so the tree dies
  // with the backend however it dies (the headless one too), and Stop ends it with one call.
  const jobs = new Map<number, ProcessJob>();
  const marks = new Map<number, string>();
  let binding: JobBinding | null = null;
  const bindingReady = (options.jobBinding ?? loadJobBinding(processOps.platform)).then((b) => {
    binding = b;
  });
  const binary = options.binary ?? {};
  return {
    now: Date.now,
    random: Math.random,
    ...systemTimers,
    prepareBinary: async () => {
      await bindingReady;
      return resolveOpencodeBinary(binary);
    },
    spawnProcess: (file, args, env, cwd) => {
      clearStaleOpencodeLocks(opencodeLocksDir(env), { isAlive: processOps.isAlive });
      const [command, commandArgs] = commandFor(file, args);
      const mark = treeMarkIn(env);
      const child = spawn(command, commandArgs, {
        cwd,
        env,
        stdio: ["ignore", "pipe", "pipe"],
        shell: false,
        windowsHide: true,
        // POSIX: its own process group, so the whole group can be signalled at stop.
        detached: process.platform !== "win32",
      });
      if (mark && child.pid !== undefined) marks.set(child.pid, mark);
      if (binding && child.pid !== undefined) {
        try {
          const job = ProcessJob.create(binding);
          job.adopt(child.pid);
          jobs.set(child.pid, job);
        } catch {
          // No job (e.g. the pid already exited): Stop lists the tree instead.
        }
      }
      return child;
    },
    probeHealth,
    requestDispose: async (url, password) => {
      await loopbackRequest(url, {
        path: "/global/dispose",
        method: "POST",
        password,
        timeoutMs: disposeTimeoutMs,
      }).catch(() => undefined);
    },
    killTree: async (pid, graceful) => {
      const job = jobs.get(pid) ?? null;
      const mark = marks.get(pid);
      try {
        return await terminateTree(pid, {
          ops: processOps,
          graceful,
          graceMs,
          forceWaitMs,
          processGroup: processOps.platform !== "win32",
          ...(mark ? { mark } : {}),
          job,
        });
      } finally {
        job?.close();
        jobs.delete(pid);
        marks.delete(pid);
      }
    },
    processOps,
  };
}

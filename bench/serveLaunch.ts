// Bench 9's launchers, shared by its start half (headlessStart.ts) and its memory half
// (idleMemory.ts): `npm run serve` as a person types it, the desktop's forked worker bundle, and
// the /proc readings both halves take of what they started.
import { type ChildProcess, fork, spawn } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { type Subscription, subscribeEvents } from "@turnkey/client";
import type { SidecarStatus } from "@turnkey/contracts";
import { signalZeroAlive } from "@turnkey/sidecar";
import { workerBundle } from "../scripts/buildDesktop.ts";
import { type BenchContext, bootWorker, workerEnv } from "./context.ts";

const repo = join(import.meta.dirname, "..");

export interface Started {
  /** Command → OpenCode running. */
  runningAfterMs: number;
  backendPid: number;
  sidecarPid: number;
  close(): Promise<void>;
}

export function rssMiB(pid: number): number {
  return memoryMiB(pid).rss;
}

/** RSS, and its anonymous (heap, malloc, stacks) and file-backed (the `node` binary's pages) parts. */
export function memoryMiB(pid: number): { rss: number; anon: number; file: number } {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kib = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1]) / 1024;
  return { rss: kib("VmRSS"), anon: kib("RssAnon"), file: kib("RssFile") };
}

export async function untilGone(pids: number[], timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (pids.some(signalZeroAlive)) {
    if (Date.now() > deadline) throw new Error(`processes ${pids.filter(signalZeroAlive)} outlived the benchmark`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Reads "opencode: running (pid N, …)" from a CLI's stderr, and the login URL from its stdout. */
export function whenRunning(
  child: ChildProcess,
  started: number,
): Promise<{ at: number; sidecarPid: number; url: string }> {
  return new Promise((resolve, reject) => {
    let out = "";
    let err = "";
    let url: string | null = null;
    child.stdout!.on("data", (chunk) => {
      out += chunk;
      url ??= /ready at (\S+)/.exec(out)?.[1] ?? null;
    });
    child.stderr!.on("data", (chunk) => {
      err += chunk;
      const hit = /opencode: running \(pid (\d+)/.exec(err);
      if (hit) resolve({ at: performance.now() - started, sidecarPid: Number(hit[1]), url: url ?? "" });
    });
    child.once("exit", (code) => reject(new Error(`serve exited (${code}) before running: ${err.slice(-500)}`)));
    setTimeout(() => reject(new Error(`serve did not run OpenCode within 60 s: ${err.slice(-500)}`)), 60_000).unref();
  });
}

/**
 * The backend is the sidecar's parent (it spawns opencode itself, with no shell between). Read
 * from /proc rather than asked of the backend: an answer as big as diagnostics (which runs the
 * doctor) left ~1 MB and a few MB of transient heap in the backend whose idle memory is measured.
 */
function parentPid(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
}

function cliArgs(ctx: BenchContext): string[] {
  const dataDir = mkdtempSync(join(ctx.root, "serve-"));
  return ["--port", "0", "--data-dir", dataDir, "--profile", "inherit", "--opencode-config", ctx.configFile];
}

/** `npm run serve`, exactly as a person types it, in its own process group. */
export async function startServe(
  ctx: BenchContext,
  command: string[] = ["npm", "run", "--silent", "serve", "--"],
): Promise<Started> {
  const started = performance.now();
  const [file, ...args] = command;
  const child = spawn(file!, [...args, ...cliArgs(ctx), "--workdir", ctx.root], {
    cwd: repo,
    env: { ...process.env, ...ctx.env },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  let running: Awaited<ReturnType<typeof whenRunning>>;
  let backendPid: number;
  try {
    running = await whenRunning(child, started);
    backendPid = parentPid(running.sidecarPid);
  } catch (error) {
    // A benchmark that fails must not leave its own `npm run serve` (and opencode) running.
    process.kill(-child.pid!, "SIGTERM"); // the backend stops opencode, which leads its own group
    throw error;
  }
  return {
    runningAfterMs: running.at,
    backendPid,
    sidecarPid: running.sidecarPid,
    async close() {
      process.kill(-child.pid!, "SIGTERM");
      await untilGone([backendPid, running.sidecarPid, child.pid!]);
    },
  };
}

/**
 * The desktop's backend: the bundled worker, forked as utilityProcess does, with autostart. It
 * learns "running" as the tray does, from the pushed status events: polling /api/status every few
 * ms would spend CPU in both processes while opencode starts on the same cores.
 */
export async function startWorker(ctx: BenchContext): Promise<Started> {
  const started = performance.now();
  const worker = fork(workerBundle, [], {
    execArgv: [],
    env: workerEnv(ctx),
    stdio: ["ignore", "ignore", "pipe", "ipc"],
  });
  const token = "w".repeat(43);
  const port = await bootWorker(worker, token);
  let events: Subscription | null = null;
  let timer: NodeJS.Timeout | undefined;
  const status = await new Promise<SidecarStatus>((resolve, reject) => {
    timer = setTimeout(() => reject(new Error("the worker's sidecar did not run within 60 s")), 60_000);
    events = subscribeEvents({
      baseUrl: `http://127.0.0.1:${port}`,
      token,
      projects: ["none"],
      onEvent: (event) => {
        if (event.event !== "status") return;
        if (event.data.state === "running") resolve(event.data);
        if (event.data.state === "failed") reject(new Error("the worker's sidecar failed"));
      },
    });
    worker.once("exit", (code) => reject(new Error(`the worker exited (${code}) before running`)));
  })
    .catch((error: unknown) => {
      worker.kill("SIGTERM"); // it stops its own opencode; a failed run must not leave either behind
      throw error;
    })
    .finally(() => {
      clearTimeout(timer);
      (events as Subscription | null)?.close();
    });
  const runningAfterMs = performance.now() - started;
  const sidecarPid = status.pid ?? 0;
  return {
    runningAfterMs,
    backendPid: worker.pid!,
    sidecarPid,
    async close() {
      worker.kill("SIGTERM");
      await untilGone([worker.pid!, sidecarPid]);
    },
  };
}

// 9. Headless runs what the desktop runs: `npm run serve` (the built backend bundle) from the
// command to OpenCode running, against a raw opencode start and against the desktop's own path
// (the bundled worker forked with autostart), alternating; then the backend's RSS, idle with the
// sidecar running, against a bare Node process and the same backend under tsx, side by side.
import { type ChildProcess, fork, spawn } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { signalZeroAlive } from "@turnkey/sidecar";
import { buildBackendCli } from "../scripts/buildBackend.ts";
import { buildDesktop, workerBundle } from "../scripts/buildDesktop.ts";
import { type BenchContext, type BenchResult, bootWorker, spawnRawOpencode, untilIdle, workerEnv } from "./context.ts";
import { ms, round, summarize } from "./stats.ts";

const repo = join(import.meta.dirname, "..");

interface Started {
  /** Command → OpenCode running. */
  runningAfterMs: number;
  backendPid: number;
  sidecarPid: number;
  close(): Promise<void>;
}

function rssMiB(pid: number): number {
  return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1]) / 1024;
}

async function untilGone(pids: number[], timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (pids.some(signalZeroAlive)) {
    if (Date.now() > deadline) throw new Error(`processes ${pids.filter(signalZeroAlive)} outlived the benchmark`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Reads "opencode: running (pid N, …)" from a CLI's stderr; the backend pid from diagnostics. */
function whenRunning(child: ChildProcess, started: number): Promise<{ at: number; sidecarPid: number; url: string }> {
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

async function backendPidOf(url: string): Promise<number> {
  const base = new URL(url);
  // The ready line carries the token in the fragment (#token=…), or in an older build the query.
  const token = new URLSearchParams(base.hash.slice(1)).get("token") ?? base.searchParams.get("token") ?? "";
  const res = await fetch(`${base.origin}/api/diagnostics`, { headers: { authorization: `Bearer ${token}` } });
  return ((await res.json()) as { backend: { pid: number } }).backend.pid;
}

function cliArgs(ctx: BenchContext): string[] {
  const dataDir = mkdtempSync(join(ctx.root, "serve-"));
  return ["--port", "0", "--data-dir", dataDir, "--profile", "inherit", "--opencode-config", ctx.configFile];
}

/** `npm run serve`, exactly as a person types it, in its own process group. */
async function startServe(ctx: BenchContext, command: string[] = ["npm", "run", "--silent", "serve", "--"]) {
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
    backendPid = await backendPidOf(running.url);
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
  } satisfies Started;
}

/** The desktop's backend: the bundled worker, forked as utilityProcess does, with autostart. */
async function startWorker(ctx: BenchContext): Promise<Started> {
  const started = performance.now();
  const worker = fork(workerBundle, [], {
    execArgv: [],
    env: workerEnv(ctx),
    stdio: ["ignore", "ignore", "pipe", "ipc"],
  });
  const port = await bootWorker(worker, "w".repeat(43));
  const headers = { authorization: `Bearer ${"w".repeat(43)}` };
  let status = { state: "", pid: 0 };
  while (status.state !== "running") {
    await new Promise((r) => setTimeout(r, 5));
    status = (await (await fetch(`http://127.0.0.1:${port}/api/status`, { headers })).json()) as typeof status;
    if (status.state === "failed") throw new Error("the worker's sidecar failed");
  }
  const runningAfterMs = performance.now() - started;
  return {
    runningAfterMs,
    backendPid: worker.pid!,
    sidecarPid: status.pid,
    async close() {
      worker.kill("SIGTERM");
      await untilGone([worker.pid!, status.pid]);
    },
  };
}

export async function benchServe(ctx: BenchContext, runs: number, idleSeconds: number): Promise<BenchResult> {
  await buildBackendCli(); // what `npm run serve` would otherwise build on its first run
  await buildDesktop();
  const serve: number[] = [];
  const worker: number[] = [];
  const raw: number[] = [];
  for (let i = -1; i < runs; i++) {
    // i = -1 warms the disk cache and opencode's own caches; not counted.
    const a = await startServe(ctx);
    await a.close();
    const b = await startWorker(ctx);
    await b.close();
    const c = await spawnRawOpencode(ctx);
    await c.close("SIGKILL");
    if (i < 0) continue;
    serve.push(a.runningAfterMs);
    worker.push(b.runningAfterMs);
    raw.push(c.healthyAfterMs);
  }

  // Idle memory, side by side: the bundle, the same backend under tsx, and Node doing nothing.
  const bundle = await startServe(ctx);
  const tsx = await startServe(ctx, [process.execPath, "--import", "tsx", "apps/backend/src/cli.ts"]);
  const bare = spawn(process.execPath, ["-e", "setInterval(() => {}, 1000)"], { stdio: "ignore" });
  const samples = { bundle: [] as number[], tsx: [] as number[], bare: [] as number[] };
  try {
    await untilIdle(bundle.sidecarPid);
    await untilIdle(tsx.sidecarPid);
    for (let i = 0; i < idleSeconds; i++) {
      await new Promise((r) => setTimeout(r, 1000));
      samples.bundle.push(rssMiB(bundle.backendPid));
      samples.tsx.push(rssMiB(tsx.backendPid));
      samples.bare.push(rssMiB(bare.pid!));
    }
  } finally {
    bare.kill();
    await bundle.close();
    await tsx.close();
  }

  const serveS = summarize(serve);
  const workerS = summarize(worker);
  const rawS = summarize(raw);
  const extra = round(serveS.median - rawS.median, 0);
  const workerExtra = round(workerS.median - rawS.median, 0);
  const rss = { bundle: summarize(samples.bundle), tsx: summarize(samples.tsx), bare: summarize(samples.bare) };
  const mb = (s: { median: number; max: number }) => `${round(s.median)} MB median, ${round(s.max)} MB max`;
  return {
    name: "9. Headless start and idle memory",
    rows: [
      { metric: "`npm run serve` → OpenCode running", value: ms(serveS) },
      { metric: "desktop worker bundle: fork → running", value: ms(workerS) },
      { metric: "raw opencode: spawn → healthy", value: ms(rawS) },
      { metric: "extra over raw (serve; worker)", value: `+${extra} ms; +${workerExtra} ms` },
      { metric: `backend RSS, idle ${idleSeconds} s (the bundle)`, value: mb(rss.bundle) },
      { metric: "same backend under tsx (the old `npm run serve`)", value: mb(rss.tsx) },
      { metric: "bare Node process", value: mb(rss.bare) },
    ],
    goal: "serve ≤ raw + 500 ms; idle RSS ≤ 60 MB",
    met: extra <= 500 && rss.bundle.max <= 60,
    raw: { serve: serveS, worker: workerS, raw: rawS, extra, workerExtra, rss },
  };
}

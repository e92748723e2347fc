// What every benchmark shares: the stub provider, an isolated opencode environment, and
// backends started in-process against the real opencode binary.
import { type ChildProcess, fork, spawn } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createTurnkeyClient, type TurnkeyClient } from "@turnkey/client";
import type { SidecarStatus } from "@turnkey/contracts";
import { basicAuthHeader, generateSidecarPassword, parseListeningLine, resolveOpencodeBinary } from "@turnkey/sidecar";
import { type Backend, type BackendOptions, startBackend } from "../apps/backend/src/startBackend.ts";
import { type StubProvider, startStubProvider } from "../apps/backend/test/stubProvider.ts";
import { isolatedOpencodeEnv } from "../packages/sidecar/test/isolatedHome.ts";
import { buildDesktop, workerBundle } from "../scripts/buildDesktop.ts";

export interface BenchContext {
  root: string;
  env: Record<string, string>;
  stub: StubProvider;
  configFile: string;
  backend(options?: Partial<BackendOptions>): Promise<{ backend: Backend; client: TurnkeyClient }>;
  close(): Promise<void>;
}

export interface BenchResult {
  name: string;
  rows: { metric: string; value: string }[];
  goal: string;
  met: boolean | null;
  raw: Record<string, unknown>;
}

export async function createContext(): Promise<BenchContext> {
  const root = mkdtempSync(join(tmpdir(), "turnkey-bench-"));
  // The full model catalogue: the bench measures what a user's opencode does.
  const env = isolatedOpencodeEnv(root, { fullCatalogue: true });
  const stub = await startStubProvider();
  const configFile = stub.writeOpencodeConfig(root, { permission: {} });
  const started: Backend[] = [];
  return {
    root,
    env,
    stub,
    configFile,
    async backend(options = {}) {
      const backend = await startBackend({
        dataDir: mkdtempSync(join(root, "data-")),
        workdir: root,
        uiDir: null,
        autostart: false,
        // Same config folders as a raw opencode with this env: a fair comparison.
        profile: "inherit",
        opencodeConfig: configFile,
        ...options,
        supervisor: { env, ...options.supervisor },
      });
      started.push(backend);
      return { backend, client: createTurnkeyClient({ baseUrl: backend.url, token: backend.token }) };
    },
    async close() {
      for (const backend of started) await backend.close();
      await stub.close();
      rmSync(root, { recursive: true, force: true });
    },
  };
}

/** Resolves with the first status the supervisor reports that satisfies `predicate`. */
export function nextStatus(backend: Backend, predicate: (s: SidecarStatus) => boolean): Promise<SidecarStatus> {
  return new Promise((resolve) => {
    const off = backend.supervisor.onStatus((status) => {
      if (!predicate(status)) return;
      off();
      resolve(status);
    });
  });
}

/**
 * The backend in a process of its own, as the desktop runs it (the bundled worker), so a
 * benchmark's load generator never shares its event loop.
 */
export async function forkBackend(ctx: BenchContext) {
  await buildDesktop(); // under a second, and a stale bundle would measure old code
  const token = "b".repeat(43);
  const worker = fork(workerBundle, [], {
    // Not the benchmark's own flags (--import tsx): Electron's utilityProcess inherits none.
    execArgv: process.env.BENCH_WORKER_PROFILE
      ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_WORKER_PROFILE}`]
      : [],
    env: workerEnv(ctx),
    stdio: ["ignore", "ignore", "inherit", "ipc"],
  });
  const port = await bootWorker(worker, token);
  const client = createTurnkeyClient({ baseUrl: `http://127.0.0.1:${port}`, token });
  const status = await client.start();
  if (status.state !== "running") throw new Error(`the worker's sidecar is ${status.state}`);
  await untilIdle(status.pid!);
  return {
    pid: worker.pid!,
    port,
    token,
    client,
    async close() {
      const exited = new Promise((r) => worker.once("exit", r));
      worker.kill("SIGTERM");
      await exited;
    },
  };
}

/**
 * Hands the worker its launch token as main does (the first message, never the environment) and
 * resolves with the port of its "ready" message.
 */
export function bootWorker(worker: ChildProcess, token: string): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    worker.on("message", (m: { type?: string; port?: number; message?: string }) => {
      if (m.type === "ready" && typeof m.port === "number") resolve(m.port);
      if (m.type === "failed") reject(new Error(`the backend worker failed: ${m.message}`));
    });
    worker.send({ type: "bootstrap", token });
  });
}

/** What the desktop hands its worker, pointed at the benchmark's opencode config and folders. */
export function workerEnv(ctx: BenchContext): NodeJS.ProcessEnv {
  return {
    ...process.env,
    ...ctx.env,
    TURNKEY_DATA_DIR: mkdtempSync(join(ctx.root, "worker-")),
    TURNKEY_OPENCODE_CONFIG: ctx.configFile,
    TURNKEY_PROFILE: "inherit",
    TURNKEY_WORKDIR: ctx.root,
  };
}

/** CPU ticks (user + system) a process has used, from /proc. */
export function cpuTicks(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return Number(fields[11]) + Number(fields[12]);
}

/** CPU time (ms) every thread of a process has used so far, to the nanosecond (schedstat); 0 once it is gone. */
export function cpuMs(pid: number | null): number {
  if (pid === null) return 0;
  try {
    let ns = 0;
    for (const task of readdirSync(`/proc/${pid}/task`)) {
      ns += Number(readFileSync(`/proc/${pid}/task/${task}/schedstat`, "utf8").split(" ")[0]);
    }
    return ns / 1e6;
  } catch {
    return 0; // a thread ended between the listing and the read: that turn's figure is lost
  }
}

/**
 * Waits until a process uses under 5 % of a core over a second: opencode spends its first
 * seconds loading plugins and catalogues, and on two cores that would be measured as ours.
 */
export async function untilIdle(pid: number, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const before = cpuTicks(pid);
    await new Promise((r) => setTimeout(r, 1000));
    if (cpuTicks(pid) - before < 5) return; // 5 ticks of 100 per second
  }
}

export interface RawOpencode {
  child: ChildProcess;
  url: string;
  password: string;
  /** Spawn → answering /global/health with auth. */
  healthyAfterMs: number;
  /** Signals it and resolves with the time until its exit event. */
  close(signal?: NodeJS.Signals): Promise<number>;
}

/**
 * `opencode serve` as a user would run it by hand, with the benchmark's environment and config:
 * the baseline the managed sidecar is compared with. Health is polled every `healthPollMs`.
 */
export async function spawnRawOpencode(ctx: BenchContext, healthPollMs = 5): Promise<RawOpencode> {
  const binary = await resolveOpencodeBinary({ nodeModulesFrom: process.cwd() });
  if (!binary.ok) throw new Error(binary.error.message);
  const password = generateSidecarPassword();
  const started = performance.now();
  const child = spawn(binary.path, ["serve", "--hostname", "127.0.0.1", "--port", "0"], {
    cwd: ctx.root,
    env: {
      ...process.env,
      ...ctx.env,
      OPENCODE_SERVER_PASSWORD: password,
      OPENCODE_CONFIG_CONTENT: readFileSync(ctx.configFile, "utf8"),
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = "";
    let err = "";
    child.stderr!.on("data", (chunk) => (err += chunk));
    child.stdout!.on("data", (chunk) => {
      out += chunk;
      for (const line of out.split("\n")) {
        const hit = parseListeningLine(line);
        if (hit) resolve(hit.url);
      }
    });
    child.once("exit", (code) =>
      reject(new Error(`raw opencode exited (${code}) before listening: ${err.slice(-500)}`)),
    );
    setTimeout(() => reject(new Error(`raw opencode did not listen within 30 s: ${err.slice(-500)}`)), 30_000).unref();
  });
  const auth = { authorization: basicAuthHeader(password) };
  while (
    !(await fetch(`${url}/global/health`, { headers: auth }).then(
      (r) => r.ok,
      () => false,
    ))
  ) {
    await new Promise((r) => setTimeout(r, healthPollMs));
  }
  const healthyAfterMs = performance.now() - started;
  return {
    child,
    url,
    password,
    healthyAfterMs,
    async close(signal = "SIGTERM") {
      const exited = new Promise<number>((resolve) => child.once("exit", () => resolve(performance.now())));
      const sent = performance.now();
      child.kill(signal);
      return (await exited) - sent;
    },
  };
}

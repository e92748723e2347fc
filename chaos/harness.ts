// Shared by the chaos suite: its settings (short by default, long on demand), figures that each
// test records for the README, and process-table sampling.
import { spawn } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { descendantsOf, processOpsFor } from "@turnkey/sidecar";

export const settings = {
  /** SIGKILL cycles on the fake sidecar, and on the real opencode. */
  fakeCycles: Number(process.env.CHAOS_CYCLES ?? 20),
  realCycles: Number(process.env.CHAOS_REAL_CYCLES ?? 5),
  fuzzRuns: Number(process.env.CHAOS_FUZZ_RUNS ?? 2000),
  concurrentRequests: Number(process.env.CHAOS_CONCURRENT ?? 200),
};

export const ops = processOpsFor();
const figuresFile = join(import.meta.dirname, "..", "test-artifacts", "chaos.json");

/** Adds figures to test-artifacts/chaos.json (each test file writes its own section). */
export function recordFigures(section: string, figures: Record<string, unknown>): void {
  mkdirSync(join(figuresFile, ".."), { recursive: true });
  let all: Record<string, unknown> = {};
  try {
    all = JSON.parse(readFileSync(figuresFile, "utf8"));
  } catch {
    // first section of this run
  }
  all[section] = { ...figures, at: new Date().toISOString() };
  writeFileSync(figuresFile, `${JSON.stringify(all, null, 2)}\n`);
}

/** Every live process whose command line contains `needle`. */
export async function processesMatching(needle: string): Promise<number[]> {
  const found: number[] = [];
  for (const { pid } of await ops.list()) {
    if (pid === process.pid) continue;
    const line = await ops.commandLine(pid);
    if (line?.includes(needle)) found.push(pid);
  }
  return found;
}

/** A pid and everything under it, as of now. */
export async function treeOf(pid: number): Promise<number[]> {
  return [pid, ...descendantsOf(await ops.list(), pid)];
}

export function openFds(pid: number | "self" = "self"): number {
  return readdirSync(`/proc/${pid}/fd`).length;
}

/**
 * This process's heap in use after a forced full collection (run with --expose-gc, as the chaos
 * config does): what is still reachable, not garbage that V8 has not collected yet.
 */
export function heapUsedMiB(): number {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error("Run with node --expose-gc (vitest.chaos.config.ts sets it) to measure the heap.");
  gc();
  gc(); // a second pass collects what the first one's finalizers released
  return Math.round((process.memoryUsage().heapUsed / 2 ** 20) * 10) / 10;
}

/**
 * Where this process's memory is, after a forced collection: the JS heap in use and reserved,
 * memory outside it that JS objects hold (external, of which ArrayBuffers), and the resident
 * total. RSS can grow while the heap stays flat: then `heapTotal` (pages V8 keeps) or native
 * memory (`rss` minus the rest) is what grew.
 */
export function memorySample(): {
  rss: number;
  heapUsed: number;
  heapTotal: number;
  external: number;
  arrayBuffers: number;
} {
  const heapUsed = heapUsedMiB(); // forces the collection first
  const usage = process.memoryUsage();
  const mib = (bytes: number) => Math.round((bytes / 2 ** 20) * 10) / 10;
  return {
    rss: rssMiB(),
    heapUsed,
    heapTotal: mib(usage.heapTotal),
    external: mib(usage.external),
    arrayBuffers: mib(usage.arrayBuffers),
  };
}

export function rssMiB(pid: number | "self" = "self"): number {
  const kib = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1]);
  return Math.round((kib / 1024) * 10) / 10;
}

/**
 * Counts, as often as it can, the live processes whose command line contains `needle`, in a
 * process of its own, so a saturated event loop here cannot thin out the samples; `seen` lists
 * the matches (pid:state/ppid) at the worst moment. Linux only.
 */
export async function sampleProcessTable(needle: string) {
  // Matches from before the sampling (strays of another run) are not ours to count.
  const exclude = (await processesMatching(needle)).join(",");
  const code = `
    const fs = require("node:fs");
    let worst = 0, samples = 0, running = true, seen = [];
    const before = new Set(process.env.EXCLUDE.split(",").filter(Boolean));
    process.stdin.on("data", () => { running = false; });
    const tick = () => {
      let count = 0;
      const now = [];
      for (const name of fs.readdirSync("/proc")) {
        if (!/^\\d+$/.test(name) || before.has(name)) continue;
        try {
          const stat = fs.readFileSync("/proc/" + name + "/stat", "utf8");
          if (stat.slice(stat.lastIndexOf(")") + 2)[0] === "Z") continue;
          if (fs.readFileSync("/proc/" + name + "/cmdline", "utf8").split("\\0").join(" ").includes(process.env.NEEDLE)) {
            count++;
            now.push(name + ":" + stat.slice(stat.lastIndexOf(")") + 2).split(" ").slice(0, 2).join("/"));
          }
        } catch {}
      }
      if (count > worst) seen = now;
      worst = Math.max(worst, count); samples++;
      if (running) setImmediate(tick);
      else process.stdout.write(JSON.stringify({ worst, samples, seen }), () => process.exit(0));
    };
    tick();`;
  const child = spawn(process.execPath, ["-e", code], {
    env: { ...process.env, NEEDLE: needle, EXCLUDE: exclude },
    stdio: ["pipe", "pipe", "inherit"],
  });
  let out = "";
  child.stdout.on("data", (chunk) => (out += chunk));
  const done = new Promise<{ worst: number; samples: number; seen: string[] }>((resolve) =>
    child.on("close", () => resolve(JSON.parse(out))),
  );
  return {
    stop() {
      child.stdin.end("stop\n");
      return done;
    },
  };
}

// Bench 9, memory half: the backend's RSS with the sidecar running, against a bare Node process
// and the same backend under tsx, side by side. The goal counts every sample of every run from
// the moment OpenCode is running (the first one taken then), not only once things have settled:
// a backend is started afresh for each run, because how far V8 and malloc grew while it loaded
// differs from start to start, and a single run can hide a high one. The samples after the
// sidecar has gone idle are reported apart, for comparison with earlier rounds.
import { spawn } from "node:child_process";
import { type BenchContext, untilIdle } from "./context.ts";
import { memoryMiB, rssMiB, startServe } from "./serveLaunch.ts";
import { round, type Summary, summarize } from "./stats.ts";

const limitMiB = 60;

interface Sample {
  /** Seconds since OpenCode was running. */
  at: number;
  rss: number;
  anon: number;
  file: number;
}

async function sleep(ms: number): Promise<void> {
  await new Promise((r) => setTimeout(r, ms));
}

/**
 * Samples `pid` now and then once a second until stopped. A failed reading (the backend gone)
 * stops the sampling and is thrown by `check`, not from the timer, so the run still cleans up.
 */
function sampleEverySecond(pid: number) {
  const started = performance.now();
  const samples: Sample[] = [];
  let failure: unknown = null;
  let timer: NodeJS.Timeout | undefined;
  const take = () => {
    try {
      samples.push({ at: (performance.now() - started) / 1000, ...memoryMiB(pid) });
    } catch (error) {
      failure ??= error;
      clearInterval(timer);
    }
  };
  take();
  timer = setInterval(take, 1000);
  return {
    samples,
    stop: () => clearInterval(timer),
    check: () => {
      if (failure) throw failure;
    },
  };
}

/**
 * One run: `npm run serve`, sampled from the moment OpenCode runs until it has been idle for
 * `idleSeconds` (with the references, sampled in that idle window, on the first run).
 */
async function idleRun(ctx: BenchContext, idleSeconds: number, withReferences: boolean) {
  const bundle = await startServe(ctx);
  const fromRunning = sampleEverySecond(bundle.backendPid);
  const tsx = withReferences
    ? await startServe(ctx, [process.execPath, "--import", "tsx", "apps/backend/src/cli.ts"])
    : null;
  const bare = withReferences
    ? spawn(process.execPath, ["-e", "setInterval(() => {}, 1000)"], { stdio: "ignore" })
    : null;
  const references = { tsx: [] as number[], bare: [] as number[] };
  try {
    await untilIdle(bundle.sidecarPid);
    const idleFrom = fromRunning.samples.length;
    if (tsx) await untilIdle(tsx.sidecarPid);
    for (let i = 0; i < idleSeconds; i++) {
      await sleep(1000);
      if (tsx) references.tsx.push(rssMiB(tsx.backendPid));
      if (bare) references.bare.push(rssMiB(bare.pid!));
    }
    while (fromRunning.samples.length < idleFrom + idleSeconds) {
      fromRunning.check();
      await sleep(100);
    }
    fromRunning.stop();
    fromRunning.check();
    const all = fromRunning.samples;
    return { all, idle: all.slice(idleFrom, idleFrom + idleSeconds), references };
  } finally {
    fromRunning.stop();
    bare?.kill();
    await bundle.close();
    await tsx?.close();
  }
}

/** The highest sample of a run, where it fell and what it was made of. */
function highest(samples: Sample[]): Sample {
  return samples.reduce((high, s) => (s.rss > high.rss ? s : high));
}

export async function measureIdleMemory(ctx: BenchContext, idleSeconds: number, runs = 1) {
  const all: Sample[][] = [];
  const idle: Summary[] = [];
  let references = { tsx: [] as number[], bare: [] as number[] };
  for (let i = 0; i < runs; i++) {
    const run = await idleRun(ctx, idleSeconds, i === 0);
    all.push(run.all);
    idle.push(summarize(run.idle.map((s) => s.rss)));
    if (i === 0) references = run.references;
  }
  const rss = { tsx: summarize(references.tsx), bare: summarize(references.bare) };
  const mb = (s: Summary) => `${round(s.median)} MB median, ${round(s.max)} MB max`;
  const everySample = all
    .map((samples) => {
      const high = highest(samples);
      const median = summarize(samples.map((s) => s.rss)).median;
      return `${round(high.rss)} at ${Math.round(high.at)} s (anon ${round(high.anon)}, file ${round(high.file)}; median ${round(median)}, ${samples.length} samples)`;
    })
    .join("; ");
  const perRun = idle.map((s) => `${round(s.median)} (${round(s.max)})`).join(", ");
  return {
    rows: [
      {
        metric: `backend RSS from OpenCode running, every sample (the goal), ${runs} run(s): max each`,
        value: everySample,
      },
      {
        metric: `backend RSS once the sidecar is idle, ${idleSeconds} s (the bundle): median (max) each`,
        value: `${perRun} MB`,
      },
      { metric: "same backend under tsx (the old `npm run serve`), first run", value: mb(rss.tsx) },
      { metric: "bare Node process, first run", value: mb(rss.bare) },
    ],
    goal: `idle RSS ≤ ${limitMiB} MB in every sample of every run from OpenCode running`,
    met: all.every((samples) => highest(samples).rss <= limitMiB),
    raw: { rss: { ...rss, idle, fromRunning: all } },
  };
}

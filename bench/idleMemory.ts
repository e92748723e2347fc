// Bench 9, memory half: the backend's RSS, idle with the sidecar running, against a bare Node
// process and the same backend under tsx, side by side. The goal is for every sample of every
// run: a backend is started afresh for each run, because how far V8 and malloc grew while it
// loaded differs from start to start, and a single run can hide a high one.
import { spawn } from "node:child_process";
import { type BenchContext, untilIdle } from "./context.ts";
import { rssMiB, startServe } from "./serveLaunch.ts";
import { round, type Summary, summarize } from "./stats.ts";

const limitMiB = 60;

async function sleep(ms: number): Promise<void> {
  await new Promise((r) => setTimeout(r, ms));
}

/** One run: `npm run serve` idle for `idleSeconds`, sampled once a second (with the references on the first run). */
async function idleRun(ctx: BenchContext, idleSeconds: number, withReferences: boolean) {
  const bundle = await startServe(ctx);
  const tsx = withReferences
    ? await startServe(ctx, [process.execPath, "--import", "tsx", "apps/backend/src/cli.ts"])
    : null;
  const bare = withReferences
    ? spawn(process.execPath, ["-e", "setInterval(() => {}, 1000)"], { stdio: "ignore" })
    : null;
  const samples = { bundle: [] as number[], tsx: [] as number[], bare: [] as number[] };
  try {
    await untilIdle(bundle.sidecarPid);
    if (tsx) await untilIdle(tsx.sidecarPid);
    for (let i = 0; i < idleSeconds; i++) {
      await sleep(1000);
      samples.bundle.push(rssMiB(bundle.backendPid));
      if (tsx) samples.tsx.push(rssMiB(tsx.backendPid));
      if (bare) samples.bare.push(rssMiB(bare.pid!));
    }
  } finally {
    bare?.kill();
    await bundle.close();
    await tsx?.close();
  }
  return samples;
}

export async function measureIdleMemory(ctx: BenchContext, idleSeconds: number, runs = 1) {
  const bundle: Summary[] = [];
  let references = { tsx: [] as number[], bare: [] as number[] };
  for (let i = 0; i < runs; i++) {
    const samples = await idleRun(ctx, idleSeconds, i === 0);
    bundle.push(summarize(samples.bundle));
    if (i === 0) references = samples;
  }
  const rss = { bundle, tsx: summarize(references.tsx), bare: summarize(references.bare) };
  const mb = (s: Summary) => `${round(s.median)} MB median, ${round(s.max)} MB max`;
  const perRun = bundle.map((s) => `${round(s.median)} (${round(s.max)})`).join(", ");
  return {
    rows: [
      {
        metric: `backend RSS, idle ${idleSeconds} s (the bundle), ${runs} run(s): median (max) each`,
        value: `${perRun} MB`,
      },
      { metric: "same backend under tsx (the old `npm run serve`), first run", value: mb(rss.tsx) },
      { metric: "bare Node process, first run", value: mb(rss.bare) },
    ],
    goal: `idle RSS ≤ ${limitMiB} MB in every sample of every run`,
    met: bundle.every((s) => s.max <= limitMiB),
    raw: { rss },
  };
}

// Bench 9, start half: `npm run serve` from the command to OpenCode running, and the desktop's
// own path (the bundled worker forked with autostart), each against a raw opencode start. The
// three starts take turns in a rotated order each round, so drift and load hit each alike; the
// verdict is on the per-round differences (a start minus the raw start of the same round), with a
// bootstrap interval of their median: on a busy machine the interval is wide and says so.
import { type BenchContext, spawnRawOpencode } from "./context.ts";
import { startServe, startWorker } from "./serveLaunch.ts";
import { bootstrapPaired, medianDifference, ms, round, summarize } from "./stats.ts";

const limitMs = 500;
type Side = "serve" | "worker" | "raw";

async function startOnce(ctx: BenchContext, side: Side): Promise<number> {
  if (side === "raw") {
    const raw = await spawnRawOpencode(ctx);
    await raw.close("SIGKILL");
    return raw.healthyAfterMs;
  }
  const started = side === "serve" ? await startServe(ctx) : await startWorker(ctx);
  await started.close();
  return started.runningAfterMs;
}

/** Round i runs the three starts rotated by i, so none always goes first (after a close) or last. */
export function roundOrder(index: number): Side[] {
  const sides: Side[] = ["serve", "worker", "raw"];
  const shift = index % sides.length;
  return [...sides.slice(shift), ...sides.slice(0, shift)];
}

/** "met" only when the whole interval is within the limit, "not met" when all of it is above. */
export function verdict([low, high]: [number, number], limit = limitMs): string {
  return high <= limit ? "met" : low > limit ? "not met" : `not resolved: the interval spans +${limit} ms`;
}

function extraOverRaw(label: string, side: number[], raw: number[]) {
  const median = round(medianDifference(side, raw), 0);
  const interval = bootstrapPaired(side, raw, medianDifference).map((x) => round(x, 0)) as [number, number];
  const sign = (x: number) => (x >= 0 ? `+${x}` : `${x}`);
  return {
    median,
    interval,
    verdict: verdict(interval),
    row: {
      metric: `${label} − raw, per round: median (95 % bootstrap CI)`,
      value: `${sign(median)} ms (${sign(interval[0])}…${sign(interval[1])}): ${verdict(interval)}`,
    },
  };
}

export async function measureHeadlessStart(ctx: BenchContext, rounds: number) {
  const samples: Record<Side, number[]> = { serve: [], worker: [], raw: [] };
  // One round first warms the disk cache and opencode's own caches; not counted.
  for (const side of roundOrder(0)) await startOnce(ctx, side);
  for (let i = 0; i < rounds; i++) {
    const times: Partial<Record<Side, number>> = {};
    for (const side of roundOrder(i)) times[side] = await startOnce(ctx, side);
    for (const side of ["serve", "worker", "raw"] as const) samples[side].push(times[side]!);
  }
  const serve = extraOverRaw("serve", samples.serve, samples.raw);
  const worker = extraOverRaw("worker", samples.worker, samples.raw);
  return {
    rows: [
      {
        metric: `\`npm run serve\` → OpenCode running (${rounds} rounds, rotated)`,
        value: ms(summarize(samples.serve)),
      },
      { metric: "desktop worker bundle: fork → running", value: ms(summarize(samples.worker)) },
      { metric: "raw opencode: spawn → healthy", value: ms(summarize(samples.raw)) },
      serve.row,
      worker.row,
    ],
    goal: `serve and worker ≤ raw + ${limitMs} ms (met: the whole 95 % CI)`,
    met: serve.interval[1] <= limitMs && worker.interval[1] <= limitMs,
    raw: {
      samples,
      serve: summarize(samples.serve),
      worker: summarize(samples.worker),
      raw: summarize(samples.raw),
      extra: serve.median,
      workerExtra: worker.median,
      serveInterval: serve.interval,
      workerInterval: worker.interval,
      serveVerdict: serve.verdict,
      workerVerdict: worker.verdict,
    },
  };
}

// Bench 9, start half: `npm run serve` from the command to OpenCode running, against a raw
// opencode start and against the desktop's own path (the bundled worker forked with autostart),
// alternating.
import { type BenchContext, spawnRawOpencode } from "./context.ts";
import { startServe, startWorker } from "./serveLaunch.ts";
import { ms, round, summarize } from "./stats.ts";

export async function measureHeadlessStart(ctx: BenchContext, runs: number) {
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
  const serveS = summarize(serve);
  const workerS = summarize(worker);
  const rawS = summarize(raw);
  const extra = round(serveS.median - rawS.median, 0);
  const workerExtra = round(workerS.median - rawS.median, 0);
  return {
    rows: [
      { metric: "`npm run serve` → OpenCode running", value: ms(serveS) },
      { metric: "desktop worker bundle: fork → running", value: ms(workerS) },
      { metric: "raw opencode: spawn → healthy", value: ms(rawS) },
      { metric: "extra over raw (serve; worker)", value: `+${extra} ms; +${workerExtra} ms` },
    ],
    goal: "serve ≤ raw + 500 ms",
    met: extra <= 500,
    raw: { serve: serveS, worker: workerS, raw: rawS, extra, workerExtra },
  };
}

// 1. Start to ready: POST /api/sidecar/start until it answers "running", against spawning the
// same binary with the same environment and config and polling /global/health every 5 ms.
import { type BenchContext, type BenchResult, spawnRawOpencode } from "./context.ts";
import { alternate, ms, round, summarize } from "./stats.ts";

export async function benchStartToReady(ctx: BenchContext, runs: number): Promise<BenchResult> {
  const { client } = await ctx.backend();

  const managed = async () => {
    const started = performance.now();
    const status = await client.start();
    const elapsed = performance.now() - started;
    if (status.state !== "running") throw new Error(`managed start ended ${status.state}`);
    await client.stop();
    return elapsed;
  };

  const raw = async () => {
    const opencode = await spawnRawOpencode(ctx);
    await opencode.close("SIGKILL");
    return opencode.healthyAfterMs;
  };

  const { a, b } = await alternate(runs, 1, managed, raw);
  const managedSummary = summarize(a);
  const rawSummary = summarize(b);
  const ratio = round(managedSummary.median / rawSummary.median, 3);
  return {
    name: "1. Start to ready",
    rows: [
      { metric: "managed (POST start → running)", value: ms(managedSummary) },
      { metric: "raw opencode (spawn → healthy)", value: ms(rawSummary) },
      { metric: "ratio", value: String(ratio) },
    ],
    goal: "ratio ≤ 1.05",
    met: ratio <= 1.05,
    raw: { managed: managedSummary, raw: rawSummary, ratio },
  };
}

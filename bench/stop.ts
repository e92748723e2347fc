// 4. Stop: the graceful stop of the real opencode, and a stop whose tree holds a grandchild
// that ignores SIGTERM (fake sidecar): how long, and whether any process is left.
import { fileURLToPath } from "node:url";
import { descendantsOf, processOpsFor } from "@turnkey/sidecar";
import type { BenchContext, BenchResult } from "./context.ts";
import { ms, summarize } from "./stats.ts";

const ops = processOpsFor();
const fake = fileURLToPath(new URL("../packages/sidecar/test/fixtures/fake-opencode.mjs", import.meta.url));

async function timedStops(
  ctx: BenchContext,
  runs: number,
  options: Parameters<BenchContext["backend"]>[0],
): Promise<{ times: number[]; leftovers: number }> {
  const { client } = await ctx.backend(options);
  const times: number[] = [];
  let leftovers = 0;
  for (let i = 0; i < runs; i++) {
    const { pid } = await client.start();
    // Let the tree form (a fake's grandchild, opencode's helpers) before stopping it.
    await new Promise((r) => setTimeout(r, 200));
    const tree = [pid!, ...descendantsOf(await ops.list(), pid!)];
    const started = performance.now();
    await client.stop();
    times.push(performance.now() - started);
    leftovers += tree.filter((p) => ops.isAlive(p)).length;
  }
  return { times, leftovers };
}

export async function benchStop(ctx: BenchContext, runs: number): Promise<BenchResult> {
  const graceful = await timedStops(ctx, runs, {});
  const stubborn = await timedStops(ctx, Math.max(2, Math.floor(runs / 2)), {
    opencodeBin: fake,
    supervisor: { env: { ...ctx.env, FAKE_OPENCODE: "grandchild" } },
  });
  const g = summarize(graceful.times);
  const s = summarize(stubborn.times);
  const leftovers = graceful.leftovers + stubborn.leftovers;
  return {
    name: "4. Stop",
    rows: [
      { metric: "graceful stop of opencode (POST stop → stopped)", value: ms(g) },
      { metric: "tree with a grandchild ignoring SIGTERM (5 s grace, then kill)", value: ms(s) },
      { metric: "processes left alive", value: String(leftovers) },
    ],
    goal: "graceful ≤ 1 s, no process left",
    met: g.median <= 1000 && leftovers === 0,
    raw: { graceful: g, stubborn: s, leftovers },
  };
}

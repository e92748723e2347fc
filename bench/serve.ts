// 9. Headless runs what the desktop runs: the start half (headlessStart.ts: `npm run serve` and
// the desktop worker to OpenCode running, against a raw opencode start) and the memory half
// (idleMemory.ts: the backend's idle RSS), one benchmark with one table.
import { buildBackendCli } from "../scripts/buildBackend.ts";
import { buildDesktop } from "../scripts/buildDesktop.ts";
import type { BenchContext, BenchResult } from "./context.ts";
import { measureHeadlessStart } from "./headlessStart.ts";
import { measureIdleMemory } from "./idleMemory.ts";

export async function benchServe(
  ctx: BenchContext,
  runs: number,
  idleSeconds: number,
  idleRuns = 1,
): Promise<BenchResult> {
  await buildBackendCli(); // what `npm run serve` would otherwise build on its first run
  await buildDesktop();
  const start = await measureHeadlessStart(ctx, runs);
  const memory = await measureIdleMemory(ctx, idleSeconds, idleRuns);
  return {
    name: "9. Headless start and idle memory",
    rows: [...start.rows, ...memory.rows],
    goal: `${start.goal}; ${memory.goal}`,
    met: start.met && memory.met,
    raw: { ...start.raw, ...memory.raw },
  };
}

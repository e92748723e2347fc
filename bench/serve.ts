// 9. Headless runs what the desktop runs: the start half (headlessStart.ts: `npm run serve` and
// the desktop worker to OpenCode running, against a raw opencode start) and the memory half
// (idleMemory.ts: the backend's idle RSS), one benchmark with one table. BENCH9_HALF=start or
// =memory runs only that half.
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
  const half = process.env.BENCH9_HALF;
  const start = half === "memory" ? null : await measureHeadlessStart(ctx, runs);
  const memory = half === "start" ? null : await measureIdleMemory(ctx, idleSeconds, idleRuns);
  const halves = [start, memory].filter((h) => h !== null);
  return {
    name: "9. Headless start and idle memory",
    rows: halves.flatMap((h) => h.rows),
    goal: halves.map((h) => h.goal).join("; "),
    met: halves.every((h) => h.met),
    raw: Object.assign({}, ...halves.map((h) => h.raw)),
  };
}

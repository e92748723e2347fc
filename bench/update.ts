// 11. OpenCode update: the real opencode-linux-x64 1.18.32 ↔ 1.18.33 through POST
// /api/runtime/update, from the npm registry npm itself would use. Measures the download
// (verified, installed beside), request → running on the new version, how long OpenCode was
// not running during the switch against a plain restart in the same run, and the whole update
// with its health window. Not part of `npm test`: each download is ~50 MB.
import type { RuntimeInfo, SidecarStatus } from "@turnkey/contracts";
import { registryUrl } from "@turnkey/sidecar";
import type { BenchContext, BenchResult } from "./context.ts";
import { ms, round, summarize } from "./stats.ts";

const from = "1.18.33"; // the pinned version, in node_modules
const to = "1.18.32";
const windowMs = 10_000;

export async function benchUpdate(ctx: BenchContext, rounds: number): Promise<BenchResult> {
  const { backend, client } = await ctx.backend({
    runtimeUpdates: { registry: registryUrl(), packageName: "opencode-linux-x64", healthWindowMs: windowMs },
  });
  const started = await client.start();
  if (started.state !== "running") throw new Error(`opencode is ${started.state}`);

  /** Times (from `t0`) of the first non-running status and of the first running one after it. */
  const watch = (t0: number) => {
    let downAt: number | null = null;
    let upAt: number | null = null;
    const off = backend.supervisor.onStatus((s: SidecarStatus) => {
      if (s.state !== "running" && downAt === null) downAt = performance.now() - t0;
      if (s.state === "running" && downAt !== null && upAt === null) upAt = performance.now() - t0;
    });
    return () => {
      off();
      if (downAt === null || upAt === null) throw new Error("no restart was seen");
      return { toRunning: upAt, unavailable: upAt - downAt };
    };
  };

  const restarts: number[] = [];
  const switches: { toRunning: number; unavailable: number; total: number }[] = [];
  let first: { toRunning: number; unavailable: number; total: number } | null = null;
  for (let i = 0; i < rounds; i++) {
    // Baseline: a plain restart of the current version.
    const t0 = performance.now();
    const done = watch(t0);
    await client.restart();
    restarts.push(done().unavailable);

    for (const target of [to, from]) {
      const t1 = performance.now();
      const seen = watch(t1);
      const info: RuntimeInfo = await client.updateRuntime(target);
      const total = performance.now() - t1;
      const runningOn = backend.supervisor.status().binary?.path ?? "";
      if (
        info.update?.phase !== "updated" ||
        info.active !== target ||
        !runningOn.includes(target === from ? "node_modules" : `/${target}/`)
      ) {
        throw new Error(`update to ${target} ended ${info.update?.phase}: ${info.update?.message}`);
      }
      const { toRunning, unavailable } = seen();
      // The first update downloads; every later switch finds its version installed.
      if (i === 0 && target === to) first = { toRunning, unavailable, total };
      else switches.push({ toRunning, unavailable, total });
    }
  }
  const restart = summarize(restarts);
  const toRunning = summarize(switches.map((s) => s.toRunning));
  const unavailable = summarize(switches.map((s) => s.unavailable));
  const total = summarize(switches.map((s) => s.total));
  const ratio = round(unavailable.median / restart.median, 3);
  if (!first) throw new Error("no first update");
  const { toRunning: firstToRunning, unavailable: firstGap } = first;
  return {
    name: "11. OpenCode update",
    rows: [
      {
        metric: `first update ${from} → ${to} (download ~50 MB, verify, install beside): request → running on it`,
        value: `${round(firstToRunning)} ms, of which not running ${round(firstGap)} ms`,
      },
      { metric: `switch ${from} ↔ ${to} (installed): request → running on it`, value: ms(toRunning) },
      { metric: "OpenCode not running during the switch", value: ms(unavailable) },
      { metric: "baseline: a plain restart, same run", value: ms(restart) },
      { metric: "ratio (switch gap / restart)", value: String(ratio) },
      { metric: `whole update incl. the ${windowMs / 1000} s health window`, value: ms(total) },
    ],
    goal: "gap ≤ one restart (ratio ≤ 1.1)",
    met: ratio <= 1.1,
    raw: { first, restart, toRunning, unavailable, total, ratio, switches },
  };
}

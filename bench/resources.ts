// 8. Resources: the backend as the desktop runs it (the bundled worker, its own process) idling
// with the sidecar running: RSS and CPU sampled from /proc once a second.
import { readFileSync } from "node:fs";
import { type BenchContext, type BenchResult, cpuTicks, forkBackend } from "./context.ts";
import { round, summarize } from "./stats.ts";

const clockTicks = 100; // USER_HZ on Linux

function sample(pid: number) {
  const ticks = cpuTicks(pid);
  const rssKiB = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1]);
  return { ticks, rssMiB: rssKiB / 1024, at: performance.now() };
}

export async function benchResources(ctx: BenchContext, seconds: number): Promise<BenchResult> {
  const backend = await forkBackend(ctx);
  try {
    const first = sample(backend.pid);
    const rss: number[] = [];
    for (let i = 0; i < seconds; i++) {
      await new Promise((r) => setTimeout(r, 1000));
      rss.push(sample(backend.pid).rssMiB);
    }
    const last = sample(backend.pid);
    const cpuPercent = ((last.ticks - first.ticks) / clockTicks / ((last.at - first.at) / 1000)) * 100;
    const r = summarize(rss);
    return {
      name: "8. Resources (idle, sidecar running)",
      rows: [
        { metric: `backend RSS over ${seconds} s`, value: `${round(r.median)} MB median, ${round(r.max)} MB max` },
        { metric: "backend CPU", value: `${round(cpuPercent, 2)} % of a core` },
      ],
      goal: "RSS ≤ 80 MB, CPU ≤ 0.5 %",
      met: r.max <= 80 && cpuPercent <= 0.5,
      raw: { rss: r, cpuPercent },
    };
  } finally {
    await backend.close();
  }
}

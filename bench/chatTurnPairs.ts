// Benchmark 5's paired turns: two sides alternated in pairs whose order flips every pair, each
// turn started once OpenCode and the backend are quiet, with each turn's wall time and the CPU
// time the backend and OpenCode used for it. Split from chatTurn.ts, which sets up the sides and
// reports the figures.
import { cpuMs } from "./context.ts";

/**
 * Waits until the backend and OpenCode together used under `quietMs` of CPU in `windowMs` (at
 * most `maxMs`) and says how long that took. opencode goes on working after it answers (saving
 * the session, publishing its updates): a turn started inside that tail measures the tail too,
 * on either side, by chance. A person's next prompt comes seconds later, after it ended.
 */
async function untilQuiet(pids: () => (number | null)[], windowMs = 20, quietMs = 0.5, maxMs = 1_000) {
  const started = performance.now();
  const used = () => pids().reduce((sum: number, pid) => sum + cpuMs(pid), 0);
  let last = used();
  while (performance.now() - started < maxMs) {
    await new Promise((r) => setTimeout(r, windowMs));
    const now = used();
    if (now - last < quietMs) break;
    last = now;
  }
  return performance.now() - started;
}

/**
 * The longest wait for quiet. A profiled backend is never quiet (its sampler runs), so with a
 * profile the wait is a fixed 150 ms: longer, and an idle keep-alive connection to OpenCode would
 * be closed between turns (loopbackFetch's idleReuseMs), and the profile would show a new
 * connection per turn that the measured runs do not make.
 */
const quietMaxMs = process.env.BENCH_BACKEND_PROFILE ? 150 : 1_000;
export interface Turn {
  /** performance.now() at the turn's start, the clock the stub provider stamps its arrivals with. */
  startedAt: number;
  ms: number;
  backendCpuMs: number;
  sidecarCpuMs: number;
}

/**
 * Runs `pairs` pairs of turns (after `warmups` dropped ones), A then B, then B then A, and so on.
 * A turn's CPU runs from its start to the next turn's start: what the backend does after answering
 * (relaying the reply's last events) counts for the turn that caused it.
 */
export async function pairedTurns(
  pairs: number,
  warmups: number,
  sides: { a: () => Promise<void>; b: () => Promise<void> },
  pids: () => { backend: number; sidecar: number | null },
  ready: () => Promise<unknown>,
  beforePair: (pair: number) => Promise<boolean>,
): Promise<{ a: Turn[]; b: Turn[]; pausesMs: number[]; startsUs: { side: "a" | "b" | null; us: number }[] }> {
  const out = {
    a: [] as Turn[],
    b: [] as Turn[],
    pausesMs: [] as number[],
    startsUs: [] as { side: "a" | "b" | null; us: number }[],
  };
  let open: {
    side: "a" | "b";
    startedAt: number;
    ms: number;
    backend: number;
    sidecar: number;
    keep: boolean;
  } | null = null;
  const cpuNow = () => ({ backend: cpuMs(pids().backend), sidecar: cpuMs(pids().sidecar) });
  const close = () => {
    if (!open?.keep) return;
    const now = cpuNow();
    out[open.side].push({
      startedAt: open.startedAt,
      ms: open.ms,
      backendCpuMs: now.backend - open.backend,
      sidecarCpuMs: now.sidecar - open.sidecar,
    });
  };
  for (let i = 0; i < warmups + pairs; i++) {
    const before = Number(process.hrtime.bigint() / 1000n);
    // Work between pairs (new sessions) belongs to no turn in the profile's split.
    if ((await beforePair(i)) && i > warmups) out.startsUs.push({ side: null, us: before });
    for (const side of i % 2 === 0 ? (["a", "b"] as const) : (["b", "a"] as const)) {
      await ready();
      const pause = await untilQuiet(() => [pids().backend, pids().sidecar], 20, 0.5, quietMaxMs);
      if (i >= warmups) out.pausesMs.push(pause);
      close();
      const cpu = cpuNow();
      // The monotonic clock a CPU profile's samples are stamped with (microseconds).
      if (i >= warmups) out.startsUs.push({ side, us: Number(process.hrtime.bigint() / 1000n) });
      for (let attempt = 0; ; attempt++) {
        const started = performance.now();
        try {
          await sides[side]();
          open = { side, startedAt: started, ms: performance.now() - started, ...cpu, keep: i >= warmups };
          break;
        } catch (error) {
          // A restart of OpenCode mid-run (a probe timing out on busy cores) is not a turn.
          if (attempt >= 2) throw error;
          await ready();
        }
      }
    }
  }
  await untilQuiet(() => [pids().backend, pids().sidecar]);
  close();
  out.startsUs.push({ side: null, us: Number(process.hrtime.bigint() / 1000n) }); // the last one's end
  return out;
}

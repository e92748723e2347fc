// 2. Crash to running again (SIGKILL), with the detection delay (exit → backoff) apart from the
// restart. 3. Hang to running again (SIGSTOP), with the default probes and a tight setting.
import { type BenchContext, type BenchResult, nextStatus, spawnRawOpencode } from "./context.ts";
import { ms, round, summarize } from "./stats.ts";

export async function benchCrash(ctx: BenchContext, runs: number): Promise<BenchResult> {
  const { backend, client } = await ctx.backend();
  await client.start();
  const detection: number[] = [];
  const total: number[] = [];
  for (let i = 0; i < runs; i++) {
    const pid = backend.supervisor.status().pid!;
    const backoff = nextStatus(backend, (s) => s.state === "backoff");
    const running = nextStatus(backend, (s) => s.state === "running" && s.pid !== pid);
    const killed = performance.now();
    process.kill(pid, "SIGKILL");
    await backoff;
    detection.push(performance.now() - killed);
    await running;
    total.push(performance.now() - killed);
    // A manual restart resets the policy's counters: every run sees the first backoff step, and
    // kills soon after ready (failed starts, by the policy) never add up to giving up.
    await client.restart();
  }
  await client.stop();
  const d = summarize(detection);
  const t = summarize(total);
  const k = summarize(await rawExitLatency(ctx, runs));
  const overhead = round(d.median - k.median, 1);
  return {
    name: "2. Crash to running again",
    rows: [
      { metric: "detection (SIGKILL → backoff)", value: ms(d) },
      { metric: "baseline: SIGKILL → exit event of a raw opencode", value: ms(k) },
      { metric: "detection beyond the kernel's own teardown (median)", value: `${overhead} ms` },
      { metric: "SIGKILL → running (incl. 500 ms ±20 % backoff)", value: ms(t) },
    ],
    goal: "detection ≤ 50 ms",
    met: d.median <= 50,
    raw: { detection: d, rawExit: k, overhead, total: t },
  };
}

/** How long the OS takes to report a SIGKILLed opencode as exited, with no supervisor at all. */
async function rawExitLatency(ctx: BenchContext, runs: number): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const opencode = await spawnRawOpencode(ctx, 20);
    await new Promise((r) => setTimeout(r, 1000)); // past start-up, like a running sidecar
    samples.push(await opencode.close("SIGKILL"));
  }
  return samples;
}

export async function benchHang(ctx: BenchContext, runsDefault: number, runsTight: number): Promise<BenchResult> {
  const measure = async (
    runs: number,
    config: { probeIntervalMs?: number; probeAnswerMs?: number },
    probeTimeoutMs?: number,
  ) => {
    const { backend, client } = await ctx.backend({
      supervisor: { env: ctx.env, config, ...(probeTimeoutMs ? { probeTimeoutMs } : {}) },
    });
    await client.start();
    const samples: number[] = [];
    for (let i = 0; i < runs; i++) {
      const pid = backend.supervisor.status().pid!;
      const running = nextStatus(backend, (s) => s.state === "running" && s.pid !== pid);
      const stopped = performance.now();
      process.kill(pid, "SIGSTOP");
      await running;
      samples.push(performance.now() - stopped);
      await client.restart(); // reset the policy's counters, as above
    }
    await client.stop();
    return summarize(samples);
  };
  const tight = await measure(runsTight, { probeIntervalMs: 250, probeAnswerMs: 250 }, 250);
  const standard = await measure(runsDefault, {});
  return {
    name: "3. Hang to running again",
    rows: [
      { metric: "default (probe every 5 s, 3 checks with no answer within 15 s)", value: ms(standard) },
      { metric: "tight (probe every 250 ms, 250 ms timeout, 3 failures)", value: ms(tight) },
    ],
    goal: "replaced after 3 unanswered probes (≈ 3 × (answer wait + interval) + restart)",
    met: null,
    raw: { default: standard, tight, tightRatioToInterval: round(tight.median / 250, 2) },
  };
}

// 6. Relay throughput: a reply of 20,000 small deltas, events per second delivered to 1 and 10
// subscribers of /api/events (backend in its own process, as it runs for real) against the
// stream of a raw opencode with the same config, alternating the sides.
import { createOpencodeClient } from "@opencode-ai/sdk/v2";
import { basicAuthHeader } from "@turnkey/sidecar";
import { type BenchContext, type BenchResult, forkBackend, spawnRawOpencode, untilIdle } from "./context.ts";
import { round, summarize } from "./stats.ts";

/**
 * Counts occurrences of `marker` in a raw SSE stream as chunks arrive, with their times: the same
 * cheap consumer on both sides, so only transport and relay differ.
 */
async function countDeltas(url: string, headers: Record<string, string>, marker: string, expected: number) {
  const res = await fetch(url, { headers: { accept: "text/event-stream", ...headers } });
  const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
  const times: number[] = [];
  let carry = "";
  const opened = performance.now();
  const done = (async () => {
    while (times.length < expected) {
      const { value, done: ended } = await reader.read();
      if (ended) break;
      const text = carry + value;
      const now = performance.now();
      let at = text.indexOf(marker);
      let last = -1;
      while (at !== -1) {
        times.push(now);
        last = at;
        at = text.indexOf(marker, at + marker.length);
      }
      carry = text.slice(last === -1 ? -marker.length : last + marker.length);
    }
    await reader.cancel();
  })();
  return { times, done, opened };
}

const rateOf = (times: number[]) =>
  times.length < 2 ? 0 : (times.length - 1) / (((times.at(-1) ?? 0) - (times[0] ?? 0)) / 1000);

export async function benchThroughput(ctx: BenchContext, deltas: number, runs = 3): Promise<BenchResult> {
  // Side A: a raw opencode with the same config, its own event stream read directly.
  const raw = await spawnRawOpencode(ctx, 20);
  await untilIdle(raw.child.pid!);
  const sdk = createOpencodeClient({ baseUrl: raw.url, headers: { authorization: basicAuthHeader(raw.password) } });
  // Side B: the backend in its own process with its own sidecar, read through /api/events.
  const backend = await forkBackend(ctx);
  const prompt = `[deltas:${deltas}]`;
  const direct = async () => {
    const session = (await sdk.session.create({})).data!;
    const counter = await countDeltas(
      `${raw.url}/event`,
      { authorization: basicAuthHeader(raw.password) },
      '"message.part.delta"',
      deltas,
    );
    await sdk.session.promptAsync({ sessionID: session.id, parts: [{ type: "text", text: prompt }] });
    await counter.done;
    return { rate: rateOf(counter.times), count: counter.times.length };
  };
  const relayed = (subscribers: number) => async () => {
    const { session } = await backend.client.createSession();
    const counters = await Promise.all(
      Array.from({ length: subscribers }, () =>
        countDeltas(
          `http://127.0.0.1:${backend.port}/api/events?session=${session.id}`,
          { authorization: `Bearer ${backend.token}` },
          '"text.delta"',
          deltas,
        ),
      ),
    );
    await backend.client.send(session.id, prompt);
    await Promise.all(counters.map((c) => c.done));
    const rates = counters.map((c) => rateOf(c.times));
    return {
      rate: rates.reduce((a, b) => a + b, 0) / rates.length,
      count: Math.min(...counters.map((c) => c.times.length)),
    };
  };
  try {
    const results: Record<string, { direct: number; relayed: number; ratio: number; delivered: number }> = {};
    for (const subscribers of [1, 10]) {
      const a: number[] = [];
      const b: number[] = [];
      let delivered = Number.POSITIVE_INFINITY;
      await direct();
      await relayed(subscribers)(); // warm-up
      for (let i = 0; i < runs; i++) {
        a.push((await direct()).rate);
        const r = await relayed(subscribers)();
        b.push(r.rate);
        delivered = Math.min(delivered, r.count);
      }
      const directRate = summarize(a).median;
      const relayedRate = summarize(b).median;
      results[String(subscribers)] = {
        direct: Math.round(directRate),
        relayed: Math.round(relayedRate),
        ratio: round(relayedRate / directRate, 3),
        delivered,
      };
    }
    const one = results["1"]!;
    const ten = results["10"]!;
    return {
      name: "6. Event relay throughput",
      rows: [
        { metric: "sidecar's own stream, read directly (deltas/s)", value: `${one.direct}` },
        { metric: "1 subscriber of /api/events (deltas/s, ratio)", value: `${one.relayed} (${one.ratio})` },
        { metric: "10 subscribers, each (deltas/s, ratio)", value: `${ten.relayed} (${ten.ratio})` },
        {
          metric: "deltas delivered to every subscriber",
          value: `${Math.min(one.delivered, ten.delivered)} of ${deltas}`,
        },
      ],
      goal: "≥ 95 % of direct, nothing lost",
      met: one.ratio >= 0.95 && ten.ratio >= 0.95 && Math.min(one.delivered, ten.delivered) === deltas,
      raw: results,
    };
  } finally {
    await backend.close();
    await raw.close("SIGTERM");
  }
}

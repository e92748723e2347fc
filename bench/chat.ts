// 5. A chat turn through the backend (?wait=1) against the same prompt straight to the sidecar,
// and the time to the first streamed token on /api/events against the sidecar's own stream.
// 6. Relay throughput: a reply of 20,000 small deltas, events per second delivered to 1 and 10
// subscribers of /api/events (backend in its own process, as it runs for real) against the
// stream of a raw opencode with the same config, alternating the sides.
import { createOpencodeClient, type OpencodeClient } from "@opencode-ai/sdk/v2";
import { subscribeEvents } from "@turnkey/client";
import { basicAuthHeader } from "@turnkey/sidecar";
import type { Backend } from "../apps/backend/src/startBackend.ts";
import { type BenchContext, type BenchResult, forkBackend, spawnRawOpencode, untilIdle } from "./context.ts";
import { alternate, ms, round, summarize } from "./stats.ts";

function direct(backend: Backend): OpencodeClient {
  const connection = backend.supervisor.connection()!;
  return createOpencodeClient({
    baseUrl: connection.url,
    headers: { authorization: basicAuthHeader(connection.password) },
  });
}

/** Times of every text delta of one session on the sidecar's own event stream. */
function directDeltas(sdk: OpencodeClient, sessionID: string) {
  const controller = new AbortController();
  const times: number[] = [];
  let idle: () => void = () => undefined;
  const done = new Promise<void>((resolve) => {
    idle = resolve;
  });
  const opened = (async () => {
    const { stream } = await sdk.event.subscribe({}, { signal: controller.signal });
    let first = true;
    let resolveOpen: () => void = () => undefined;
    const open = new Promise<void>((r) => {
      resolveOpen = r;
    });
    void (async () => {
      try {
        for await (const event of stream) {
          if (first) {
            first = false;
            resolveOpen();
          }
          if (event.type === "message.part.delta" && event.properties.sessionID === sessionID)
            times.push(performance.now());
          if (event.type === "session.idle" && event.properties.sessionID === sessionID) idle();
        }
      } catch {
        // aborted
      }
    })();
    await open;
  })();
  return { times, done, opened, close: () => controller.abort() };
}

/** Times of every text delta of one session on /api/events. */
function relayedDeltas(backend: Backend, sessionID: string) {
  const times: number[] = [];
  let idle: () => void = () => undefined;
  const done = new Promise<void>((resolve) => {
    idle = resolve;
  });
  let resolveOpen: () => void = () => undefined;
  const opened = new Promise<void>((r) => {
    resolveOpen = r;
  });
  const subscription = subscribeEvents({
    baseUrl: backend.url,
    token: backend.token,
    sessions: [sessionID],
    onEvent: (event) => {
      if (event.event === "status") resolveOpen();
      if (event.event !== "chat") return;
      if (event.data.type === "text.delta") times.push(performance.now());
      if (event.data.type === "session.status" && event.data.status === "idle") idle();
    },
  });
  return { times, done, opened, close: () => subscription.close() };
}

/**
 * On two busy cores a health probe can time out and OpenCode be restarted mid-run: wait until it
 * runs again (untimed) and measure that turn again, so a restart is never counted as a turn.
 */
async function timedTurn(backend: Backend, turn: () => Promise<unknown>): Promise<number> {
  for (let attempt = 0; ; attempt++) {
    const deadline = Date.now() + 60_000;
    while (backend.supervisor.status().state !== "running" && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 50));
    }
    const started = performance.now();
    try {
      await turn();
      return performance.now() - started;
    } catch (error) {
      if (attempt >= 2) throw error;
    }
  }
}

export async function benchChatTurn(ctx: BenchContext, runs: number): Promise<BenchResult> {
  const { backend, client } = await ctx.backend();
  await client.start();
  const viaBackend = (await client.createSession()).session.id;
  const straight = (await client.createSession()).session.id;
  let current = { generation: -1, sdk: direct(backend) };
  const directNow = () => {
    const generation = backend.supervisor.connection()?.generation ?? -1;
    if (generation !== current.generation) current = { generation, sdk: direct(backend) };
    return current.sdk;
  };

  const { a, b } = await alternate(
    runs,
    2,
    () => timedTurn(backend, () => client.sendAndWait(viaBackend, "ping")),
    // One client per sidecar, as the backend keeps: after a restart the port and password change.
    () =>
      timedTurn(backend, () =>
        directNow().session.prompt({ sessionID: straight, parts: [{ type: "text", text: "ping" }] }),
      ),
  );
  const sdk = direct(backend);

  // Time to first token: one prompt, both streams listening; the difference is the relay's cost.
  const firstOurs: number[] = [];
  const firstDirect: number[] = [];
  for (let i = 0; i < runs; i++) {
    const { session } = await client.createSession();
    const ours = relayedDeltas(backend, session.id);
    const theirs = directDeltas(sdk, session.id);
    await Promise.all([ours.opened, theirs.opened]);
    const sent = performance.now();
    await sdk.session.promptAsync({ sessionID: session.id, parts: [{ type: "text", text: "hello there" }] });
    await Promise.all([ours.done, theirs.done]);
    firstOurs.push((ours.times[0] ?? Number.NaN) - sent);
    firstDirect.push((theirs.times[0] ?? Number.NaN) - sent);
    ours.close();
    theirs.close();
  }
  const turnOurs = summarize(a);
  const turnDirect = summarize(b);
  const ttftOurs = summarize(firstOurs);
  const ttftDirect = summarize(firstDirect);
  const ratio = round(turnOurs.median / turnDirect.median, 3);
  const extra = round(ttftOurs.median - ttftDirect.median, 2);
  return {
    name: "5. Chat turn",
    rows: [
      { metric: "turn through the backend (?wait=1)", value: ms(turnOurs) },
      { metric: "same prompt straight to the sidecar", value: ms(turnDirect) },
      { metric: "turn ratio", value: String(ratio) },
      { metric: "first token on /api/events", value: ms(ttftOurs) },
      { metric: "first token on the sidecar's stream", value: ms(ttftDirect) },
      { metric: "first-token overhead (median)", value: `${extra} ms` },
    ],
    goal: "turn ratio ≤ 1.03; first token ≤ +5 ms",
    met: ratio <= 1.03 && extra <= 5,
    raw: { turnOurs, turnDirect, ratio, ttftOurs, ttftDirect, extra },
  };
}

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

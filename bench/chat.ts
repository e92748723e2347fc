// 5. A chat turn through the backend (?wait=1) against the same prompt straight to the sidecar,
// and the time to the first streamed token on /api/events against the sidecar's own stream.
// 6. Relay throughput: a reply of 20,000 small deltas, events per second delivered to 1 and 10
// subscribers of /api/events against a direct subscriber of the sidecar's stream.
import { createOpencodeClient, type OpencodeClient } from "@opencode-ai/sdk/v2";
import { subscribeEvents } from "@turnkey/client";
import { basicAuthHeader } from "@turnkey/sidecar";
import type { Backend } from "../apps/backend/src/startBackend.ts";
import type { BenchContext, BenchResult } from "./context.ts";
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

export async function benchChatTurn(ctx: BenchContext, runs: number): Promise<BenchResult> {
  const { backend, client } = await ctx.backend();
  await client.start();
  const sdk = direct(backend);
  const viaBackend = (await client.createSession()).session.id;
  const straight = (await client.createSession()).session.id;

  const { a, b } = await alternate(
    runs,
    2,
    async () => {
      const started = performance.now();
      await client.sendAndWait(viaBackend, "ping");
      return performance.now() - started;
    },
    async () => {
      const started = performance.now();
      await sdk.session.prompt({ sessionID: straight, parts: [{ type: "text", text: "ping" }] });
      return performance.now() - started;
    },
  );

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
    goal: "turn ratio ≤ 1.05; first token ≤ +5 ms",
    met: ratio <= 1.05 && extra <= 5,
    raw: { turnOurs, turnDirect, ratio, ttftOurs, ttftDirect, extra },
  };
}

export async function benchThroughput(ctx: BenchContext, deltas: number): Promise<BenchResult> {
  const { backend, client } = await ctx.backend();
  await client.start();
  const sdk = direct(backend);
  const rate = (times: number[]) =>
    times.length < 2 ? 0 : (times.length - 1) / (((times.at(-1) ?? 0) - (times[0] ?? 0)) / 1000);
  const results: Record<string, { direct: number; relayed: number; delivered: number; sent: number; ratio: number }> =
    {};
  for (const subscribers of [1, 10]) {
    const { session } = await client.createSession();
    const ours = Array.from({ length: subscribers }, () => relayedDeltas(backend, session.id));
    const theirs = directDeltas(sdk, session.id);
    await Promise.all([...ours.map((o) => o.opened), theirs.opened]);
    await sdk.session.promptAsync({ sessionID: session.id, parts: [{ type: "text", text: `[deltas:${deltas}]` }] });
    await Promise.all([...ours.map((o) => o.done), theirs.done]);
    const relayedRates = ours.map((o) => rate(o.times));
    const relayed = relayedRates.reduce((x, y) => x + y, 0) / relayedRates.length;
    const directRate = rate(theirs.times);
    results[String(subscribers)] = {
      direct: Math.round(directRate),
      relayed: Math.round(relayed),
      delivered: Math.min(...ours.map((o) => o.times.length)),
      sent: theirs.times.length,
      ratio: round(relayed / directRate, 3),
    };
    for (const o of ours) o.close();
    theirs.close();
  }
  const one = results["1"]!;
  const ten = results["10"]!;
  return {
    name: "6. Event relay throughput",
    rows: [
      { metric: "sidecar's own stream (deltas/s)", value: `${one.direct}` },
      { metric: "1 subscriber of /api/events (deltas/s, ratio)", value: `${one.relayed} (${one.ratio})` },
      { metric: "10 subscribers, each (deltas/s, ratio)", value: `${ten.relayed} (${ten.ratio})` },
      { metric: "deltas delivered / emitted by opencode", value: `${ten.delivered} / ${ten.sent}` },
    ],
    goal: "≥ 95 % of direct, nothing lost",
    met: one.ratio >= 0.95 && ten.ratio >= 0.95 && ten.delivered === ten.sent,
    raw: results,
  };
}

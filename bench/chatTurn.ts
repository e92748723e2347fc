// 5. A chat turn through the backend against the same turn sent straight to its sidecar, and the
// time to the first streamed token on /api/events against the sidecar's own stream.
//
// What a "turn" is here: from the client's POST of a prompt to the finished reply's answer in the
// client, the stub model's same one-line reply ("Echo: ping", streamed as two deltas at once, no
// delay) on both sides. Through the backend: `POST /api/sessions/:id/messages?wait=1` with the
// app's own client (on fetch, the answer checked by its zod schema), which the backend relays as
// one JSON call (loopbackJson). Straight: the SDK's `session.prompt` to the same sidecar.
// Each side has its own session, and both grow by one turn per pair, so opencode's per-turn work
// stays alike; both sides start new sessions every 20 pairs, so no history grows long.
//
// On two shared cores one run's noise is larger than the goal's 3 %, so: the backend runs in a
// process of its own, as shipped (the bundle, under plain Node), so its CPU is measured apart from
// the load generator's; turns alternate in pairs whose order flips every pair; each turn starts
// once OpenCode and the backend are quiet (not inside the last turn's trailing work); warm-up
// pairs are dropped; the verdict is on the per-pair ratios' centre, by their median and by the
// trimmed mean of their logs (stats.ts), each with a 95 % bootstrap interval, met only when both
// intervals are; each turn is split where opencode asked the model (chatTurnSplit.ts), to say
// which part the backend lengthens; and the backend's CPU time per turn (all its threads, from
// /proc/<pid>/task/*/schedstat, from one turn's start to the next's) is a second figure that
// other load barely moves.
import { type ChildProcess, fork } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createOpencodeClient, type OpencodeClient } from "@opencode-ai/sdk/v2";
import { createTurnkeyClient } from "@turnkey/client";
import { basicAuthHeader } from "@turnkey/sidecar";
import { backendBundleOptions, buildAtomically } from "../scripts/buildBackend.ts";
import { directDeltas, relayedDeltas } from "./chatStreams.ts";
import type { HostMessage, HostRequest } from "./chatTurnHost.ts";
import { pairedTurns } from "./chatTurnPairs.ts";
import { clusters, splitAtModel, splitDifferences } from "./chatTurnSplit.ts";
import { type BenchContext, type BenchResult, untilIdle } from "./context.ts";
import {
  bootstrapPairRatio,
  bootstrapRatio,
  bootstrapTrimmedPairRatio,
  ms,
  pairRatios,
  quantile,
  round,
  summarize,
  trimmedPairRatio,
  withIqr,
} from "./stats.ts";

type Sidecar = Extract<HostMessage, { type: "sidecar" }>;

const hostBundle = join(import.meta.dirname, "dist", "chatTurnHost.mjs");

/**
 * The backend in its own process (chatTurnHost.ts), and what it says of its sidecar. The host is
 * bundled with the very options of the shipped bundles (the worker's and `npm run serve`'s) and
 * runs under plain Node, as they do: the backend measured is the one shipped, not source under tsx.
 */
async function startHost(ctx: BenchContext, workdir: string) {
  await buildAtomically(backendBundleOptions(join(import.meta.dirname, "chatTurnHost.ts"), hostBundle));
  const profileDir = process.env.BENCH_BACKEND_PROFILE;
  const child: ChildProcess = fork(hostBundle, [], {
    execArgv: profileDir ? ["--cpu-prof", "--cpu-prof-interval=250", `--cpu-prof-dir=${profileDir}`] : [],
    stdio: ["ignore", "ignore", "inherit", "ipc"],
  });
  let sidecar: Sidecar = { type: "sidecar", state: "stopped", url: null, password: null, pid: null };
  const ready = new Promise<{ url: string; token: string }>((resolve, reject) => {
    child.on("message", (m: HostMessage) => {
      if (m.type === "sidecar") sidecar = m;
      if (m.type === "ready") resolve(m);
      if (m.type === "failed") reject(new Error(`the bench's backend host failed: ${m.message}`));
    });
    child.once("exit", (code) => reject(new Error(`the bench's backend host exited (${code})`)));
  });
  child.send({
    type: "start",
    root: ctx.root,
    workdir,
    env: ctx.env,
    configFile: ctx.configFile,
  } satisfies HostRequest);
  const { url, token } = await ready;
  return {
    pid: child.pid!,
    url,
    token,
    sidecar: () => sidecar,
    /** Until OpenCode runs (after a restart under load, say); never inside a timed turn. */
    async running(): Promise<Sidecar> {
      const deadline = Date.now() + 60_000;
      while (sidecar.state !== "running" && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      if (sidecar.state !== "running") throw new Error(`OpenCode is ${sidecar.state} after a minute`);
      return sidecar;
    },
    async close() {
      const exited = new Promise((r) => child.once("exit", r));
      child.disconnect();
      await exited;
    },
  };
}

const warmupPairs = 5;
/** Pairs per pair of sessions: each session grows by one turn per pair, up to this many. */
const sessionTurns = 20;

export async function benchChatTurn(ctx: BenchContext, defaultPairs: number): Promise<BenchResult> {
  // Fewer pairs for a CPU profile (BENCH_BACKEND_PROFILE): its split by side needs no verdict.
  const pairs = Number(process.env.BENCH_CHAT_PAIRS) || defaultPairs;
  // The project folder of both sides: a folder of its own, not the context's root, which holds
  // opencode's home, data and npm cache. opencode's file finder (fff) watches the project folder
  // from the first prompt in it: with its own database and log inside, every turn's SQLite writes
  // (~70 changes of opencode.db-wal per turn, seen with strace) woke its watcher and its worker
  // threads during the turns, on both sides; a person's project does not hold opencode's data.
  const project = join(ctx.root, "project");
  mkdirSync(project, { recursive: true });
  const host = await startHost(ctx, project);
  try {
    const client = createTurnkeyClient({ baseUrl: host.url, token: host.token });
    await client.start();
    await untilIdle((await host.running()).pid!);
    // opencode's first prompt in a folder npm-installs its plugin package and starts the file
    // finder's index, and the install goes on for seconds after that prompt is answered: one
    // prompt, then quiet, before the warm-up, so no measured pair shares the cores with it.
    const firstStarted = performance.now();
    await client.sendAndWait((await client.createSession()).session.id, "ping");
    const firstMs = performance.now() - firstStarted;
    await untilIdle((await host.running()).pid!, 180_000);
    const settleMs = performance.now() - firstStarted - firstMs;
    // Fresh sessions every `sessionTurns` pairs: a session 400 turns long would make every turn
    // carry (and opencode re-read) a long history, which a quick run of 20 pairs never had.
    let viaBackend = "";
    let straight = "";
    const newSessions = async (pair: number) => {
      if (pair % sessionTurns !== 0) return false;
      await host.running();
      viaBackend = (await client.createSession()).session.id;
      straight = (await client.createSession()).session.id;
      return true;
    };
    // One client per sidecar, as the backend keeps: after a restart the port and password change.
    let current: { url: string; sdk: OpencodeClient } | null = null;
    const directNow = () => {
      const { url, password } = host.sidecar();
      if (!url || !password) throw new Error("OpenCode is not running");
      if (current?.url !== url)
        current = {
          url,
          sdk: createOpencodeClient({ baseUrl: url, headers: { authorization: basicAuthHeader(password) } }),
        };
      return current.sdk;
    };
    const { a, b, pausesMs, startsUs } = await pairedTurns(
      pairs,
      warmupPairs,
      {
        a: async () => void (await client.sendAndWait(viaBackend, "ping")),
        b: async () => {
          const res = await directNow().session.prompt({
            sessionID: straight,
            parts: [{ type: "text", text: "ping" }],
          });
          if (res.error !== undefined || !res.data) throw new Error(`OpenCode answered HTTP ${res.response.status}`);
        },
      },
      () => ({ backend: host.pid, sidecar: host.sidecar().pid }),
      () => host.running(),
      newSessions,
    );

    // Which side each part of the profile belongs to: a turn runs from its start to the next's.
    const profileDir = process.env.BENCH_BACKEND_PROFILE;
    if (profileDir) {
      mkdirSync(profileDir, { recursive: true });
      writeFileSync(join(profileDir, "turns.json"), JSON.stringify({ a: "through", b: "straight", startsUs }));
    }
    // Time to first token: one prompt, both streams listening; the difference is the relay's cost.
    const firstOurs: number[] = [];
    const firstDirect: number[] = [];
    for (let i = 0; i < Math.min(pairs, 10); i++) {
      await host.running();
      const sdk = directNow();
      const { session } = await client.createSession();
      const ours = relayedDeltas(host, session.id);
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

    const wall = { ours: a.map((t) => t.ms), direct: b.map((t) => t.ms) };
    // The verdict's figure: each pair's own ratio, so what hit both turns of a pair cancels.
    const perPair = pairRatios(wall.ours, wall.direct);
    const pairRatio = round(quantile(perPair, 0.5), 3);
    const [low, high] = bootstrapPairRatio(wall.ours, wall.direct).map((x) => round(x, 3)) as [number, number];
    // The same centre, read from the middle 60 % of the pairs' log-ratios (stats.ts): narrower.
    const trimmed = round(trimmedPairRatio(wall.ours, wall.direct), 3);
    const [tLow, tHigh] = bootstrapTrimmedPairRatio(wall.ours, wall.direct).map((x) => round(x, 3)) as [number, number];
    const ratio = round(quantile(wall.ours, 0.5) / quantile(wall.direct, 0.5), 3);
    const [mLow, mHigh] = bootstrapRatio(wall.ours, wall.direct).map((x) => round(x, 3)) as [number, number];
    const cpu = {
      backendOurs: a.map((t) => t.backendCpuMs),
      backendDirect: b.map((t) => t.backendCpuMs),
      sidecarOurs: a.map((t) => t.sidecarCpuMs),
      sidecarDirect: b.map((t) => t.sidecarCpuMs),
    };
    const split = splitDifferences(splitAtModel(a, ctx.stub.arrivals), splitAtModel(b, ctx.stub.arrivals));
    const extraCpu = round(quantile(cpu.backendOurs, 0.5) - quantile(cpu.backendDirect, 0.5), 2);
    const ttftOurs = summarize(firstOurs);
    const ttftDirect = summarize(firstDirect);
    const extra = round(ttftOurs.median - ttftDirect.median, 2);
    // Met or missed only when the whole interval says so; otherwise this run cannot tell.
    const verdictOf = (lo: number, hi: number) =>
      hi <= 1.03 ? "met" : lo > 1.03 ? "not met" : "not resolved: the interval spans 1.03";
    // The goal is met only when both estimators' whole intervals are at or under 1.03.
    const turnMet = high <= 1.03 && tHigh <= 1.03;
    return {
      name: "5. Chat turn",
      rows: [
        {
          metric:
            "turn = POST of a prompt → the finished reply's answer in the client; the stub model's reply " +
            `"Echo: ping" (2 deltas, no delay), in sessions of 1–${sessionTurns} turns; ` +
            `${pairs} alternating pairs after ${warmupPairs} dropped`,
          value: "",
        },
        { metric: "through the backend (?wait=1, app client; bundled backend, plain Node)", value: withIqr(wall.ours) },
        { metric: "straight to the sidecar (SDK session.prompt)", value: withIqr(wall.direct) },
        {
          metric: "turn ratio: median of the per-pair ratios (95 % bootstrap CI)",
          value: `${pairRatio} (${low}–${high}): ${verdictOf(low, high)}`,
        },
        {
          metric: "turn ratio: exp of the 20 % trimmed mean of the per-pair log-ratios (95 % bootstrap CI)",
          value: `${trimmed} (${tLow}–${tHigh}): ${verdictOf(tLow, tHigh)}`,
        },
        { metric: "ratio of the medians (95 % bootstrap CI)", value: `${ratio} (${mLow}–${mHigh})` },
        {
          metric: `split at opencode's call to the model (${split.pairs} pairs): before / after, through the backend`,
          value: `${withIqr(split.before.a)} / ${withIqr(split.after.a)}`,
        },
        {
          metric: "the same, straight",
          value: `${withIqr(split.before.b)} / ${withIqr(split.after.b)}`,
        },
        {
          metric: "through − straight per pair (median, 95 % CI): before the model's call / after it",
          value:
            `${split.before.median} ms (${split.before.low}–${split.before.high}) / ` +
            `${split.after.median} ms (${split.after.low}–${split.after.high})`,
        },
        {
          metric: "opencode's work before the model's call, both sides: turns per 12 ms (its clusters)",
          value: clusters([...split.before.a, ...split.before.b], 12),
        },
        {
          metric: "the first prompt in the project folder (plugin install), then until OpenCode was quiet",
          value: `${round(firstMs, 0)} ms, then ${round(settleMs, 0)} ms`,
        },
        {
          metric: "pause before each turn, until OpenCode and the backend were quiet",
          value: withIqr(pausesMs),
        },
        {
          metric: "backend CPU per turn: through it / straight (relay only)",
          value: `${withIqr(cpu.backendOurs)} / ${withIqr(cpu.backendDirect)}: +${extraCpu} ms`,
        },
        {
          metric: "OpenCode CPU per turn: through the backend / straight",
          value: `${withIqr(cpu.sidecarOurs)} / ${withIqr(cpu.sidecarDirect)}`,
        },
        { metric: "first token on /api/events", value: ms(ttftOurs) },
        { metric: "first token on the sidecar's stream", value: ms(ttftDirect) },
        { metric: "first-token overhead (median)", value: `${extra} ms` },
      ],
      goal:
        "turn ratio ≤ 1.03 (met: the whole 95 % CI of the per-pair median and of the trimmed log-mean); " +
        "first token ≤ +5 ms",
      met: turnMet && extra <= 5,
      raw: {
        pairs,
        wall,
        pairRatios: perPair,
        pausesMs,
        firstPrompt: { ms: round(firstMs, 0), settleMs: round(settleMs, 0) },
        cpu,
        split: {
          pairs: split.pairs,
          before: { through: split.before.a, straight: split.before.b },
          after: { through: split.after.a, straight: split.after.b },
        },
        pairRatio,
        ci: [low, high],
        trimmedRatio: trimmed,
        trimmedCi: [tLow, tHigh],
        ratio,
        ratioCi: [mLow, mHigh],
        extraCpu,
        ttftOurs,
        ttftDirect,
        extra,
      },
    };
  } finally {
    await host.close();
  }
}

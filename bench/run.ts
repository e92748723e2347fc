// `npm run bench`: what the supervisor and the relay cost against raw opencode, measured in the
// same run. Writes bench/results.json and prints a table. Not a test: nothing here asserts.
// BENCH_ONLY=1,5 runs a subset; BENCH_QUICK=1 uses fewer runs.
import { writeFileSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import { join } from "node:path";
import { stop as stopEsbuild } from "esbuild";
import { watchThisProcess } from "../scripts/strayWatch.ts";
import { benchThroughput } from "./chat.ts";
import { benchChatTurn } from "./chatTurn.ts";
import { benchChatWindow } from "./chatWindow.ts";
import { type BenchResult, createContext } from "./context.ts";
import { benchControlApi } from "./controlApi.ts";
import { benchCrash, benchHang } from "./recovery.ts";
import { benchResources } from "./resources.ts";
import { benchServe } from "./serve.ts";
import { benchStartToReady } from "./startToReady.ts";
import { round } from "./stats.ts";
import { benchStop } from "./stop.ts";
import { benchUpdate } from "./update.ts";

// A bench stopped from outside (quiet-run's limit, Ctrl+C) leaves no opencode behind (scripts/strayWatch.ts).
const watch = watchThisProcess();

const quick = process.env.BENCH_QUICK === "1";
const only = new Set(
  (process.env.BENCH_ONLY ?? "1,2,3,4,5,6,7,8,9,10,11")
    .split(",")
    .map((n) => n.trim())
    .filter(Boolean)
    .map(Number),
);
const runs = quick ? 3 : 7;

const benches: [number, (ctx: Awaited<ReturnType<typeof createContext>>) => Promise<BenchResult>][] = [
  [1, (ctx) => benchStartToReady(ctx, runs)],
  [2, (ctx) => benchCrash(ctx, runs)],
  [3, (ctx) => benchHang(ctx, quick ? 1 : 2, runs)],
  [4, (ctx) => benchStop(ctx, runs)],
  [5, (ctx) => benchChatTurn(ctx, quick ? 400 : 1000)],
  [6, (ctx) => benchThroughput(ctx, 20_000)],
  [7, (ctx) => benchControlApi(ctx, 200, quick ? 3 : 10)],
  [8, (ctx) => benchResources(ctx, quick ? 10 : 60)],
  [9, (ctx) => benchServe(ctx, quick ? 15 : 21, quick ? 10 : 30, 3)],
  [10, () => benchChatWindow(quick ? 3 : 7)],
  [11, (ctx) => benchUpdate(ctx, quick ? 1 : 2)],
];

// A number that names no benchmark is a typo: say so before anything runs or results.json is
// overwritten with an empty run.
const unknown = [...only].filter((n) => !benches.some(([number]) => number === n));
if (unknown.length > 0 || only.size === 0) {
  const named = unknown.length > 0 ? `names no benchmark ${unknown.join(", ")}` : "names no benchmark";
  process.stderr.write(`BENCH_ONLY ${named}: use numbers from 1 to ${benches.length}, comma-separated.\n`);
  watch?.release();
  process.exit(2);
}

const ctx = await createContext();
const results: BenchResult[] = [];
try {
  for (const [number, bench] of benches) {
    if (!only.has(number)) continue;
    process.stderr.write(`benchmark ${number}…\n`);
    results.push(await bench(ctx));
  }
} finally {
  await ctx.close();
  // The benches' builds leave esbuild's service running until this process exits (by design:
  // github.com/evanw/esbuild/issues/3558), which is after the watch's sweep: end it first, or
  // the sweep reports it as leaked.
  await stopEsbuild();
  watch?.release();
}

const machine = `${cpus()[0]?.model ?? "unknown CPU"} ×${cpus().length}, ${round(totalmem() / 2 ** 30, 0)} GiB, Node ${process.version}, ${process.platform}`;
writeFileSync(
  join(import.meta.dirname, "results.json"),
  `${JSON.stringify({ at: new Date().toISOString(), machine, quick, results }, null, 2)}\n`,
);
const lines = [
  `Machine: ${machine}${quick ? " (quick run)" : ""}`,
  "",
  "| benchmark | measure | figure | goal | met |",
  "|---|---|---|---|---|",
];
for (const r of results) {
  r.rows.forEach((row, i) => {
    const tail = i === 0 ? `${r.goal} | ${r.met === null ? "—" : r.met ? "yes" : "**no**"}` : " | ";
    lines.push(`| ${i === 0 ? r.name : ""} | ${row.metric} | ${row.value} | ${tail} |`);
  });
}
process.stdout.write(`${lines.join("\n")}\n`);

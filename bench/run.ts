// `npm run bench`: figures of the supervisor against raw opencode, measured in the same run.
// Writes bench/results.json and prints a table. Not a test: nothing here asserts a timing.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { cpus, tmpdir, totalmem } from "node:os";
import { join } from "node:path";
import { startBackend } from "../apps/backend/src/startBackend.ts";
import { isolatedOpencodeEnv } from "../packages/sidecar/test/isolatedHome.ts";
import { benchStartToReady } from "./startToReady.ts";
import { round } from "./stats.ts";

const runs = Number(process.env.BENCH_RUNS ?? 7);
const root = mkdtempSync(join(tmpdir(), "turnkey-bench-"));
const env = isolatedOpencodeEnv(root);
const backend = await startBackend({
  dataDir: join(root, "data"),
  autostart: false,
  uiDir: null,
  profile: "inherit", // same config folders as the raw side: both use the isolated XDG dirs
  supervisor: { env },
});

try {
  const results = [await benchStartToReady(backend, env, runs)];
  const machine = `${cpus()[0]?.model ?? "unknown CPU"} ×${cpus().length}, ${round(totalmem() / 2 ** 30, 0)} GiB, Node ${process.version}, ${process.platform}`;
  writeFileSync(
    join(import.meta.dirname, "results.json"),
    `${JSON.stringify({ at: new Date().toISOString(), machine, runs, results }, null, 2)}\n`,
  );
  console.log(`machine: ${machine}; ${runs} alternating runs after warm-up\n`);
  console.log("| benchmark | managed median (min–max) | raw median (min–max) | ratio | goal |");
  console.log("|---|---|---|---|---|");
  for (const r of results) {
    const fmt = (s: typeof r.managed) => `${round(s.median)} ${r.unit} (${round(s.min)}–${round(s.max)})`;
    console.log(`| ${r.name} | ${fmt(r.managed)} | ${fmt(r.raw)} | ${r.ratio} | ${r.goal} |`);
  }
} finally {
  await backend.close();
  rmSync(root, { recursive: true, force: true });
}

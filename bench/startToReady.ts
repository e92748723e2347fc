// 1. Start to ready: POST /api/sidecar/start until it answers "running", against spawning the
// same binary with the same environment and polling /global/health every 5 ms.
import { spawn } from "node:child_process";
import { basicAuthHeader, generateSidecarPassword, parseListeningLine, resolveOpencodeBinary } from "@turnkey/sidecar";
import type { BenchContext, BenchResult } from "./context.ts";
import { alternate, ms, round, summarize } from "./stats.ts";

export async function benchStartToReady(ctx: BenchContext, runs: number): Promise<BenchResult> {
  const { client } = await ctx.backend();
  const binary = await resolveOpencodeBinary({ nodeModulesFrom: process.cwd() });
  if (!binary.ok) throw new Error(binary.error.message);

  const managed = async () => {
    const started = performance.now();
    const status = await client.start();
    const elapsed = performance.now() - started;
    if (status.state !== "running") throw new Error(`managed start ended ${status.state}`);
    await client.stop();
    return elapsed;
  };

  const raw = async () => {
    const password = generateSidecarPassword();
    const started = performance.now();
    const child = spawn(binary.path, ["serve", "--hostname", "127.0.0.1", "--port", "0"], {
      cwd: ctx.root,
      env: { ...process.env, ...ctx.env, OPENCODE_CONFIG_CONTENT: "", OPENCODE_SERVER_PASSWORD: password },
      stdio: ["ignore", "pipe", "ignore"],
    });
    const url = await new Promise<string>((resolve, reject) => {
      let out = "";
      child.stdout.on("data", (chunk) => {
        out += chunk;
        for (const line of out.split("\n")) {
          const hit = parseListeningLine(line);
          if (hit) resolve(hit.url);
        }
      });
      child.once("exit", () => reject(new Error("raw opencode exited before listening")));
    });
    for (;;) {
      const res = await fetch(`${url}/global/health`, { headers: { authorization: basicAuthHeader(password) } }).catch(
        () => null,
      );
      if (res?.ok) break;
      await new Promise((r) => setTimeout(r, 5));
    }
    const elapsed = performance.now() - started;
    const gone = new Promise((r) => child.once("exit", r));
    child.kill("SIGKILL");
    await gone;
    return elapsed;
  };

  const { a, b } = await alternate(runs, 1, managed, raw);
  const managedSummary = summarize(a);
  const rawSummary = summarize(b);
  const ratio = round(managedSummary.median / rawSummary.median, 3);
  return {
    name: "1. Start to ready",
    rows: [
      { metric: "managed (POST start → running)", value: ms(managedSummary) },
      { metric: "raw opencode (spawn → healthy)", value: ms(rawSummary) },
      { metric: "ratio", value: String(ratio) },
    ],
    goal: "ratio ≤ 1.05",
    met: ratio <= 1.05,
    raw: { managed: managedSummary, raw: rawSummary, ratio },
  };
}

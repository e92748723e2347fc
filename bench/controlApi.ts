// 7. Control API latency: GET /api/status at 200 requests/s for 10 s against the backend in its
// own process, with autocannon as the load generator in another (fixed rate, so a slow answer
// cannot slow the load down and hide itself).
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import { type BenchContext, type BenchResult, forkBackend } from "./context.ts";

interface AutocannonResult {
  requests: { total: number };
  errors: number;
  non2xx: number;
  latency: { p50: number; p90: number; p99: number; max: number; mean: number };
}

function autocannon(url: string, token: string, rate: number, seconds: number): Promise<AutocannonResult> {
  const cli = createRequire(import.meta.url).resolve("autocannon/autocannon.js");
  const args = [
    cli,
    "-R",
    String(rate),
    "-d",
    String(seconds),
    "-c",
    "4",
    "-H",
    `authorization=Bearer ${token}`,
    "--json",
    url,
  ];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "ignore"] });
    let out = "";
    child.stdout.on("data", (chunk) => (out += chunk));
    child.on("error", reject);
    child.on("close", () => {
      try {
        resolve(JSON.parse(out) as AutocannonResult);
      } catch {
        reject(new Error(`autocannon printed no result: ${out.slice(0, 200)}`));
      }
    });
  });
}

/** The baseline: a bare node:http server in its own process answering the same JSON. */
async function bareServer(body: string) {
  const code = `require("node:http").createServer((q, r) => { r.writeHead(200, { "content-type": "application/json" }); r.end(process.env.BODY); }).listen(0, "127.0.0.1", function () { process.send(this.address().port); });`;
  const child = spawn(process.execPath, ["-e", code], {
    env: { ...process.env, BODY: body },
    stdio: ["ignore", "ignore", "inherit", "ipc"],
  });
  const port = await new Promise<number>((resolve) => child.once("message", (m) => resolve(Number(m))));
  return { url: `http://127.0.0.1:${port}/`, close: () => child.kill() };
}

const summary = (l: AutocannonResult["latency"]) => `p50 ${l.p50} ms, p99 ${l.p99} ms, max ${l.max} ms`;

export async function benchControlApi(ctx: BenchContext, rate: number, seconds: number): Promise<BenchResult> {
  const backend = await forkBackend(ctx);
  const bare = await bareServer(JSON.stringify(await backend.client.status()));
  try {
    const url = `http://127.0.0.1:${backend.port}/api/status`;
    await autocannon(url, backend.token, rate, 2); // warm-up
    await autocannon(bare.url, backend.token, rate, 2);
    const ours = await autocannon(url, backend.token, rate, seconds);
    const base = await autocannon(bare.url, backend.token, rate, seconds);
    return {
      name: "7. Control API latency",
      rows: [
        {
          metric: `GET /api/status, ${rate}/s for ${seconds} s (${ours.requests.total} requests)`,
          value: summary(ours.latency),
        },
        { metric: "bare node:http server, same load and body", value: summary(base.latency) },
        { metric: "errors / non-2xx", value: `${ours.errors} / ${ours.non2xx}` },
      ],
      goal: "p99 ≤ 5 ms",
      met: ours.latency.p99 <= 5 && ours.errors === 0 && ours.non2xx === 0,
      raw: { latency: ours.latency, baseline: base.latency, total: ours.requests.total },
    };
  } finally {
    bare.close();
    await backend.close();
  }
}

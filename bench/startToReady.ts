// Start to ready: POST /api/sidecar/start until it answers "running", against spawning the same
// binary with the same environment and polling /global/health every 5 ms.
import { spawn } from "node:child_process";
import { createTurnkeyClient } from "@turnkey/client";
import { basicAuthHeader, generateSidecarPassword, parseListeningLine, resolveOpencodeBinary } from "@turnkey/sidecar";
import type { Backend } from "../apps/backend/src/startBackend.ts";
import { alternate, round, summarize } from "./stats.ts";

export async function benchStartToReady(backend: Backend, env: Record<string, string>, runs: number) {
  const client = createTurnkeyClient({ baseUrl: backend.url, token: backend.token });
  const binary = await resolveOpencodeBinary({ nodeModulesFrom: process.cwd() });
  if (!binary.ok) throw new Error(binary.error.message);

  const managed = async () => {
    const started = performance.now();
    const status = await client.start();
    const ms = performance.now() - started;
    if (status.state !== "running") throw new Error(`managed start ended ${status.state}`);
    await client.stop();
    return ms;
  };

  const raw = async () => {
    const password = generateSidecarPassword();
    const started = performance.now();
    const child = spawn(binary.path, ["serve", "--hostname", "127.0.0.1", "--port", "0"], {
      env: { ...process.env, ...env, OPENCODE_SERVER_PASSWORD: password },
      stdio: ["ignore", "pipe", "inherit"],
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
    const ms = performance.now() - started;
    const gone = new Promise((r) => child.once("exit", r));
    child.kill("SIGKILL");
    await gone;
    return ms;
  };

  const { a, b } = await alternate(runs, 1, managed, raw);
  const managedSummary = summarize(a);
  const rawSummary = summarize(b);
  return {
    name: "start to ready",
    unit: "ms",
    managed: managedSummary,
    raw: rawSummary,
    ratio: round(managedSummary.median / rawSummary.median, 3),
    goal: "ratio ≤ 1.05",
  };
}

import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { it } from "vitest";
import { startBackend } from "../src/startBackend.ts";
import { startStubProvider } from "./stubProvider.ts";
import { isolatedOpencodeEnv } from "../../../packages/sidecar/test/isolatedHome.ts";

it("debug restart then models", async () => {
  const stub = await startStubProvider();
  const root = mkdtempSync(join(tmpdir(), "turnkey dbg-"));
  const backend = await startBackend({
    dataDir: join(root, "data"),
    workdir: root,
    opencodeConfig: stub.writeOpencodeConfig(root),
    supervisor: { env: isolatedOpencodeEnv(root) },
  });
  await backend.supervisor.start();
  const h = { authorization: `Bearer ${backend.token}` };
  const inflight = (process.env.DBG_PATHS ?? "").split(",").filter(Boolean).map((path) => {
    const t0 = Date.now(); return fetch(`${backend.url}${path}`, { headers: h, signal: AbortSignal.timeout(40000) }).then((r) => r.status, (e) => String(e)).then((s) => console.log("inflight", path, s, Date.now() - t0));
  });
  await new Promise((r) => setTimeout(r, 300));
  console.log("stop", (await backend.supervisor.stop()).state);
  console.log("start", (await backend.supervisor.start()).state);
  const t0 = Date.now();
  const r = await fetch(`${backend.url}/api/models`, { headers: h, signal: AbortSignal.timeout(30000) }).catch((e) => e);
  console.log("after", r.status ?? String(r), Date.now() - t0);
  await Promise.all(inflight);
  const { execSync } = await import("node:child_process");
  console.log("FILES", execSync(`find "${root}" -newer "${join(root, "data")}" -maxdepth 6 -not -path "*/node_modules/*" | grep -iv "logs/" | head -80`).toString());
  console.log("PS", execSync(`ps -ef | grep -v grep | grep -E "bun|opencode" | head`).toString());
  await backend.close(); await stub.close();
}, 120_000);

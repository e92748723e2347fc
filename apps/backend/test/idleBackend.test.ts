// The built backend, started as `npm run serve` starts it, keeps Node's undici (fetch's classes,
// ~7 MB of an idle backend's RSS) unloaded until someone asks it something: the HTTP adapter and
// opencode's SDK load with the first request. Nor does it load ICU's collation data (~2.7 MB) before
// a request sorts something, nor grow V8's young generation while it loads (startupHeap.ts). That
// first request, a chat, must then work.
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { createTurnkeyClient } from "@turnkey/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isolatedOpencodeEnv } from "../../../packages/sidecar/test/isolatedHome.ts";
import { buildBackendCli, cliBundle } from "../../../scripts/buildBackend.ts";
import { environScrubFileName, secretsPluginDir } from "../src/secretsPlugin.ts";
import { type StubProvider, startStubProvider } from "./stubProvider.ts";

const repoRoot = join(import.meta.dirname, "..", "..", "..");
let stub: StubProvider;
let root: string;
let backend: ChildProcess | null = null;

beforeAll(async () => {
  stub = await startStubProvider();
  root = mkdtempSync(join(tmpdir(), "turnkey idle-"));
  await buildBackendCli();
}, 120_000);

afterAll(async () => {
  if (backend && backend.exitCode === null) {
    const exited = new Promise((resolve) => backend!.once("exit", resolve));
    backend.kill("SIGTERM"); // the backend stops opencode's tree before it exits
    await exited;
  }
  await stub?.close();
  rmSync(root, { recursive: true, force: true });
});

/** Polls until `done` holds; the deadline is a safety net, so a regression fails instead of hanging. */
async function until(done: () => boolean, what: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe("an idle backend", () => {
  it("has not loaded undici or ICU collation nor grown its young generation when OpenCode runs, and its first request, a chat, is answered", async () => {
    const dataDir = join(root, "data");
    const token = "t".repeat(43);
    const config = stub.writeOpencodeConfig(root);
    const args = ["--port", "0", "--data-dir", dataDir, "--workdir", root, "--opencode-config", config];
    backend = spawn(
      process.execPath,
      [
        "--import",
        pathToFileURL(join(import.meta.dirname, "idleReport.mjs")).href,
        cliBundle,
        ...args,
        "--profile",
        "inherit",
      ],
      {
        cwd: repoRoot,
        env: {
          ...process.env,
          ...isolatedOpencodeEnv(root),
          TURNKEY_TOKEN: token,
        },
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    let stdout = "";
    let stderr = "";
    backend.stdout!.on("data", (chunk) => (stdout += chunk));
    backend.stderr!.on("data", (chunk) => (stderr += chunk));
    await until(() => /opencode: running/.test(stderr), `OpenCode runs (${stderr})`);
    // What an idle backend does once OpenCode runs has happened: the relay subscribed, and the
    // folder request that loads the secrets plugin was answered (the plugin reports when loaded).
    await until(() => existsSync(join(secretsPluginDir(dataDir), environScrubFileName)), "the plugin loaded");

    const url = /ready at (http:\/\/127\.0\.0\.1:\d+)/.exec(stdout)![1]!;
    const client = createTurnkeyClient({ baseUrl: url, token });
    const { session } = await client.createSession({ title: "First after idle" });
    const reply = await client.sendAndWait(session.id, "hello after idle");
    expect(reply).toMatchObject({ role: "assistant", text: "Echo: hello after idle", error: null });
    expect(stderr).toContain("undici loaded before the first request: false");
    expect(stderr).toContain("ICU collation used before the first request: false");
    expect(stderr).toContain("young generation grown before the first request: false");
  }, 180_000); // a safety net on a loaded machine
});

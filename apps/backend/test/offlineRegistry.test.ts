// With the npm registry unreachable (offline, or a proxy that refuses), a new chat still starts
// promptly. opencode installs its plugin package into its config folder and, because the secrets
// plugin is configured, waits for that install before a folder's first answer; with npm's default
// retry waits that took ~73 s offline, past this test's minute. The sidecar's npm does not retry
// (npmRetries.ts), so it ends at once, and the secrets plugin still loads (it needs nothing from
// that package). The registry is made unreachable by a proxy on a port nobody listens on, and the
// test checks opencode's own log says its install failed, so it cannot pass by reaching the network.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { isolatedOpencodeEnv } from "../../../packages/sidecar/test/isolatedHome.ts";
import { environScrubFileName, secretsPluginDir } from "../src/secretsPlugin.ts";
import { type RealBackend, startRealBackend } from "./realBackend.ts";

/** A loopback port with nothing listening on it: a proxy there refuses every connection. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

let real: RealBackend | undefined;
afterAll(() => real?.close());

describe("with the npm registry unreachable", () => {
  it("a new chat starts within a minute and the secrets plugin is loaded", { timeout: 60_000 }, async () => {
    const proxy = `http://127.0.0.1:${await closedPort()}`;
    real = await startRealBackend({
      name: "offline registry",
      env: (root) => ({
        // Not seeded: opencode must install its plugin package itself, as on a user's first start.
        ...isolatedOpencodeEnv(root, { seeded: false }),
        // An empty npm cache, as on a first start: a populated one lets npm install from it.
        npm_config_cache: join(root, "npm-cache"),
        HTTPS_PROXY: proxy,
        HTTP_PROXY: proxy,
        https_proxy: proxy,
        http_proxy: proxy,
      }),
      backend: { uiDir: null },
    });
    await real.client.start();
    const { session } = await real.client.createSession({});
    expect(session.id).toMatch(/^ses_/);
    expect(existsSync(join(secretsPluginDir(real.dataDir), environScrubFileName))).toBe(true);
    // opencode writes its log a little after the fact; the session answered, so the line is due.
    const logDir = join(real.root, "xdg", "data", "opencode", "log");
    const log = () =>
      readdirSync(logDir)
        .map((file) => readFileSync(join(logDir, file), "utf8"))
        .join("\n");
    await expect.poll(log, { timeout: 20_000 }).toMatch(/background dependency install failed/);
  });
});

// The run's seeded opencode config folder (opencodeSeed.ts) must really spare each test the
// plugin package install: if a new opencode decides otherwise, every real-opencode test waits for
// an npm install again and the suite grows by minutes without a failure anywhere else.
import { existsSync, lstatSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterEach, expect, it } from "vitest";
import { loopbackRequest } from "../src/loopbackHttp.ts";
import { SidecarSupervisor } from "../src/supervisor.ts";
import { cleanup, tempDir } from "./harness.ts";
import { isolatedOpencodeEnv } from "./isolatedHome.ts";
import { seedVariable } from "./opencodeSeed.ts";

afterEach(cleanup);

it.skipIf(!process.env[seedVariable])(
  "a seeded config folder answers its first plugin-loading call without installing anything",
  async () => {
    const root = tempDir("turnkey seed-");
    const env = isolatedOpencodeEnv(root);
    const configDir = join(env.XDG_CONFIG_HOME ?? root, "opencode");
    const plugin = join(root, "plugin.mjs");
    writeFileSync(plugin, "export const Probe = async () => ({});\n");
    const supervisor = new SidecarSupervisor({
      dataDir: join(root, "data"),
      cwd: root,
      // A plugin makes opencode settle its config folder's packages before it answers.
      env: { ...env, OPENCODE_CONFIG_CONTENT: JSON.stringify({ plugin: [pathToFileURL(plugin).href] }) },
      binary: { nodeModulesFrom: process.cwd() },
      graceMs: 3_000,
    });
    try {
      expect((await supervisor.start()).state).toBe("running");
      const { url, password } = supervisor.connection()!;
      expect((await loopbackRequest(url, { path: "/provider", password, timeoutMs: 120_000 })).status).toBe(200);
      // An install would have used npm's cache in HOME and replaced the link with a folder.
      expect(existsSync(join(env.HOME ?? root, ".npm"))).toBe(false);
      expect(lstatSync(join(configDir, "node_modules")).isSymbolicLink()).toBe(true);
    } finally {
      await supervisor.dispose();
    }
  },
  180_000,
);

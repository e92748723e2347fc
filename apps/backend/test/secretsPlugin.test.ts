// The plugin as opencode loads it, run in the Bun opencode is built on: it clears the password
// from the process's start-up environment (on Linux the bytes /proc/self/environ shows, on macOS
// what `ps eww` shows; on Windows the PEB's block, read back in windowsEnvironment.test.ts) and
// reports what it did beside itself, where the doctor reads it.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runInOpencodeBun } from "../../../packages/sidecar/test/opencodeBun.ts";
import { environScrubFileName, installSecretsPlugin, secretsPluginDir } from "../src/secretsPlugin.ts";

const root = mkdtempSync(join(tmpdir(), "turnkey-plugin-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const secret = "pw-plugin-0123456789abcdef";

describe("the secrets plugin in opencode's Bun", () => {
  it("clears the password from the start-up environment, keeps opencode's own reading of it, and reports it", async () => {
    const plugin = installSecretsPlugin(root);
    const script = `
      import { execFileSync } from "node:child_process";
      import { readFileSync } from "node:fs";
      const readByOpencode = process.env.OPENCODE_SERVER_PASSWORD; // as opencode's flags do at start
      const { TurnkeySecrets } = await import(${JSON.stringify(plugin)});
      await TurnkeySecrets();
      const seen = process.platform === "darwin"
        ? execFileSync("ps", ["eww", "-p", String(process.pid)], { encoding: "utf8" })
        : process.platform === "linux" ? readFileSync("/proc/self/environ", "latin1") : "";
      console.log(JSON.stringify({ pid: process.pid, seen, readByOpencode, left: process.env.OPENCODE_SERVER_PASSWORD ?? null }));`;
    const out = JSON.parse(await runInOpencodeBun(script, { OPENCODE_SERVER_PASSWORD: secret }));
    expect(out.readByOpencode).toBe(secret);
    expect(out.left).toBeNull();
    expect(out.seen).not.toContain(secret);
    if (process.platform !== "win32")
      expect(out.seen).toContain(`OPENCODE_SERVER_PASSWORD=${"x".repeat(secret.length)}`);
    const report = JSON.parse(readFileSync(join(secretsPluginDir(root), environScrubFileName), "utf8"));
    expect(report).toMatchObject({ pid: out.pid, platform: process.platform, outcome: "scrubbed" });
    expect(JSON.stringify(report)).not.toContain(secret);
  });
});

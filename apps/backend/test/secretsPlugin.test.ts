// The plugin as opencode loads it, run in the Bun opencode is built on: it clears the password
// from the process's start-up environment (on Linux the bytes /proc/self/environ shows, on macOS
// what `ps eww` shows; on Windows the PEB's block, read back from another process in
// startupEnvironment.test.ts) and reports what it did beside itself, where the doctor reads it.
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
  // On Windows this process cannot show its own block here: startupEnvironment.test.ts reads it back.
  const readBack = process.platform === "win32" ? "(read back in startupEnvironment.test.ts)" : "";
  it(`clears the password from the start-up environment ${readBack}, keeps opencode's own reading of it, and reports it`, async () => {
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

  // Another platform's branch, run where its library does not exist (kernel32.dll off Windows,
  // libSystem off macOS, nothing known for freebsd): the scrub cannot run.
  it.each(["win32", "darwin", "freebsd"].filter((platform) => platform !== process.platform))(
    "when the scrub cannot run (%s's branch here), opencode goes on: tools still lose the password, the report says failed and why, one log line without the value",
    async (platform) => {
      const plugin = installSecretsPlugin(root);
      const script = `
        Object.defineProperty(process, "platform", { value: ${JSON.stringify(platform)} });
        const logged = [];
        console.error = (...parts) => logged.push(parts.join(" "));
        process.env.OPENCODE_SERVER_PASSWORD;
        const { TurnkeySecrets } = await import(${JSON.stringify(plugin)});
        const hooks = await TurnkeySecrets();
        const output = { env: {} };
        await hooks["shell.env"]({}, output);
        const hidden = Object.entries(output.env).filter(([, value]) => value === undefined).map(([name]) => name);
        console.log(JSON.stringify({ pid: process.pid, logged, hidden, left: process.env.OPENCODE_SERVER_PASSWORD ?? null }));`;
      const out = JSON.parse(await runInOpencodeBun(script, { OPENCODE_SERVER_PASSWORD: secret }));
      expect(out.hidden).toEqual(expect.arrayContaining(["OPENCODE_SERVER_PASSWORD", "OPENCODE_CONFIG_CONTENT"]));
      expect(out.left).toBeNull();
      const report = JSON.parse(readFileSync(join(secretsPluginDir(root), environScrubFileName), "utf8"));
      expect(report).toMatchObject({ pid: out.pid, platform, outcome: "failed", reason: expect.any(String) });
      expect(out.logged).toEqual([
        expect.stringMatching(
          /^OpenCode Turnkey: the password could not be cleared from OpenCode's start-up environment \(.+\); other programs of this user may read it\. See the doctor\.$/,
        ),
      ]);
      expect(`${JSON.stringify(report)}${out.logged}`).not.toContain(secret);
    },
  );
});

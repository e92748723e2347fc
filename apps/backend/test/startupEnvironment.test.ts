// The sidecar password in opencode's start-up environment, which any process of the user can
// read (Linux /proc/<pid>/environ, macOS `ps eww`, Windows the PEB's block): the real opencode,
// started through the backend, holds only "x"s there once its plugins are loaded, still answers
// with its password, and the doctor says so. The readers are checked against a plain child that
// keeps its value, so a pass means the block was read. The doctor's verdicts are table-tested.
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, watch, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createTurnkeyClient } from "@turnkey/client";
import type { SidecarStatus } from "@turnkey/contracts";
import { afterAll, describe, expect, it } from "vitest";
import { isolatedOpencodeEnv } from "../../../packages/sidecar/test/isolatedHome.ts";
import { startupEnvironmentOf } from "../../../packages/sidecar/test/startupEnvironmentOf.ts";
import { startupEnvironmentCheck } from "../src/doctor/startupEnvironment.ts";
import { environScrubFileName, secretsPluginDir } from "../src/secretsPlugin.ts";
import { startBackend } from "../src/startBackend.ts";

const roots: string[] = [];
afterAll(() => {
  for (const root of roots) rmSync(root, { recursive: true, force: true });
});
function tempRoot(): string {
  const root = mkdtempSync(join(tmpdir(), "turnkey startup-env-"));
  roots.push(root);
  return root;
}

/** Waits (60 s at most, a safety net) for the plugin's report from opencode process `pid`. */
async function pluginReport(dataDir: string, pid: number): Promise<void> {
  const dir = secretsPluginDir(dataDir);
  const file = join(dir, environScrubFileName);
  const written = () => {
    try {
      return JSON.parse(readFileSync(file, "utf8")).pid === pid;
    } catch {
      return false; // not there yet, or half written: the write's own event comes next
    }
  };
  mkdirSync(dir, { recursive: true });
  await new Promise<void>((resolve, reject) => {
    const done = (error?: Error) => {
      watcher.close();
      clearTimeout(timer);
      if (error) reject(error);
      else resolve();
    };
    const watcher = watch(dir, () => written() && done());
    const timer = setTimeout(
      () => done(new Error(`opencode ${pid} did not load the secrets plugin within 60 s`)),
      60_000,
    );
    if (written()) done(); // written before the watch began
  });
}

describe("opencode's start-up environment", () => {
  it("a reader finds a value a plain child process started with (the control)", async () => {
    const value = `control-${"v".repeat(30)}`;
    const child = spawn(process.execPath, ["-e", "setInterval(() => {}, 1000)"], {
      env: { ...process.env, OPENCODE_SERVER_PASSWORD: value },
      stdio: "ignore",
    });
    try {
      await new Promise((resolve, reject) => child.once("spawn", resolve).once("error", reject));
      expect(await startupEnvironmentOf(child.pid!)).toContain(`OPENCODE_SERVER_PASSWORD=${value}`);
    } finally {
      child.kill();
    }
  });

  it("holds no password once opencode loaded its plugins, and opencode still answers with it", async () => {
    const root = tempRoot();
    const backend = await startBackend({
      dataDir: join(root, "data"),
      workdir: root,
      uiDir: null,
      autostart: false,
      supervisor: { env: isolatedOpencodeEnv(root) },
    });
    try {
      const client = createTurnkeyClient({ baseUrl: backend.url, token: backend.token });
      await pluginReport(join(root, "data"), (await client.start()).pid!);
      // No window asks anything, yet opencode loads its plugins at each start, a restart too: the
      // backend asks for its folder right after each start (loadSecretsPluginNow).
      const status = await client.restart();
      await pluginReport(join(root, "data"), status.pid!);
      const { password, url } = backend.supervisor.connection()!;
      const environment = await startupEnvironmentOf(status.pid!);
      expect(environment).toContain("OPENCODE_SERVER_USERNAME=opencode"); // the block was read
      expect(environment).not.toContain(password);
      expect(environment).toContain(`OPENCODE_SERVER_PASSWORD=${"x".repeat(password.length)}`);
      const basic = { authorization: `Basic ${btoa(`opencode:${password}`)}` };
      expect((await fetch(`${url}/session`, { headers: basic })).status).toBe(200);
      expect((await fetch(`${url}/session`)).status).toBe(401);
      // The doctor's check (the whole doctor waits on opencode's provider list: not needed here).
      expect(startupEnvironmentCheck(await client.status(), join(root, "data"))).toMatchObject({ result: "ok" });
    } finally {
      await backend.close();
    }
  }, 180_000); // a safety net on a loaded machine; it takes 5–20 s
});

describe("the doctor's secrets check", () => {
  const running = { state: "running", pid: 4242 } as SidecarStatus;
  const withReport = (report: object | null) => {
    const dataDir = tempRoot();
    if (report) {
      mkdirSync(secretsPluginDir(dataDir), { recursive: true });
      writeFileSync(join(secretsPluginDir(dataDir), environScrubFileName), JSON.stringify(report));
    }
    return dataDir;
  };
  const cases: [string, SidecarStatus, object | null, string, RegExp][] = [
    [
      "OpenCode is not running",
      { state: "stopped", pid: null } as SidecarStatus,
      null,
      "skipped",
      /when OpenCode runs/,
    ],
    ["no report yet", running, null, "skipped", /not loaded its plugins/],
    ["a report of an earlier opencode", running, { pid: 1, outcome: "scrubbed" }, "skipped", /not loaded/],
    ["the password overwritten", running, { pid: 4242, outcome: "scrubbed" }, "ok", /Cleared/],
    ["no password found", running, { pid: 4242, outcome: "absent" }, "ok", /Cleared/],
    [
      "a failure",
      running,
      { pid: 4242, outcome: "failed", reason: "EnvironmentSize 3 is not a plausible size" },
      "warn",
      /could not be cleared \(EnvironmentSize 3 is not a plausible size\), so other programs/,
    ],
  ];
  it.each(cases)("%s", (_, status, report, result, detail) => {
    const check = startupEnvironmentCheck(status, withReport(report));
    expect(check).toMatchObject({ id: "secrets", result });
    expect(check.detail).toMatch(detail);
    if (result === "warn") expect(check.action).toBe("open_logs");
  });
});

// Profiles, repair and diagnostics through the API, on the fake sidecar as the "bundled" runtime.
import { copyFileSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createTurnkeyClient } from "@turnkey/client";
import { sha256File } from "@turnkey/sidecar";
import { describe, expect, it } from "vitest";
import { posixDescribe } from "../../../packages/sidecar/test/posixOnly.ts";
import { bearer, fakeOpencode, jsonPost, raw, tempDir, testBackend } from "./harness.ts";

/** The fake sidecar staged the way stage:opencode stages the real one. */
async function bundledRuntime(): Promise<string> {
  const dir = join(tempDir("turnkey bundled-"), "linux-x64");
  mkdirSync(dir, { recursive: true });
  copyFileSync(fakeOpencode, join(dir, "opencode"));
  copyFileSync(join(fakeOpencode, "..", "keeper.mjs"), join(dir, "keeper.mjs"));
  const sha256 = await sha256File(join(dir, "opencode"));
  writeFileSync(
    join(dir, "manifest.json"),
    JSON.stringify({
      package: "opencode-linux-x64",
      version: "9.9.9",
      file: "opencode",
      sha256,
      size: statSync(join(dir, "opencode")).size,
    }),
  );
  return dir;
}

const environOf = (pid: number) => readFileSync(`/proc/${pid}/environ`, "utf8").split("\0");

posixDescribe("runtime profiles (POSIX: reads the sidecar's /proc/<pid>/environ)", () => {
  it("switches profile with a restart, persists it, and refuses an unknown one", async () => {
    const backend = await testBackend("", { profile: "managed" });
    const client = createTurnkeyClient({ baseUrl: backend.url, token: backend.token });
    const managed = await client.start();
    const dataDir = backend.supervisor.dataDir;
    expect(environOf(managed.pid!)).toContain(`XDG_CONFIG_HOME=${join(dataDir, "opencode", "config")}`);
    expect(environOf(managed.pid!)).toContain("OPENCODE_DISABLE_AUTOUPDATE=true");
    const generated = JSON.parse(
      readFileSync(join(dataDir, "opencode", "config", "opencode", "opencode.json"), "utf8"),
    );
    expect(generated.autoupdate).toBe(false);

    const settings = await raw(backend, { path: "/api/settings", headers: bearer(backend) });
    expect(settings.json()).toEqual({ settings: { profile: "managed" }, profileSource: "flag" });

    const put = await raw(backend, {
      method: "PUT",
      path: "/api/settings",
      headers: { ...bearer(backend), "content-type": "application/json" },
      body: '{"profile":"inherit"}',
    });
    expect(put.status).toBe(200);
    const body = put.json() as {
      settings: { profile: string };
      profileSource: string;
      status: { pid: number; state: string };
    };
    expect(body).toMatchObject({
      settings: { profile: "inherit" },
      profileSource: "settings",
      status: { state: "running" },
    });
    expect(body.status.pid).not.toBe(managed.pid);
    expect(environOf(body.status.pid).some((v) => v.startsWith("XDG_CONFIG_HOME="))).toBe(false);
    const saved = readFileSync(join(dataDir, "settings.json"), "utf8");
    expect(JSON.parse(saved)).toMatchObject({ profile: "inherit" });

    const bad = await raw(backend, {
      method: "PUT",
      path: "/api/settings",
      headers: { ...bearer(backend), "content-type": "application/json" },
      body: '{"profile":"shared"}',
    });
    expect(bad.status).toBe(400);
    expect(readFileSync(join(dataDir, "settings.json"), "utf8")).toBe(saved);
  });
});

posixDescribe(
  "managed runtime and repair (POSIX: the fake staged as Linux's opencode program, run by its shebang)",
  () => {
    it("provisions the bundled runtime, and repair replaces a damaged copy, reporting each step", async () => {
      const bundled = await bundledRuntime();
      const backend = await testBackend("", { opencodeBin: null, bundledBinaryDir: bundled });
      const client = createTurnkeyClient({ baseUrl: backend.url, token: backend.token });
      const before = await raw(backend, { path: "/api/runtime", headers: bearer(backend) });
      expect(before.json()).toMatchObject({ phase: "checking", version: "9.9.9" });
      const started = await client.start();
      expect(started.binary).toMatchObject({ source: "managed" });
      const managed = started.binary!.path;
      expect((await raw(backend, { path: "/api/runtime", headers: bearer(backend) })).json()).toMatchObject({
        phase: "ready",
        path: managed,
      });

      const bytes = readFileSync(managed);
      bytes[40] = bytes[40]! ^ 0xff;
      writeFileSync(managed, bytes);
      const repaired = await jsonPost(backend, "/api/sidecar/repair");
      expect(repaired.status).toBe(200);
      const result = repaired.json() as {
        steps: { step: string; ok: boolean; detail: string }[];
        status: { state: string };
      };
      expect(result.steps.map((s) => [s.step, s.ok])).toEqual([
        ["stop", true],
        ["verify", true],
        ["clear_record", true],
        ["start", true],
      ]);
      expect(result.steps[1]?.detail).toContain("damaged and has been replaced");
      // Stopped cleanly just before: there was nothing to clear, and the step says so.
      expect(result.steps[2]?.detail).toBe("There was no record of an earlier OpenCode process to clear.");
      expect(result.status.state).toBe("running");
      expect(await sha256File(managed)).toBe(await sha256File(join(bundled, "opencode")));
    });

    it("reports a damaged installation instead of running it", async () => {
      const bundled = await bundledRuntime();
      const bytes = readFileSync(join(bundled, "opencode"));
      bytes[40] = bytes[40]! ^ 0xff;
      writeFileSync(join(bundled, "opencode"), bytes);
      const backend = await testBackend("", { opencodeBin: null, bundledBinaryDir: bundled });
      const res = await jsonPost(backend, "/api/sidecar/repair");
      expect(res.status).toBe(503);
      const body = res.json() as { error: { code: string; message: string }; steps: { step: string; ok: boolean }[] };
      expect(body.error.code).toBe("repair_failed");
      expect(body.error.message).toContain("Reinstall OpenCode Turnkey");
      expect(body.steps.find((s) => s.step === "verify")?.ok).toBe(false);
      expect(backend.supervisor.status()).toMatchObject({ state: "failed", error: { code: "runtime_damaged" } });
    });
  },
);

describe("diagnostics", () => {
  it("bundles versions, OS, profile, status and logs, with no password, token or API key", async () => {
    const backend = await testBackend("echo-password");
    const client = createTurnkeyClient({ baseUrl: backend.url, token: backend.token });
    await client.start();
    const firstPassword = backend.supervisor.connection()!.password;
    await client.restart();
    const secondPassword = backend.supervisor.connection()!.password;
    const apiKey = "sk-live-0123456789abcdef";
    backend.supervisor.logs.push("stdout", `provider answered for key ${apiKey}`, Date.now());
    backend.supervisor.logs.push("stdout", `{"apiKey":"plain-secret-value-42"}`, Date.now());
    backend.supervisor.logs.push("stderr", `Authorization: Bearer ${backend.token}`, Date.now());

    const res = await raw(backend, { path: "/api/diagnostics?download=1", headers: bearer(backend) });
    expect(res.status).toBe(200);
    expect(res.headers["content-disposition"]).toMatch(
      /^attachment; filename="opencode-turnkey-diagnostics-.+\.json"$/,
    );
    const bundle = res.json() as Record<string, unknown>;
    expect(bundle).toMatchObject({
      versions: { app: expect.any(String), opencodePinned: expect.any(String), node: process.versions.node },
      os: { platform: process.platform },
      settings: { settings: { profile: expect.any(String) } },
      status: { state: "running" },
      runtime: { phase: "unavailable" },
    });
    expect((bundle.logs as unknown[]).length).toBeGreaterThan(3);
    for (const secret of [firstPassword, secondPassword, backend.token, apiKey, "plain-secret-value-42"]) {
      expect(res.body).not.toContain(secret);
    }
    expect(res.body).toContain("my password is [redacted]");
  });

  it("names none of the user's secret-looking variables in any case, only our own (review 5 S4, review 6 S1)", async () => {
    // Lower-case and Mixed_Case names are legal on POSIX and usual on Windows; camelCase too.
    const names = ["ACME_PROD_DB_PASSWORD", "acme_stage_db_password", "Bigcorp_Vpn_Token", "BigcorpVpnToken"];
    for (const [i, name] of names.entries()) process.env[name] = `value-s4-000${i}`;
    try {
      const backend = await testBackend("");
      const doctor = await raw(backend, { path: "/api/doctor", headers: bearer(backend) });
      for (const name of names) expect(doctor.body).toContain(name); // the check lists them, on this machine
      const res = await raw(backend, { path: "/api/diagnostics", headers: bearer(backend) });
      expect(res.status).toBe(200);
      expect(res.body).toContain('"id":"hidden_names"'); // the check that lists them is in the bundle
      for (const [i, name] of names.entries()) {
        expect(res.body).not.toContain(name);
        expect(res.body).not.toContain(`value-s4-000${i}`);
      }
      expect(res.body).toContain("[a variable's name]");
      expect(res.body).toContain("OPENCODE_SERVER_PASSWORD"); // our own names stay
    } finally {
      for (const name of names) delete process.env[name];
    }
  });
});

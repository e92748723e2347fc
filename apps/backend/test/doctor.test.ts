// Each cause the doctor names, produced for real: a taken port, a removed program, a program
// that lost its execute bit, opencode refusing a broken config, a read-only or full data folder,
// a proxy variable that would catch loopback, and no AI provider with a key.
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { chmodSync, copyFileSync, mkdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { DoctorCheck, DoctorReport, RepairResponse, SidecarActionError, SidecarStatus } from "@turnkey/contracts";
import { sha256File } from "@turnkey/sidecar";
import { afterEach, describe, expect, it } from "vitest";
import { isolatedOpencodeEnv } from "../../../packages/sidecar/test/isolatedHome.ts";
import { posixDescribe } from "../../../packages/sidecar/test/posixOnly.ts";
import { DataDirError } from "../src/doctor/dataDir.ts";
import { type DoctorContext, providerCheck } from "../src/doctor/doctor.ts";
import { proxyProblem } from "../src/doctor/proxy.ts";
import { type Backend, PortInUseError, startBackend } from "../src/startBackend.ts";
import { bearer, fakeOpencode, jsonPost, raw, tempDir, testBackend } from "./harness.ts";
import { bundledRuntime } from "./runtimeFixtures.ts";

const realOpencode = join(
  import.meta.dirname,
  "..",
  "..",
  "..",
  "node_modules",
  "opencode-linux-x64",
  "bin",
  "opencode",
);
const children: ChildProcess[] = [];
const mounts: string[] = [];
afterEach(() => {
  for (const child of children.splice(0)) child.kill("SIGKILL");
  for (const dir of mounts.splice(0)) execFileSync("umount", [dir]);
});

async function doctor(backend: Backend): Promise<Record<string, DoctorCheck>> {
  const report = (await raw(backend, { path: "/api/doctor", headers: bearer(backend) })).json() as DoctorReport;
  return Object.fromEntries(report.checks.map((c) => [c.id, c]));
}

/** A read-only (or tiny) file system when this user may mount one; else null. */
function mountTmpfs(options: string): string | null {
  const dir = tempDir("turnkey mount-");
  try {
    execFileSync("mount", ["-t", "tmpfs", "-o", options, "tmpfs", dir], { stdio: "ignore" });
    mounts.push(dir);
    return dir;
  } catch {
    return null;
  }
}

describe("the doctor names the cause, on every platform", () => {
  it("a taken port: which program holds it", async () => {
    const holder = spawn(process.execPath, [
      "-e",
      "require('node:net').createServer().listen(0, '127.0.0.1', function () { console.log(this.address().port) })",
    ]);
    children.push(holder);
    const port = await new Promise<number>((resolve) => holder.stdout.once("data", (d) => resolve(Number(String(d)))));
    const error = await startBackend({ dataDir: tempDir(), port, uiDir: null, autostart: false }).catch((e) => e);
    expect(error).toBeInstanceOf(PortInUseError);
    // Windows names the holder by its image name (netstat -ano, then tasklist), Linux by its comm.
    const name = process.platform === "win32" ? "node.exe" : "node";
    expect(error.message).toBe(
      `Port ${port} on 127.0.0.1 is already in use by ${name} (pid ${holder.pid}). Stop that program, choose another port with --port (or TURNKEY_PORT), or use --port 0 for any free port.`,
    );
  });
});

posixDescribe("the doctor names the cause (POSIX: Linux's opencode and fake programs, chmod, tmpfs mounts)", () => {
  it("a program removed after install (quarantine): named at start, and Repair goes back to the app's own", async () => {
    const bundled = await bundledRuntime("1.0.0");
    const dataDir = tempDir();
    // 2.0.0 installed beside the app's own 1.0.0, as an update would leave it.
    const v2 = join(dataDir, "runtime", "opencode", "2.0.0");
    mkdirSync(v2, { recursive: true });
    copyFileSync(fakeOpencode, join(v2, "opencode"));
    writeFileSync(
      join(v2, "manifest.json"),
      JSON.stringify({
        package: "opencode-linux-x64",
        version: "2.0.0",
        file: "opencode",
        sha256: await sha256File(fakeOpencode),
        size: statSync(fakeOpencode).size,
        source: "registry",
      }),
    );
    writeFileSync(join(dataDir, "settings.json"), JSON.stringify({ profile: "managed", opencodeVersion: "2.0.0" }));
    const backend = await testBackend("", { dataDir, opencodeBin: null, bundledBinaryDir: bundled });
    expect((await jsonPost(backend, "/api/sidecar/start")).status).toBe(200);
    await jsonPost(backend, "/api/sidecar/stop");
    rmSync(join(v2, "opencode"));

    expect((await doctor(backend)).binary).toMatchObject({
      result: "fail",
      title: "OpenCode's program is missing",
      action: "repair",
      detail: expect.stringContaining("removed after it was installed, often by antivirus software"),
    });
    const start = await jsonPost(backend, "/api/sidecar/start");
    expect(start.status).toBe(503);
    const failed = start.json() as SidecarActionError;
    expect(failed.status.error).toMatchObject({ code: "binary_missing" });
    expect(failed.status.error?.message).toContain("antivirus");
    expect((await doctor(backend)).opencode).toMatchObject({ result: "fail", action: "repair" });

    const repaired = await jsonPost(backend, "/api/sidecar/repair");
    expect(repaired.status).toBe(200);
    const result = repaired.json() as RepairResponse;
    expect(result.steps.find((s) => s.step === "verify")?.detail).toContain("Went back to OpenCode 1.0.0");
    expect(result.status.binary?.path).toBe(join(dataDir, "runtime", "opencode", "1.0.0", "opencode"));
  });

  it("a program that lost its execute bit: named, and Repair restores it", async () => {
    const dataDir = tempDir();
    const backend = await testBackend("", {
      dataDir,
      opencodeBin: null,
      bundledBinaryDir: await bundledRuntime("1.0.0"),
    });
    await jsonPost(backend, "/api/sidecar/start");
    await jsonPost(backend, "/api/sidecar/stop");
    const program = join(dataDir, "runtime", "opencode", "1.0.0", "opencode");
    chmodSync(program, 0o644);
    if (process.getuid?.() !== 0) {
      expect((await doctor(backend)).binary).toMatchObject({
        result: "fail",
        title: "OpenCode's program is not executable",
      });
    }
    const start = await jsonPost(backend, "/api/sidecar/start");
    expect(start.status).toBe(503);
    expect((start.json() as SidecarActionError).status.error).toMatchObject({
      code: "binary_not_executable",
      message: expect.stringContaining("lost its permission to run. Press Repair to restore it."),
    });
    expect((await jsonPost(backend, "/api/sidecar/repair")).status).toBe(200);
    expect(statSync(program).mode & 0o111).not.toBe(0);
  });

  it("a broken opencode.json: the doctor sees it first, and opencode's own words name it at start", async () => {
    const root = tempDir("turnkey config ü-");
    const env = isolatedOpencodeEnv(root);
    const configDir = join(env.XDG_CONFIG_HOME ?? root, "opencode");
    const configFile = join(configDir, "opencode.json");
    mkdirSync(configDir, { recursive: true });
    writeFileSync(configFile, '{ "model": "stub/x", broken\n');
    const backend = await testBackend("", {
      opencodeBin: realOpencode,
      profile: "inherit",
      workdir: root,
      // Offline, a just-started opencode takes ~15 s over its first provider list here.
      doctorSidecarTimeoutMs: 120_000,
      supervisor: { env, config: { maxFailedStarts: 1, startupTimeoutMs: 30_000 } },
    });
    expect((await doctor(backend)).config).toMatchObject({
      result: "fail",
      action: "edit_config",
      detail: expect.stringContaining(`${configFile} is not valid JSON`),
    });
    const start = await jsonPost(backend, "/api/sidecar/start");
    expect(start.status).toBe(503);
    const error = (start.json() as SidecarActionError).status.error;
    expect(error?.code).toBe("config_invalid");
    expect(error?.message).toContain(
      `OpenCode rejected its config file ${configFile}: Config file at ${configFile} is not valid JSON(C)`,
    );
    expect((await doctor(backend)).config).toMatchObject({ result: "fail", title: "OpenCode rejected its config" });

    // Fixed: it starts, and the doctor says what is missing next: a key for the chosen model.
    writeFileSync(configFile, '{ "model": "anthropic/claude-sonnet-4-5" }\n');
    expect((await jsonPost(backend, "/api/sidecar/start")).status).toBe(200);
    const after = await doctor(backend);
    expect(after.config?.result).toBe("ok");
    expect(after.opencode?.result).toBe("ok");
    expect(after.provider).toMatchObject({
      result: "fail",
      title: "The chosen model's provider has no key",
      action: "connect_provider",
      detail: expect.stringMatching(
        /^The model anthropic\/claude-sonnet-4-5 needs Anthropic, which has no API key\. Connect it with its key in the chat window \(or set ANTHROPIC_API_KEY/,
      ),
    });
  });

  it("a read-only data folder, and a full disk, are named before anything starts", async () => {
    const readOnly = mountTmpfs("ro,size=1m");
    let dataDir: string;
    if (readOnly) dataDir = join(readOnly, "data");
    else {
      dataDir = tempDir();
      chmodSync(dataDir, 0o500); // not root: permissions are enough
    }
    const error = await startBackend({ dataDir, uiDir: null, autostart: false }).catch((e) => e);
    expect(error).toBeInstanceOf(DataDirError);
    expect(error.message).toMatch(
      new RegExp(
        `^The data folder ${dataDir} cannot be written \\((it is on a read-only file system|permission was denied)\\)\\. Fix its permissions, or choose another folder with --data-dir`,
      ),
    );

    const tiny = mountTmpfs("size=128k");
    if (!tiny) return; // filling a real disk is not an option without a small file system
    writeFileSync(join(tiny, "filler"), Buffer.alloc(120 * 1024)); // what is left is less than the probe
    const full = await startBackend({ dataDir: tiny, uiDir: null, autostart: false }).catch((e) => e);
    expect(full).toMatchObject({ kind: "disk_full" });
    expect(full.message).toBe(
      `The disk holding the data folder ${tiny} is full. Free some space (or choose another folder with --data-dir), then start again.`,
    );
  });
});

describe("the doctor's checks that need no program of one platform", () => {
  it("a proxy variable that would catch loopback: warned, and OpenCode still starts", async () => {
    const saved = {
      HTTPS_PROXY: process.env.HTTPS_PROXY,
      NO_PROXY: process.env.NO_PROXY,
      no_proxy: process.env.no_proxy,
    };
    process.env.HTTPS_PROXY = "http://127.0.0.1:9";
    delete process.env.NO_PROXY;
    delete process.env.no_proxy;
    try {
      const backend = await testBackend("");
      expect((await jsonPost(backend, "/api/sidecar/start")).status).toBe(200);
      expect((await doctor(backend)).proxy).toMatchObject({
        result: "warn",
        action: "set_no_proxy",
        detail: expect.stringContaining("HTTPS_PROXY is set and NO_PROXY does not list 127.0.0.1, localhost, ::1"),
      });
    } finally {
      for (const [name, value] of Object.entries(saved)) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    }
    expect(proxyProblem({ HTTPS_PROXY: "http://p:1", NO_PROXY: "localhost,127.0.0.1,::1" })).toBeNull();
    expect(proxyProblem({ http_proxy: "http://p:1", no_proxy: "*" })).toBeNull();
  });

  it("diagnostics carry the checklist", async () => {
    const backend = await testBackend("");
    const bundle = (await raw(backend, { path: "/api/diagnostics", headers: bearer(backend) })).json() as {
      doctor: DoctorReport;
    };
    expect(bundle.doctor.checks.map((c) => c.id)).toEqual([
      "opencode",
      "binary",
      "cpu",
      "config",
      "data_dir",
      "proxy",
      "provider",
      "secrets",
      "hidden_names",
    ]);
  });

  it("an OpenCode that does not answer: the provider check warns after its deadline instead of waiting for ever", async () => {
    const never = () => new Promise<never>(() => undefined);
    const result = await providerCheck({
      status: () => ({ state: "running" }) as SidecarStatus,
      providers: never,
      models: never,
      sidecarTimeoutMs: 50,
    } as unknown as DoctorContext);
    expect(result).toMatchObject({ id: "provider", result: "warn", action: "open_logs" });
    expect(result.detail).toContain("OpenCode did not answer within 0 s");
  });
});

import { describe, expect, it } from "vitest";
import type { CpuProbes } from "./platformPackage.ts";
import { type FileCheck, resolveOpencodeBinary } from "./resolveBinary.ts";

const avx2Glibc: CpuProbes = { avx2: () => true, musl: () => false };

/** A pretend disk: path → what a check of it answers (everything else is missing). */
function disk(files: Record<string, FileCheck>) {
  const checked: string[] = [];
  const checkFile = async (file: string) => {
    checked.push(file);
    return files[file] ?? "missing";
  };
  return { checkFile, checked };
}

describe("resolveOpencodeBinary on Windows", () => {
  const win = { platform: "win32" as const, arch: "x64", probes: avx2Glibc };

  it("prefers the managed runtime's opencode.exe over everything after it", async () => {
    const { checkFile } = disk({
      "C:\\Users\\Zoë\\AppData\\Roaming\\Turnkey\\runtime\\opencode\\1.0.0\\opencode.exe": "ok",
      "C:\\Program Files\\Turnkey\\resources\\opencode\\win32-x64\\opencode.exe": "ok",
    });
    const result = await resolveOpencodeBinary({
      ...win,
      checkFile,
      managedDir: "C:\\Users\\Zoë\\AppData\\Roaming\\Turnkey\\runtime\\opencode\\1.0.0",
      bundledDir: "C:\\Program Files\\Turnkey\\resources\\opencode\\win32-x64",
      env: { PATH: "" },
    });
    expect(result).toEqual({
      ok: true,
      path: "C:\\Users\\Zoë\\AppData\\Roaming\\Turnkey\\runtime\\opencode\\1.0.0\\opencode.exe",
      source: "managed",
    });
  });

  it("finds the platform package under node_modules, nested under opencode-ai too", async () => {
    const exe = "C:\\app\\node_modules\\opencode-ai\\node_modules\\opencode-windows-x64-baseline\\bin\\opencode.exe";
    const { checkFile } = disk({ [exe]: "ok" });
    const result = await resolveOpencodeBinary({ ...win, checkFile, nodeModulesFrom: "C:\\app\\sub", env: {} });
    expect(result).toEqual({ ok: true, path: exe, source: "node_modules" });
  });

  it("follows PATHEXT and skips the npm .cmd shim for the real opencode.exe behind it", async () => {
    const shim = "C:\\Users\\me\\AppData\\Roaming\\npm\\opencode.cmd";
    const exe =
      "C:\\Users\\me\\AppData\\Roaming\\npm\\node_modules\\opencode-ai\\node_modules\\opencode-windows-x64\\bin\\opencode.exe";
    const { checkFile } = disk({ [shim]: "not_executable", [exe]: "ok" });
    const result = await resolveOpencodeBinary({
      ...win,
      checkFile,
      env: { Path: "C:\\Windows;C:\\Users\\me\\AppData\\Roaming\\npm", PATHEXT: ".COM;.EXE;.BAT;.CMD" },
    });
    expect(result).toEqual({ ok: true, path: exe, source: "path" });
  });

  it("never returns a shim: a lone .cmd on PATH is reported, not used", async () => {
    const shim = "C:\\tools\\opencode.cmd";
    const { checkFile } = disk({ [shim]: "not_executable" });
    const result = await resolveOpencodeBinary({ ...win, checkFile, env: { PATH: "C:\\tools", PATHEXT: ".EXE;.CMD" } });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe("binary_not_found");
      expect(result.error.message).toContain(`found ${shim} but not the opencode.exe it starts`);
    }
  });

  it("rejects an override that points at a .cmd wrapper, saying why", async () => {
    const { checkFile } = disk({ "C:\\npm\\opencode.cmd": "not_executable" });
    const result = await resolveOpencodeBinary({ ...win, checkFile, override: "C:\\npm\\opencode.cmd" });
    expect(result).toMatchObject({ ok: false, error: { code: "binary_not_executable" } });
    if (!result.ok) expect(result.error.message).toContain("point it at opencode.exe");
  });
});

describe("resolveOpencodeBinary on Linux", () => {
  it("tries the override alone when one is given", async () => {
    const { checkFile, checked } = disk({ "/usr/bin/opencode": "ok" });
    const result = await resolveOpencodeBinary({
      platform: "linux",
      arch: "x64",
      probes: avx2Glibc,
      checkFile,
      override: "/opt/my opencode/opencode",
      env: { PATH: "/usr/bin" },
    });
    expect(result.ok).toBe(false);
    expect(checked).toEqual(["/opt/my opencode/opencode"]);
  });

  it("walks the order managed → bundled → node_modules → PATH and lists where it looked", async () => {
    const { checkFile } = disk({});
    const result = await resolveOpencodeBinary({
      platform: "linux",
      arch: "x64",
      probes: avx2Glibc,
      checkFile,
      managedDir: "/data/runtime/opencode/1.0.0",
      bundledDir: "/app/resources/opencode/linux-x64",
      nodeModulesFrom: "/app",
      env: { PATH: "/usr/bin:/bin" },
    });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.message).toBe(
        "OpenCode's program (opencode) was not found. Looked in: the managed runtime at /data/runtime/opencode/1.0.0/opencode (missing); the bundled copy at /app/resources/opencode/linux-x64/opencode (missing); node_modules above /app (no opencode-linux-x64 package); PATH (no opencode). Reinstall OpenCode Turnkey (or run npm install), or set TURNKEY_OPENCODE_BIN to the opencode executable.",
      );
    }
  });

  it("falls through to PATH", async () => {
    const { checkFile } = disk({ "/bin/opencode": "ok" });
    const result = await resolveOpencodeBinary({
      platform: "linux",
      arch: "arm64",
      probes: avx2Glibc,
      checkFile,
      env: { PATH: "/usr/bin:/bin" },
    });
    expect(result).toEqual({ ok: true, path: "/bin/opencode", source: "path" });
  });

  it("picks the package the CPU and libc can run when several are installed", async () => {
    const root = "/app/node_modules";
    const files: Record<string, FileCheck> = {
      [`${root}/opencode-linux-x64/bin/opencode`]: "ok",
      [`${root}/opencode-linux-x64-baseline/bin/opencode`]: "ok",
      [`${root}/opencode-linux-x64-musl/bin/opencode`]: "ok",
    };
    const pick = async (probes: CpuProbes) => {
      const result = await resolveOpencodeBinary({
        platform: "linux",
        arch: "x64",
        nodeModulesFrom: "/app",
        probes,
        checkFile: disk(files).checkFile,
        env: { PATH: "" },
      });
      return result.ok ? result.path : result.error.message;
    };
    expect(await pick(avx2Glibc)).toBe(`${root}/opencode-linux-x64/bin/opencode`);
    expect(await pick({ avx2: () => false, musl: () => false })).toBe(
      `${root}/opencode-linux-x64-baseline/bin/opencode`,
    );
    expect(await pick({ avx2: () => true, musl: () => true })).toBe(`${root}/opencode-linux-x64-musl/bin/opencode`);
  });

  it("finds the real opencode-ai binary installed in this repository", async () => {
    const result = await resolveOpencodeBinary({ nodeModulesFrom: process.cwd(), env: { PATH: "" } });
    expect(result).toMatchObject({ ok: true, source: "node_modules" });
    if (result.ok)
      expect(result.path).toMatch(/opencode-(linux|darwin|windows)-[a-z0-9-]+[\\/]bin[\\/]opencode(\.exe)?$/);
  });
});

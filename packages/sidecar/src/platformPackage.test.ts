import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { type CpuProbes, isIllegalInstruction, muslFromLdd, platformPackageNames } from "./platformPackage.ts";

const cpu = (avx2: boolean, musl: boolean): CpuProbes => ({ avx2: () => avx2, musl: () => musl });

describe("platformPackageNames, the order of opencode-ai's postinstall.mjs", () => {
  it.each([
    ["linux", "x64", cpu(true, false), ["", "-baseline", "-musl", "-baseline-musl"]],
    ["linux", "x64", cpu(false, false), ["-baseline", "", "-baseline-musl", "-musl"]],
    ["linux", "x64", cpu(true, true), ["-musl", "-baseline-musl", "", "-baseline"]],
    ["linux", "x64", cpu(false, true), ["-baseline-musl", "-musl", "-baseline", ""]],
    ["linux", "arm64", cpu(false, false), ["", "-musl"]],
    ["linux", "arm64", cpu(false, true), ["-musl", ""]],
    ["win32", "x64", cpu(true, false), ["", "-baseline"]],
    ["win32", "x64", cpu(false, false), ["-baseline", ""]],
    ["win32", "arm64", cpu(false, false), [""]],
    ["darwin", "x64", cpu(false, false), ["-baseline", ""]],
    ["darwin", "arm64", cpu(false, false), [""]],
  ] as const)("%s %s %o", (platform, arch, probes, suffixes) => {
    const base = `opencode-${platform === "win32" ? "windows" : platform}-${arch}`;
    expect(platformPackageNames(platform, arch, probes)).toEqual(suffixes.map((s) => `${base}${s}`));
  });

  it("asks only the probes that matter for the platform", () => {
    const asked: string[] = [];
    const probes: CpuProbes = {
      avx2: () => asked.push("avx2") > 0,
      musl: () => asked.push("musl") < 0,
    };
    platformPackageNames("win32", "arm64", probes);
    platformPackageNames("darwin", "arm64", probes);
    expect(asked).toEqual([]);
    platformPackageNames("win32", "x64", probes);
    expect(asked).toEqual(["avx2"]);
  });
});

describe("muslFromLdd, the libc probe without running ldd", () => {
  it("reads glibc's ldd script and Alpine's musl one, and leaves anything else to `ldd --version`", () => {
    expect(muslFromLdd("#! /bin/bash\n# This file is part of the GNU C Library.\nTEXTDOMAIN=libc\n")).toBe(false);
    expect(muslFromLdd('#!/bin/sh\nexec /lib/ld-musl-x86_64.so.1 --list "$@"\n')).toBe(true);
    expect(muslFromLdd("#!/bin/sh\necho something else\n")).toBeNull();
  });

  it.skipIf(!existsSync("/usr/bin/ldd"))("agrees with `ldd --version` on this machine", () => {
    const version = spawnSync("ldd", ["--version"], { encoding: "utf8", timeout: 5_000 });
    const ran = `${version.stdout}${version.stderr}`.toLowerCase().includes("musl");
    expect(muslFromLdd(readFileSync("/usr/bin/ldd", "latin1"))).toBe(ran);
  });
});

describe("isIllegalInstruction", () => {
  it("knows SIGILL and Windows' STATUS_ILLEGAL_INSTRUCTION, as signed or unsigned exit code", () => {
    expect(isIllegalInstruction({ code: null, signal: "SIGILL" })).toBe(true);
    expect(isIllegalInstruction({ code: 3221225501, signal: null })).toBe(true);
    expect(isIllegalInstruction({ code: -1073741795, signal: null })).toBe(true);
    expect(isIllegalInstruction({ code: 1, signal: null })).toBe(false);
    expect(isIllegalInstruction({ code: null, signal: "SIGKILL" })).toBe(false);
  });
});

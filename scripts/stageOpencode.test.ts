import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { sha256File } from "@turnkey/sidecar";
import { afterAll, describe, expect, it } from "vitest";
import { cleanup, tempDir } from "../packages/sidecar/test/harness.ts";
import { npmCommand, pinnedVersion, stageOpencode, stagingProbes } from "./stageOpencode.ts";

afterAll(cleanup);

// The staged binary must run here, so it is this machine's: Linux's, or Windows' in windows.yml.
const onWindows = process.platform === "win32";
const host = { platform: onWindows ? "win32" : "linux", arch: "x64" } as const;

describe("stage:opencode", () => {
  const outRoot = tempDir("turnkey stage ü-");
  const lines: string[] = [];
  const log = (line: string) => lines.push(line);

  it("stages a runnable binary with a matching manifest, with progress", async () => {
    const staged = await stageOpencode({ ...host, outRoot, log });
    expect(staged.skipped).toBe(false);
    expect(staged.dir).toBe(join(outRoot, `${host.platform}-x64`));
    const manifest = JSON.parse(readFileSync(join(staged.dir, "manifest.json"), "utf8"));
    expect(manifest).toEqual({
      package: onWindows ? expect.stringMatching(/^opencode-windows-x64(-baseline)?$/) : "opencode-linux-x64",
      version: pinnedVersion(),
      file: onWindows ? "opencode.exe" : "opencode",
      sha256: await sha256File(staged.binary),
      size: expect.any(Number),
      source: "registry",
    });
    expect(execFileSync(staged.binary, ["--version"], { encoding: "utf8" }).trim()).toBe(pinnedVersion());
    expect(lines.some((l) => l.startsWith(`Fetching opencode-${onWindows ? "windows" : "linux"}-x64`))).toBe(true);
  });

  it("skips a second run", async () => {
    const again = await stageOpencode({ ...host, outRoot, log });
    expect(again.skipped).toBe(true);
    expect(lines.at(-1)).toContain("already staged");
  });

  it("stages the variant the target CPU and libc need", () => {
    expect(stagingProbes("win32", "x64", { baseline: true }).avx2()).toBe(false);
    expect(stagingProbes("win32", "x64").avx2()).toBe(true);
    expect(stagingProbes("linux", "arm64", { musl: true }).musl()).toBe(true);
  });

  it("fails with a clear message for a version or target that does not exist", async () => {
    await expect(
      stageOpencode({ platform: "linux", arch: "x64", version: "0.0.0-nope", outRoot, log }),
    ).rejects.toThrow("There is no opencode-linux-x64@0.0.0-nope on the npm registry.");
    await expect(stageOpencode({ platform: "beos", arch: "x64", outRoot, log })).rejects.toThrow(
      '--platform must be one of win32, linux, darwin, not "beos".',
    );
  });
});

describe("npmCommand", () => {
  const node = "C:\\Program Files\\nodejs\\node.exe";
  it("runs npm's own CLI script with node: never npm.cmd, which Node will not spawn without a shell (CVE-2024-27980)", () => {
    const cli = "C:\\Program Files\\nodejs\\node_modules\\npm\\bin\\npm-cli.js";
    expect(npmCommand({ npm_execpath: cli }, "win32", node)).toEqual([node, [cli]]);
    // Run directly (no npm_execpath) or by another package manager: npm's script beside node.exe.
    for (const env of [{}, { npm_execpath: "C:\\pnpm\\pnpm.cjs" }])
      expect(npmCommand(env, "win32", node)).toEqual([node, [cli]]);
    expect(npmCommand({}, "linux", "/usr/bin/node")).toEqual(["npm", []]);
    expect(npmCommand({ npm_execpath: "/usr/lib/node_modules/npm/bin/npm-cli.js" }, "linux", "/usr/bin/node")).toEqual([
      "/usr/bin/node",
      ["/usr/lib/node_modules/npm/bin/npm-cli.js"],
    ]);
  });
});

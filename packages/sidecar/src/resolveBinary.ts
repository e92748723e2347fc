// Finds the real opencode executable, never a shell shim: the npm `.cmd` wrapper on Windows needs
// cmd.exe and adds cmd.exe + node.exe layers that survive a kill, the top cause of orphaned
// servers in peer apps. Platform, env and file checks are injected so Windows rules run on Linux.
import { constants } from "node:fs";
import { access, stat } from "node:fs/promises";
import path from "node:path";
import type { BinarySource, SidecarError } from "@turnkey/contracts";
import { type CpuProbes, defaultCpuProbes, executableName, platformPackageNames } from "./platformPackage.ts";
import { runsAsNodeScript } from "./scriptCommand.ts";

export { executableName } from "./platformPackage.ts";

export type FileCheck = "ok" | "missing" | "not_executable";

export interface BinaryLocatorOptions {
  /** --opencode-bin or TURNKEY_OPENCODE_BIN; when set, nothing else is tried. */
  override?: string | null;
  overrideLabel?: string;
  /** <dataDir>/runtime/opencode/<version>: the verified copy the app provisions. */
  managedDir?: string | null;
  /** The installer's copy: <resources>/opencode/<platform>-<arch>. */
  bundledDir?: string | null;
  /** Where to look for node_modules/opencode-* (walking up); usually the app's own folder. */
  nodeModulesFrom?: string | null;
  platform?: NodeJS.Platform;
  arch?: string;
  env?: Record<string, string | undefined>;
  /** The CPU and libc, which decide between the `-baseline` and `-musl` packages. */
  probes?: CpuProbes;
  checkFile?: (file: string, platform: NodeJS.Platform) => Promise<FileCheck>;
}

export type BinaryResolution = { ok: true; path: string; source: BinarySource } | { ok: false; error: SidecarError };

export async function defaultCheckFile(file: string, platform: NodeJS.Platform): Promise<FileCheck> {
  try {
    const info = await stat(file);
    if (!info.isFile()) return "missing";
    if (platform === "win32") {
      return file.toLowerCase().endsWith(".exe") || runsAsNodeScript(file) ? "ok" : "not_executable";
    }
    await access(file, constants.X_OK);
    return "ok";
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EACCES" ? "not_executable" : "missing";
  }
}

export async function resolveOpencodeBinary(options: BinaryLocatorOptions): Promise<BinaryResolution> {
  const platform = options.platform ?? process.platform;
  const arch = options.arch ?? process.arch;
  const env = options.env ?? process.env;
  const check = options.checkFile ?? defaultCheckFile;
  const probes = options.probes ?? defaultCpuProbes();
  const p = platform === "win32" ? path.win32 : path.posix;
  const exe = executableName(platform);
  const looked: string[] = [];

  if (options.override) {
    const label = options.overrideLabel ?? "--opencode-bin";
    const file = p.resolve(options.override);
    const result = await check(file, platform);
    if (result === "ok") return { ok: true, path: file, source: "override" };
    const why =
      result === "missing"
        ? "does not exist"
        : platform === "win32"
          ? "is not an .exe program (point it at opencode.exe, not a .cmd or .ps1 wrapper)"
          : "is not executable (run chmod +x on it)";
    return {
      ok: false,
      error: {
        code: result === "missing" ? "binary_not_found" : "binary_not_executable",
        message: `The opencode program set by ${label} (${file}) ${why}. Fix the path, or unset it to use the bundled opencode.`,
      },
    };
  }

  const candidates: { file: string; source: BinarySource; label: string }[] = [];
  if (options.managedDir) {
    candidates.push({ file: p.join(options.managedDir, exe), source: "managed", label: "the managed runtime" });
  }
  if (options.bundledDir) {
    candidates.push({ file: p.join(options.bundledDir, exe), source: "bundled", label: "the bundled copy" });
  }
  for (const dir of ancestors(options.nodeModulesFrom ?? null, p)) {
    for (const name of platformPackageNames(platform, arch, probes)) {
      for (const nest of [[name], ["opencode-ai", "node_modules", name]]) {
        candidates.push({
          file: p.join(dir, "node_modules", ...nest, "bin", exe),
          source: "node_modules",
          label: "node_modules",
        });
      }
    }
  }

  let sawNotExecutable: string | null = null;
  for (const candidate of candidates) {
    const result = await check(candidate.file, platform);
    if (result === "ok") return { ok: true, path: candidate.file, source: candidate.source };
    if (result === "not_executable") sawNotExecutable ??= candidate.file;
    if (candidate.source !== "node_modules") looked.push(`${candidate.label} at ${candidate.file} (${result})`);
  }
  if (options.nodeModulesFrom) {
    looked.push(
      `node_modules above ${options.nodeModulesFrom} (no ${platformPackageNames(platform, arch, probes)[0]} package)`,
    );
  }

  const onPath = await searchPath(platform, arch, probes, env, p, check);
  if (onPath.file) return { ok: true, path: onPath.file, source: "path" };
  looked.push(onPath.note);

  const first = sawNotExecutable
    ? `OpenCode's program at ${sawNotExecutable} is not executable.`
    : "OpenCode's program (opencode) was not found.";
  return {
    ok: false,
    error: {
      code: sawNotExecutable ? "binary_not_executable" : "binary_not_found",
      message: `${first} Looked in: ${looked.join("; ")}. Reinstall OpenCode Turnkey (or run npm install), or set TURNKEY_OPENCODE_BIN to the opencode executable.`,
    },
  };
}

function* ancestors(start: string | null, p: path.PlatformPath): Generator<string> {
  if (!start) return;
  let dir = p.resolve(start);
  for (;;) {
    yield dir;
    const parent = p.dirname(dir);
    if (parent === dir) return;
    dir = parent;
  }
}

/**
 * PATH lookup. On Windows PATHEXT decides what `opencode` means; a hit on the npm shim
 * (opencode.cmd / .ps1) is followed to the opencode.exe it would have started.
 */
async function searchPath(
  platform: NodeJS.Platform,
  arch: string,
  probes: CpuProbes,
  env: Record<string, string | undefined>,
  p: path.PlatformPath,
  check: (file: string, platform: NodeJS.Platform) => Promise<FileCheck>,
): Promise<{ file: string | null; note: string }> {
  const pathValue = env.PATH ?? env.Path ?? "";
  const dirs = pathValue.split(platform === "win32" ? ";" : ":").filter((d) => d.trim() !== "");
  if (platform !== "win32") {
    for (const dir of dirs) {
      const file = p.join(dir, "opencode");
      if ((await check(file, platform)) === "ok") return { file, note: "" };
    }
    return { file: null, note: "PATH (no opencode)" };
  }
  const exts = (env.PATHEXT ?? ".COM;.EXE;.BAT;.CMD").split(";").filter(Boolean);
  const shims: string[] = [];
  for (const dir of dirs) {
    for (const ext of exts) {
      const file = p.join(dir, `opencode${ext.toLowerCase()}`);
      if (ext.toLowerCase() === ".exe") {
        if ((await check(file, platform)) === "ok") return { file, note: "" };
        continue;
      }
      // A shim fails our Windows rule (not an .exe) but exists: follow it to its opencode.exe.
      if ((await check(file, platform)) === "missing") continue;
      shims.push(file);
      for (const name of platformPackageNames(platform, arch, probes)) {
        for (const real of [
          p.join(dir, "node_modules", "opencode-ai", "node_modules", name, "bin", "opencode.exe"),
          p.join(dir, "node_modules", name, "bin", "opencode.exe"),
        ]) {
          if ((await check(real, platform)) === "ok") return { file: real, note: "" };
        }
      }
    }
  }
  const shimNote = shims.length > 0 ? `; found ${shims.join(", ")} but not the opencode.exe it starts` : "";
  return { file: null, note: `PATH (no opencode.exe${shimNote})` };
}

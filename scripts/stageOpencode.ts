// `npm run stage:opencode -- --platform win32 --arch x64`: puts the pinned opencode executable
// for a target into resources/opencode/<platform>-<arch>/ with a manifest (version, sha256),
// from the npm registry's platform package, for the installer to bundle. Idempotent. The package
// variant (`-baseline` for CPUs without AVX2, `-musl`) is chosen as opencode's postinstall does:
// probed when staging for this machine, from --baseline / --musl when staging for another.
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, statSync } from "node:fs";
import { chmod, copyFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, win32 } from "node:path";
import { parseArgs } from "node:util";
import type { RuntimeManifest } from "@turnkey/contracts";
import {
  type CpuProbes,
  defaultCpuProbes,
  executableName,
  platformPackageNames,
  readRuntimeManifest,
  sha256File,
  writeRuntimeManifest,
} from "@turnkey/sidecar";
import { extract } from "tar";
import { isMain } from "./isMain.ts";

const root = join(import.meta.dirname, "..");
const targets = { platform: ["win32", "linux", "darwin"], arch: ["x64", "arm64"] } as const;
type Platform = (typeof targets.platform)[number];
type Arch = (typeof targets.arch)[number];

export type StageManifest = RuntimeManifest;

export class StageError extends Error {}

export function pinnedVersion(): string {
  return JSON.parse(readFileSync(join(root, "package.json"), "utf8")).dependencies["opencode-ai"];
}

/** The host's own probes when staging for this machine; else the standard build unless told. */
export function stagingProbes(
  platform: string,
  arch: string,
  flags: { baseline?: boolean; musl?: boolean } = {},
): CpuProbes {
  if (
    flags.baseline === undefined &&
    flags.musl === undefined &&
    platform === process.platform &&
    arch === process.arch
  ) {
    return defaultCpuProbes();
  }
  return { avx2: () => !flags.baseline, musl: () => Boolean(flags.musl) };
}

/**
 * How to start npm without a shell. Run by npm, `npm_execpath` is npm's own CLI script, run by this
 * node. Otherwise on Windows `npm` is `npm.cmd`, which CreateProcess cannot start and Node refuses
 * to spawn without a shell since CVE-2024-27980 (EINVAL; Node's child_process docs, "Spawning .bat
 * and .cmd files on Windows"), so npm's CLI script is run from where Node's installer puts it, beside
 * node.exe (npm.cmd itself runs `"%~dp0\node_modules\npm\bin\npm-cli.js"`). On POSIX, `npm` on PATH.
 */
export function npmCommand(
  env: NodeJS.ProcessEnv,
  platform: NodeJS.Platform = process.platform,
  nodePath: string = process.execPath,
): [file: string, argsBefore: string[]] {
  const execPath = env.npm_execpath;
  if (execPath && /\bnpm-cli\.[cm]?js$/.test(execPath)) return [nodePath, [execPath]];
  if (platform === "win32")
    return [nodePath, [win32.join(win32.dirname(nodePath), "node_modules", "npm", "bin", "npm-cli.js")]];
  return ["npm", []];
}

function runNpm(args: string[], cwd: string): Promise<{ code: number | null; stderr: string }> {
  const [file, before] = npmCommand(process.env);
  const fullArgs = [...before, ...args];
  return new Promise((resolve, reject) => {
    const child = spawn(file, fullArgs, { cwd, stdio: ["ignore", "ignore", "pipe"], shell: false });
    let stderr = "";
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stderr }));
  });
}

export async function stageOpencode(options: {
  platform: string;
  arch: string;
  version?: string;
  outRoot?: string;
  /** The target's CPU and libc (default: stagingProbes(platform, arch)). */
  probes?: CpuProbes;
  log?: (line: string) => void;
}): Promise<{ dir: string; binary: string; manifest: StageManifest; skipped: boolean }> {
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  if (!(targets.platform as readonly string[]).includes(options.platform)) {
    throw new StageError(`--platform must be one of ${targets.platform.join(", ")}, not "${options.platform}".`);
  }
  if (!(targets.arch as readonly string[]).includes(options.arch)) {
    throw new StageError(`--arch must be one of ${targets.arch.join(", ")}, not "${options.arch}".`);
  }
  const platform = options.platform as Platform;
  const arch = options.arch as Arch;
  const version = options.version ?? pinnedVersion();
  const pkg = platformPackageNames(platform, arch, options.probes ?? stagingProbes(platform, arch))[0]!;
  const file = executableName(platform);
  const dir = join(options.outRoot ?? join(root, "resources", "opencode"), `${platform}-${arch}`);
  const binary = join(dir, file);

  const current = existsSync(binary) ? readRuntimeManifest(dir) : null;
  if (current) {
    if (current.package === pkg && current.version === version && (await sha256File(binary)) === current.sha256) {
      log(`${pkg}@${version} is already staged in ${dir}; nothing to do.`);
      return { dir, binary, manifest: current, skipped: true };
    }
  }

  const work = mkdtempSync(join(tmpdir(), "turnkey-stage-"));
  try {
    log(`Fetching ${pkg}@${version} from the npm registry…`);
    const packed = await runNpm(["pack", `${pkg}@${version}`, "--pack-destination", work, "--loglevel", "error"], work);
    if (packed.code !== 0) {
      const missing = /E404|ETARGET|No matching version|not found/i.test(packed.stderr);
      throw new StageError(
        missing
          ? `There is no ${pkg}@${version} on the npm registry. Check the opencode-ai version in package.json, or the --platform and --arch.`
          : `npm pack ${pkg}@${version} failed: ${packed.stderr.trim().split("\n").at(-1) ?? "no output"}`,
      );
    }
    const tarball = join(work, `${pkg}-${version}.tgz`);
    log(`Extracting ${file} (${Math.round(statSync(tarball).size / 2 ** 20)} MiB package)…`);
    await extract({ file: tarball, cwd: work, filter: (path) => path === `package/bin/${file}` });
    const extracted = join(work, "package", "bin", file);
    if (!existsSync(extracted)) throw new StageError(`${pkg}@${version} has no bin/${file}; its layout changed.`);

    log("Computing the checksum…");
    const sha256 = await sha256File(extracted);
    const manifest: StageManifest = {
      package: pkg,
      version,
      file,
      sha256,
      size: statSync(extracted).size,
      source: "registry",
    };
    mkdirSync(dir, { recursive: true });
    await copyFile(extracted, `${binary}.partial`);
    if (platform !== "win32") await chmod(`${binary}.partial`, 0o755);
    renameSync(`${binary}.partial`, binary);
    writeRuntimeManifest(dir, manifest);
    log(`Staged ${pkg}@${version} in ${dir} (sha256 ${sha256.slice(0, 16)}…).`);
    return { dir, binary, manifest, skipped: false };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

if (isMain(import.meta)) {
  const { values } = parseArgs({
    options: {
      platform: { type: "string" },
      arch: { type: "string" },
      version: { type: "string" },
      baseline: { type: "boolean" },
      musl: { type: "boolean" },
    },
  });
  const platform = values.platform ?? process.platform;
  const arch = values.arch ?? process.arch;
  try {
    await stageOpencode({
      platform,
      arch,
      ...(values.version ? { version: values.version } : {}),
      probes: stagingProbes(platform, arch, { baseline: values.baseline, musl: values.musl }),
    });
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    process.exit(1);
  }
}

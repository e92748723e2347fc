// `npm run stage:opencode -- --platform win32 --arch x64`: puts the pinned opencode executable
// for a target into resources/opencode/<platform>-<arch>/ with a manifest (version, sha256),
// from the npm registry's platform package, for the installer to bundle. Idempotent.
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import {
  createReadStream,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
} from "node:fs";
import { chmod, copyFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { extract } from "tar";

const root = join(import.meta.dirname, "..");
const targets = { platform: ["win32", "linux", "darwin"], arch: ["x64", "arm64"] } as const;
type Platform = (typeof targets.platform)[number];
type Arch = (typeof targets.arch)[number];

export interface StageManifest {
  package: string;
  version: string;
  file: string;
  sha256: string;
  size: number;
}

export class StageError extends Error {}

export function pinnedVersion(): string {
  return JSON.parse(readFileSync(join(root, "package.json"), "utf8")).dependencies["opencode-ai"];
}

export function packageFor(platform: Platform, arch: Arch): string {
  return `opencode-${platform === "win32" ? "windows" : platform}-${arch}`;
}

export function sha256File(file: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash("sha256");
    createReadStream(file)
      .on("data", (chunk) => hash.update(chunk))
      .on("end", () => resolve(hash.digest("hex")))
      .on("error", reject);
  });
}

function runNpm(args: string[], cwd: string): Promise<{ code: number | null; stderr: string }> {
  // Through npm's own CLI script when run by npm (no shell, works on Windows); else `npm` on PATH.
  const execPath = process.env.npm_execpath;
  const [file, fullArgs] = execPath?.endsWith(".js") ? [process.execPath, [execPath, ...args]] : ["npm", args];
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
  const pkg = packageFor(platform, arch);
  const file = platform === "win32" ? "opencode.exe" : "opencode";
  const dir = join(options.outRoot ?? join(root, "resources", "opencode"), `${platform}-${arch}`);
  const binary = join(dir, file);
  const manifestPath = join(dir, "manifest.json");

  if (existsSync(manifestPath) && existsSync(binary)) {
    const current = JSON.parse(readFileSync(manifestPath, "utf8")) as StageManifest;
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
    const manifest: StageManifest = { package: pkg, version, file, sha256, size: statSync(extracted).size };
    mkdirSync(dir, { recursive: true });
    await copyFile(extracted, `${binary}.partial`);
    if (platform !== "win32") await chmod(`${binary}.partial`, 0o755);
    renameSync(`${binary}.partial`, binary);
    await writeFile(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
    log(`Staged ${pkg}@${version} in ${dir} (sha256 ${sha256.slice(0, 16)}…).`);
    return { dir, binary, manifest, skipped: false };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.filename === process.argv[1]) {
  const { values } = parseArgs({
    options: { platform: { type: "string" }, arch: { type: "string" }, version: { type: "string" } },
  });
  try {
    await stageOpencode({
      platform: values.platform ?? process.platform,
      arch: values.arch ?? process.arch,
      ...(values.version ? { version: values.version } : {}),
    });
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    process.exit(1);
  }
}

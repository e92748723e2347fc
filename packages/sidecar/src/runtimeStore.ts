// OpenCode's versions side by side: <root>/<version>/ holds one executable and its manifest.
// A version appears only whole: it is assembled in a `.staging-*` folder beside the others (same
// file system) and renamed into place, so an install cut short leaves a staging folder that the
// next start removes, never a half-written version.
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { OpencodeVersion, RuntimeManifest } from "@turnkey/contracts";
import { executableName } from "./platformPackage.ts";
import { renameWithRetry } from "./renameRetry.ts";

const stagingPrefix = ".staging-";
const retiredPrefix = ".retired-";

export function readRuntimeManifest(dir: string): RuntimeManifest | null {
  try {
    return RuntimeManifest.parse(JSON.parse(readFileSync(join(dir, "manifest.json"), "utf8")));
  } catch {
    return null;
  }
}

export function writeRuntimeManifest(dir: string, manifest: RuntimeManifest): void {
  writeFileSync(join(dir, "manifest.json"), `${JSON.stringify(manifest, null, 2)}\n`);
}

/** Semantic-version order (pre-releases before their release), for "newest" and listings. */
export function compareVersions(a: string, b: string): number {
  const parse = (v: string) => {
    const [core = "", pre] = v.split(/-(.*)/s, 2);
    return {
      nums: core
        .split("+")[0]!
        .split(".")
        .map((n) => Number.parseInt(n, 10) || 0),
      pre: pre ?? null,
    };
  };
  const x = parse(a);
  const y = parse(b);
  for (let i = 0; i < 3; i++) {
    const d = (x.nums[i] ?? 0) - (y.nums[i] ?? 0);
    if (d !== 0) return d;
  }
  if (x.pre === y.pre) return 0;
  if (x.pre === null) return 1;
  if (y.pre === null) return -1;
  return x.pre.localeCompare(y.pre, "en", { numeric: true });
}

/** A version string (from the registry, a flag or settings) is a path component only when it is one. */
function checkedVersion(version: string): string {
  if (!OpencodeVersion.safeParse(version).success) {
    throw new Error(`"${version}" is not an OpenCode version (like 1.18.33); nothing was installed.`);
  }
  return version;
}

export class RuntimeStore {
  /** Staging folders being assembled now: not leftovers, whatever else installs meanwhile. */
  private readonly assembling = new Set<string>();

  constructor(
    readonly root: string,
    readonly platform: NodeJS.Platform = process.platform,
  ) {}

  /** A staging folder given up: removed, and no longer being assembled. */
  discard(staging: string): void {
    this.assembling.delete(staging);
    rmSync(staging, { recursive: true, force: true });
  }

  dirOf(version: string): string {
    return join(this.root, checkedVersion(version));
  }

  executableOf(version: string): string {
    return join(this.dirOf(version), executableName(this.platform));
  }

  manifest(version: string): RuntimeManifest | null {
    if (!OpencodeVersion.safeParse(version).success) return null;
    const manifest = readRuntimeManifest(this.dirOf(version));
    return manifest?.version === version ? manifest : null;
  }

  /** Installed versions (a folder with a valid manifest), newest first. */
  list(): RuntimeManifest[] {
    let names: string[] = [];
    try {
      names = readdirSync(this.root).filter((name) => !name.startsWith("."));
    } catch {
      return [];
    }
    return names
      .map((name) => this.manifest(name))
      .filter((m): m is RuntimeManifest => m !== null)
      .sort((a, b) => compareVersions(b.version, a.version));
  }

  /** A new empty folder to assemble `version` in; commit() puts it in place. */
  staging(version: string): string {
    mkdirSync(this.root, { recursive: true });
    const dir = join(this.root, `${stagingPrefix}${checkedVersion(version)}-${randomBytes(4).toString("hex")}`);
    mkdirSync(dir);
    this.assembling.add(dir);
    return dir;
  }

  /** Renames a complete staging folder into place, replacing an existing copy of that version. */
  commit(staging: string, version: string): void {
    this.assembling.delete(staging);
    const target = this.dirOf(version);
    if (existsSync(target)) {
      const retired = join(this.root, `${retiredPrefix}${version}-${randomBytes(4).toString("hex")}`);
      renameWithRetry(target, retired);
      try {
        renameWithRetry(staging, target);
      } catch (error) {
        renameWithRetry(retired, target); // put the old one back: never no version at all
        throw error;
      }
      rmSync(retired, { recursive: true, force: true });
      return;
    }
    renameWithRetry(staging, target);
  }

  /** Removes what interrupted installs and replacements left; returns how many folders. */
  removeLeftovers(): number {
    let removed = 0;
    try {
      for (const name of readdirSync(this.root)) {
        if (!name.startsWith(stagingPrefix) && !name.startsWith(retiredPrefix)) continue;
        if (this.assembling.has(join(this.root, name))) continue;
        rmSync(join(this.root, name), { recursive: true, force: true });
        removed++;
      }
    } catch {
      // no root yet: nothing left over
    }
    return removed;
  }

  /** Deletes every installed version not in `keep`; a version still in use (locked) is left. */
  prune(keep: readonly string[]): { removed: string[]; kept: string[] } {
    const removed: string[] = [];
    const kept: string[] = [];
    for (const { version } of this.list()) {
      if (keep.includes(version)) continue;
      // Renamed first: Windows refuses to rename a folder whose program is running, so a version
      // in use stays whole instead of losing half its files to a failed delete.
      const retired = join(this.root, `${retiredPrefix}${version}-${randomBytes(4).toString("hex")}`);
      try {
        renameWithRetry(this.dirOf(version), retired);
      } catch {
        kept.push(version);
        continue;
      }
      rmSync(retired, { recursive: true, force: true });
      removed.push(version);
    }
    return { removed, kept };
  }
}

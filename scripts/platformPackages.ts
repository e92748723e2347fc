// Installs the platform packages of biome and opencode-ai that this machine needs when npm left
// them out. npm here writes the lockfile without other platforms' optional packages of these two
// (npm/cli#8320), and `npm install` on another platform then does not add them (npm/cli#4828): on
// Windows CI there would be no biome CLI (so no lint) and no opencode-windows-x64 (opencode-ai's
// postinstall copies a binary into its own bin/, which the runtime resolver does not use). Run
// after `npm install` (windows.yml does); it adds only what is missing, at the version the parent
// package pins, without touching package.json or the lockfile. Here it finds nothing to do.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { type CpuProbes, defaultCpuProbes, platformPackageNames } from "../packages/sidecar/src/platformPackage.ts";
import { isMain } from "./isMain.ts";

const root = join(import.meta.dirname, "..");

interface Wanted {
  parent: string;
  /** This machine's packages, best first; one installed is enough. */
  candidates: string[];
}

export function wantedPackages(platform: string, arch: string, probes: CpuProbes): Wanted[] {
  return [
    {
      parent: "@biomejs/biome",
      candidates: [`@biomejs/cli-${platform}-${arch}${platform === "linux" && probes.musl() ? "-musl" : ""}`],
    },
    { parent: "opencode-ai", candidates: platformPackageNames(platform, arch, probes) },
  ];
}

/** `name@version` for each wanted package none of whose candidates is installed. */
export function missingPackages(
  wanted: Wanted[],
  installed: (name: string) => boolean,
  optionalOf: (parent: string) => Record<string, string>,
): string[] {
  const missing: string[] = [];
  for (const { parent, candidates } of wanted) {
    if (candidates.some(installed)) continue;
    const pinned = optionalOf(parent);
    const name = candidates.find((candidate) => pinned[candidate]);
    if (name) missing.push(`${name}@${pinned[name]}`);
  }
  return missing;
}

if (isMain(import.meta)) {
  const probes = defaultCpuProbes();
  const missing = missingPackages(
    wantedPackages(process.platform, process.arch, probes),
    (name) => existsSync(join(root, "node_modules", name, "package.json")),
    (parent) =>
      JSON.parse(readFileSync(join(root, "node_modules", parent, "package.json"), "utf8")).optionalDependencies ?? {},
  );
  if (missing.length === 0) {
    process.stderr.write("Every platform package this machine needs is installed.\n");
  } else {
    process.stderr.write(`Installing what npm left out: ${missing.join(", ")}\n`);
    const npm = process.platform === "win32" ? "npm.cmd" : "npm";
    const result = spawnSync(npm, ["install", "--no-save", "--no-audit", "--no-fund", ...missing], {
      cwd: root,
      stdio: "inherit",
      // npm is a .cmd script on Windows, which only a shell can start (Node's child_process docs).
      shell: process.platform === "win32",
    });
    process.exit(result.status ?? 1);
  }
}

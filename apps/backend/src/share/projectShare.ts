// Whether a project's own opencode config turns sharing off. Our config content (sidecarEnv.ts)
// carries the user's `share` choice ("manual" or "disabled"; an "auto" stays below the project),
// which opencode merges above every project folder's config so that a cloned repository's "auto"
// publishes nothing; the same merge hides a project's "disabled" from opencode. So the backend reads the project's files itself, in opencode
// 1.18.33's order (its Config.loadInstanceState: ConfigPaths.projectFiles, then the `.opencode`
// folders of ConfigPaths.directories, each found by FileSystem.up, the later file winning), and
// shares nothing from a project whose own config says "disabled".
import { existsSync } from "node:fs";
import { dirname, join, parse } from "node:path";
import { readOpencodeConfig } from "../sidecarEnv.ts";

/** opencode's FileSystem.up: each target in each folder from `start` up to `stop` (or the root). */
export function up(targets: string[], start: string, stop: string): string[] {
  const found: string[] = [];
  let folder = start;
  for (;;) {
    for (const target of targets) {
      const path = join(folder, target);
      if (existsSync(path)) found.push(path);
    }
    if (folder === stop) break;
    const parent = dirname(folder);
    if (parent === folder) break;
    folder = parent;
  }
  return found;
}

/** Where opencode's walk for a folder's config stops: its git worktree's root, else the file system's. */
export function worktreeOf(directory: string): string {
  const gitEntry = up([".git"], directory, parse(directory).root)[0];
  return gitEntry ? dirname(gitEntry) : parse(directory).root;
}

/** The project's config files in the order opencode merges them (the later wins). */
export function projectConfigFiles(where: { directory: string; worktree: string; home: string }): string[] {
  // The nearest opencode.json(c) last; in one folder opencode.jsonc after opencode.json.
  const files = up(["opencode.jsonc", "opencode.json"], where.directory, where.worktree).reverse();
  const folders = new Set([
    ...up([".opencode"], where.directory, where.worktree),
    ...up([".opencode"], where.home, where.home),
  ]);
  for (const folder of folders) files.push(join(folder, "opencode.json"), join(folder, "opencode.jsonc"));
  return files;
}

/** opencode's own switch that skips project config (its flag reads "true" or "1"). */
export const projectConfigOff = (env: NodeJS.ProcessEnv) =>
  ["true", "1"].includes((env.OPENCODE_DISABLE_PROJECT_CONFIG ?? "").toLowerCase());

/**
 * The project config file whose `share` opencode would keep, when it says "disabled"; else null.
 * `OPENCODE_CONFIG_DIR`'s files count too: opencode 1.18.33 reads that folder last among its
 * config folders (ConfigPaths.directories), below our content, whatever the project switch says.
 */
export function projectSharingOff(
  where: { directory: string; worktree: string; home: string },
  env: NodeJS.ProcessEnv = process.env,
): string | null {
  const files = projectConfigOff(env) ? [] : projectConfigFiles(where);
  const configDir = env.OPENCODE_CONFIG_DIR;
  if (configDir) files.push(join(configDir, "opencode.json"), join(configDir, "opencode.jsonc"));
  let last: { file: string; share: unknown } | null = null;
  for (const file of files) {
    if (!existsSync(file)) continue;
    try {
      const share = readOpencodeConfig(file).share;
      if (share !== undefined) last = { file, share };
    } catch {} // a file that does not parse: opencode reports it in its own words
  }
  return last?.share === "disabled" ? last.file : null;
}

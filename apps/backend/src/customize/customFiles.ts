// The user's agent and command files, found and written where OpenCode 1.18.33 looks for them (its
// ConfigAgent/ConfigCommand loaders, checked against the binary): any `.md` under `agent/` or
// `agents/` (`command/`, `commands/`) of a project's `.opencode` folders and of the global config
// folder, named by its path there without `.md`. A change replaces its file in one rename; nothing
// is written or removed through a link that leads out of its folder. A file's text is
// customMarkdown.ts's. Loaded on first use, with the YAML library: bench 9 holds the backend's idle
// memory to 60 MB.
import { existsSync, mkdirSync, readdirSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { basename, dirname, join, relative, sep } from "node:path";
import {
  type AgentSettings,
  type CommandSettings,
  type CustomEntry,
  type CustomKind,
  type CustomScope,
  customNamePattern,
} from "@turnkey/contracts";
import { isInside } from "../files/containment.ts";
import { readRegularFile } from "../files/regularFile.ts";
import { configFiles, readConfig, replaceFile } from "../mcp/mcpConfigFiles.ts";
import { CustomizeError } from "./customizeError.ts";
import { entryFields, entryText, maxMarkdownBytes, readMarkdown } from "./customMarkdown.ts";

/** The folders OpenCode reads agents and commands from, for one chat's project. */
export interface CustomFolders {
  /** The project's non-empty `.opencode` folders, nearest first (opencode walks up to the worktree). */
  project: string[];
  /** Where "This project" writes: the chat folder's `.opencode`; null when project config is off. */
  projectWrite: string | null;
  /** The global config folder (`~/.config/opencode`, or the managed profile's). */
  global: string;
}

const subfolders: Record<CustomKind, [string, string]> = {
  agent: ["agents", "agent"],
  command: ["commands", "command"],
};

/** Files a listing reads at most per folder, and its depth: a `.opencode` is the project's to fill. */
const maxFiles = 500;
const maxDepth = 6;

/** `.md` files under `folder`, at most maxDepth folders deep and maxFiles in all, sorted. */
function markdownFiles(folder: string): string[] {
  const found: string[] = [];
  const walk = (dir: string, depth: number) => {
    let entries: import("node:fs").Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return; // missing or unreadable: opencode finds nothing there either
    }
    for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      if (found.length >= maxFiles) return;
      const path = join(dir, entry.name);
      if (entry.isDirectory() && depth < maxDepth) walk(path, depth + 1);
      else if (entry.name.endsWith(".md") && (entry.isFile() || entry.isSymbolicLink())) found.push(path);
    }
  };
  walk(folder, 0);
  return found;
}

/** Every agent or command file OpenCode reads for this project: the global folder's, then the project's. */
export function listEntries(kind: CustomKind, folders: CustomFolders): CustomEntry[] {
  const bases: { base: string; scope: CustomScope }[] = [
    { base: folders.global, scope: "global" },
    ...folders.project.map((base) => ({ base, scope: "project" as const })),
  ];
  const entries: CustomEntry[] = [];
  for (const { base, scope } of bases)
    for (const sub of subfolders[kind]) {
      const folder = join(base, sub);
      for (const file of markdownFiles(folder)) {
        const name = relative(folder, file).slice(0, -".md".length).split(sep).join("/");
        const writable = scope === "global" ? base === folders.global : base === folders.projectWrite;
        const editable = writable && customNamePattern.test(name) && leadsInside(base, file);
        entries.push({ name, scope, file, editable, ...entryFields(kind, file) });
      }
    }
  return entries;
}

/** Agents and commands set in the config files OpenCode merges for this project (`"agent"`, `"command"`). */
export function configEntries(
  where: { directory: string; worktree: string; home: string },
  global: string,
  env: NodeJS.ProcessEnv,
): { kind: CustomKind; name: string; file: string }[] {
  const found: { kind: CustomKind; name: string; file: string }[] = [];
  for (const { file } of configFiles({ ...where, config: global }, env)) {
    const read = readConfig(file);
    if (!read.ok) continue; // OpenCode's own refusal names it (opencodeProblem)
    for (const kind of ["agent", "command"] as const) {
      const set = read.value[kind];
      if (typeof set === "object" && set !== null && !Array.isArray(set))
        for (const name of Object.keys(set)) found.push({ kind, name, file });
    }
  }
  return found;
}

/** The file a name has in that scope's folder (either spelling of the subfolder), or null. */
export function existingFile(kind: CustomKind, base: string, name: string): string | null {
  for (const sub of subfolders[kind]) {
    const file = join(base, sub, `${name}.md`);
    const bytes = readRegularFile(file, maxMarkdownBytes);
    if (bytes !== null) return file;
  }
  return null;
}

/** Where a new file goes: beside the user's others (a singular `agent/` kept), else `agents/`. */
function newFile(kind: CustomKind, base: string, name: string): string {
  const [plural, singular] = subfolders[kind];
  const hasSingular = markdownFiles(join(base, singular)).length > 0;
  return join(base, hasSingular ? singular : plural, `${name}.md`);
}

/**
 * Writes an agent or command: a change replaces the file it is in (its other settings kept),
 * a new one is created where OpenCode looks (never over a file that appeared meanwhile).
 */
export function saveEntry(
  kind: CustomKind,
  base: string,
  name: string,
  settings: AgentSettings | CommandSettings,
  create: boolean,
): string {
  const existing = existingFile(kind, base, name);
  if (create) {
    if (existing)
      throw new CustomizeError(
        409,
        "already_exists",
        `There is already ${kind === "agent" ? "an agent" : "a command"} named "${name}" (${existing}): choose another name, or edit that one. Nothing was changed.`,
      );
    const file = newFile(kind, base, name);
    // Checked before the folder is made (no folder made through a link out) and after (its parents).
    if (existsSync(dirname(file))) refuseLinkOut(base, dirname(file));
    mkdirSync(dirname(file), { recursive: true });
    refuseLinkOut(base, dirname(file));
    // "wx": a file that appeared since the check is not written over.
    writeFileSync(file, entryText(kind, settings, null), { flag: "wx" });
    return file;
  }
  if (!existing) throw notFound(kind, name);
  refuseLinkOut(base, existing);
  const read = readMarkdown(existing);
  if (!read.ok)
    throw new CustomizeError(
      409,
      "custom_file_unreadable",
      `${basename(existing)} cannot be changed here: ${read.problem} Fix it in an editor, or remove it. Nothing was changed.`,
    );
  replaceFile(existing, entryText(kind, settings, read.split));
  return existing;
}

function leadsInside(base: string, path: string): boolean {
  try {
    return isInside(realpathSync(base), realpathSync(path), false);
  } catch {
    return false; // a broken link: nothing to write through
  }
}

/**
 * A file or folder that resolves outside the folder it is kept in (a link the agent could plant,
 * `agents/docs.md -> ~/.bashrc`) is not written through: a save would put markdown over the link's
 * target. A folder kept elsewhere as a whole (a dotfiles repository's `~/.config/opencode`) resolves
 * with its base, so it is still written.
 */
function refuseLinkOut(base: string, path: string): void {
  if (leadsInside(base, path)) return;
  const real = realpathSync(path);
  throw new CustomizeError(
    409,
    "custom_file_unreadable",
    `${path} leads to ${real}, outside ${base}, so it is not written from here: change it there, or remove the link. Nothing was changed.`,
  );
}

export function removeEntry(kind: CustomKind, base: string, name: string): string {
  const existing = existingFile(kind, base, name);
  if (!existing) throw notFound(kind, name);
  // The link itself may go (a planted one is how it is cleaned up); a file through a linked folder not.
  refuseLinkOut(base, dirname(existing));
  rmSync(existing);
  return existing;
}

function notFound(kind: CustomKind, name: string): CustomizeError {
  return new CustomizeError(
    404,
    "custom_not_found",
    `There is no ${kind} file named "${name}" there any more (it was moved or removed): look at the list again. Nothing was changed.`,
  );
}

// The user's agent, command and skill files, found and written where OpenCode 1.18.33 looks for
// them (its ConfigAgent/ConfigCommand/ConfigSkill loaders, checked against the binary): any `.md`
// under `agent/` or `agents/` (`command/`, `commands/`) of a project's `.opencode` folders and of
// the global config folder, named by its path there without `.md`; any `SKILL.md` under `skill/` or
// `skills/`, named by the `name:` in it, written as `skills/<name>/SKILL.md`. A change replaces its
// file in one rename; nothing is written or removed through a link that leads out of its folder. A
// file's text is customMarkdown.ts's. Loaded on first use, with the YAML library: bench 9 holds the
// backend's idle memory to 60 MB.
import { existsSync, lstatSync, mkdirSync, realpathSync, rmdirSync, rmSync, unlinkSync, writeFileSync } from "node:fs";
import { basename, dirname, join, relative, sep } from "node:path";
import { type CustomEntry, type CustomKind, type CustomScope, customNameRule } from "@turnkey/contracts";
import { isInside } from "../files/containment.ts";
import { configFiles, readConfig, replaceFile } from "../mcp/mcpConfigFiles.ts";
import { CustomizeError } from "./customizeError.ts";
import { type AnySettings, entryFields, entryText, readMarkdown } from "./customMarkdown.ts";
import { walkFiles } from "./folderWalk.ts";

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
  skill: ["skills", "skill"],
};

/** A skill is a folder holding this file (opencode's loader globs `**\/SKILL.md`). */
const skillFile = "SKILL.md";

/** Where a named entry's file is under one spelling of its subfolder. */
const fileIn = (kind: CustomKind, folder: string, name: string) =>
  kind === "skill" ? join(folder, name, skillFile) : join(folder, `${name}.md`);

/** How far a listing reads: a `.opencode` is the project's to fill, and may hold links. */
const listing = { follow: true, maxDepth: 6, maxFiles: 500, maxFolders: 2_000 } as const;

/** `.md` files under `folder` (or only those named `only`), sorted. */
function markdownFiles(folder: string, only?: string): string[] {
  return walkFiles(folder, listing, (name) => (only ? name === only : name.endsWith(".md"))).map((f) => f.path);
}

/** What a skill folder's removal deletes besides SKILL.md: its files, and its links as links (not followed). */
function folderContents(folder: string): { path: string; link: boolean }[] {
  return walkFiles(folder, { ...listing, follow: false }, (name, depth) => !(depth === 0 && name === skillFile)).map(
    (f) => ({ path: relative(folder, f.path).split(sep).join("/"), link: f.link }),
  );
}

/** A skill folder's other files, relative (a link marked, since what it points to stays): the first ten, and how many. */
function otherFilesOf(folder: string): { otherFiles: string[]; otherFileCount: number } {
  const all = folderContents(folder).map((f) => (f.link ? `${f.path} (a link)` : f.path));
  return { otherFiles: all.slice(0, 10), otherFileCount: all.length };
}

/** One file found under a kind's subfolder, as the list shows it. */
function entryOf(kind: CustomKind, folder: string, file: string, scope: CustomScope, writable: boolean, base: string) {
  const fields = entryFields(kind, file);
  const { declared, ...shown } = fields;
  const path = relative(folder, file).split(sep).join("/");
  // A skill is named by its file (a nameless one, which OpenCode skips, by its folder).
  const name =
    kind !== "skill" ? path.slice(0, -".md".length) : (declared ?? (dirname(path) === "." ? path : dirname(path)));
  // Edit and Remove name the entry by its name: only the file that name leads back to is changeable,
  // so a second `skill/foo` beside `skills/foo`, or `skills/foo` that names itself `bar`, is not
  // written or removed in the other's place (review 27, H1).
  const editable =
    writable &&
    customNameRule(kind).test(name) &&
    existingFile(kind, base, name) === file &&
    (kind !== "skill" || (declared ?? name) === name) &&
    leadsInside(base, file);
  if (kind !== "skill") return { name, scope, file, editable, ...shown };
  const skill = shown.skill && { ...shown.skill, ...otherFilesOf(dirname(file)) };
  return { name, scope, file, editable, ...shown, skill };
}

/** Every agent, command or skill file OpenCode reads for this project: the global folder's, then the project's. */
export function listEntries(kind: CustomKind, folders: CustomFolders): CustomEntry[] {
  const bases: { base: string; scope: CustomScope }[] = [
    { base: folders.global, scope: "global" },
    ...folders.project.map((base) => ({ base, scope: "project" as const })),
  ];
  const entries: CustomEntry[] = [];
  for (const { base, scope } of bases)
    for (const sub of subfolders[kind]) {
      const folder = join(base, sub);
      const writable = scope === "global" ? base === folders.global : base === folders.projectWrite;
      for (const file of markdownFiles(folder, kind === "skill" ? skillFile : undefined))
        entries.push(entryOf(kind, folder, file, scope, writable, base));
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
  // Only whether it is there (through a link too): the listing asks this of every entry, whose file it
  // has just read, and a save or removal reads it itself (readMarkdown refuses what is not a file).
  for (const sub of subfolders[kind]) {
    const file = fileIn(kind, join(base, sub), name);
    if (existsSync(file)) return file;
  }
  return null;
}

/** Where a new file goes: beside the user's others (a singular `agent/` kept), else `agents/`. */
function newFile(kind: CustomKind, base: string, name: string): string {
  const [plural, singular] = subfolders[kind];
  const hasSingular = markdownFiles(join(base, singular), kind === "skill" ? skillFile : undefined).length > 0;
  return fileIn(kind, join(base, hasSingular ? singular : plural), name);
}

/**
 * Writes an agent, command or skill: a change replaces the file it is in (its other settings kept),
 * a new one is created where OpenCode looks (never over a file that appeared meanwhile).
 */
export function saveEntry(
  kind: CustomKind,
  base: string,
  name: string,
  settings: AnySettings,
  create: boolean,
): string {
  const existing = existingFile(kind, base, name);
  if (create) {
    if (existing)
      throw new CustomizeError(
        409,
        "already_exists",
        `There is already ${article(kind)} named "${name}" (${existing}): choose another name, or edit that one. Nothing was changed.`,
      );
    const file = newFile(kind, base, name);
    // Checked before the folder is made, at the nearest folder there (a linked `skills/` with no
    // `<name>` in it yet: review 27, M1), so none is made through a link out; and after, its parents.
    const near = nearestExisting(base, dirname(file));
    if (existsSync(near)) refuseLinkOut(base, near); // no base yet: nothing to be linked through
    mkdirSync(dirname(file), { recursive: true });
    refuseLinkOut(base, dirname(file));
    // "wx": a file that appeared since the check is not written over.
    writeFileSync(file, entryText(kind, name, settings, null), { flag: "wx" });
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
  refuseOtherSkill(kind, existing, read.data.name, name);
  replaceFile(existing, entryText(kind, name, settings, read.split));
  return existing;
}

/**
 * The links in a skill's folder removed one by one before the folder, so what they point to never
 * depends on how a recursive removal treats them. On Windows a junction is a directory reparse
 * point that libuv reports as a link (a readdir entry of type link); removing it with rmdir
 * (RemoveDirectoryW) removes the junction, never its target's contents (Microsoft's RemoveDirectoryW
 * page, as clarified in MicrosoftDocs/sdk-api#1640). A link to a file, or any link on POSIX, is unlinked.
 */
function removeLinks(folder: string, contents: { path: string; link: boolean }[]): void {
  for (const { path, link } of contents) {
    if (!link) continue;
    const at = join(folder, ...path.split("/"));
    try {
      unlinkSync(at);
    } catch {
      rmdirSync(at); // a directory link or junction on Windows (unlink refuses it with EPERM)
    }
  }
}

/** The folder itself or its nearest parent that is there, up to `base`. */
function nearestExisting(base: string, folder: string): string {
  let at = folder;
  while (!existsSync(at) && at !== base && dirname(at) !== at) at = dirname(at);
  return at;
}

/** A SKILL.md that names another skill is that skill's, not this name's to change or remove. */
function refuseOtherSkill(kind: CustomKind, file: string, declared: unknown, name: string): void {
  if (kind !== "skill" || declared === undefined || declared === name) return;
  throw new CustomizeError(
    409,
    "custom_file_unreadable",
    `${file} names its skill "${String(declared)}", not "${name}": change it in an editor. Nothing was changed.`,
  );
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

/** Removes an agent's or command's file, or a skill's whole folder (its scripts and references with it). */
export function removeEntry(kind: CustomKind, base: string, name: string): string {
  const existing = existingFile(kind, base, name);
  if (!existing) throw notFound(kind, name);
  if (kind === "skill") {
    const folder = dirname(existing);
    const read = readMarkdown(existing);
    if (read.ok) refuseOtherSkill(kind, existing, read.data.name, name);
    // The skill's folder must be a folder of the base's own, not a link (a shared checkout's skill
    // is removed where it is kept); inside it, rm unlinks links without following them (tested).
    if (lstatSync(folder).isSymbolicLink())
      throw new CustomizeError(
        409,
        "custom_file_unreadable",
        `${folder} is a link to ${realpathSync(folder)}: remove the link in a file manager, or the skill where it is kept. Nothing was changed.`,
      );
    refuseLinkOut(base, folder);
    // Another skill kept inside this one's folder is listed apart: it is not removed with it (M2).
    const contents = folderContents(folder);
    const inner = contents.find((f) => !f.link && f.path.endsWith(`/${skillFile}`));
    if (inner)
      throw new CustomizeError(
        409,
        "custom_file_unreadable",
        `${folder} holds another skill (${inner.path}): remove or move that one first. Nothing was changed.`,
      );
    if (contents.length >= listing.maxFiles)
      throw new CustomizeError(
        409,
        "custom_file_unreadable",
        `${folder} holds more than ${listing.maxFiles} files: remove it in a file manager. Nothing was changed.`,
      );
    removeLinks(folder, contents);
    rmSync(folder, { recursive: true });
    return folder;
  }
  // The link itself may go (a planted one is how it is cleaned up); a file through a linked folder not.
  refuseLinkOut(base, dirname(existing));
  rmSync(existing);
  return existing;
}

function article(kind: CustomKind): string {
  return kind === "agent" ? "an agent" : `a ${kind}`;
}

function notFound(kind: CustomKind, name: string): CustomizeError {
  return new CustomizeError(
    404,
    "custom_not_found",
    `There is no ${kind} named "${name}" there any more (it was moved or removed): look at the list again. Nothing was changed.`,
  );
}

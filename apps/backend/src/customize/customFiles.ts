// The user's agent and command files, read and written as OpenCode 1.18.33 reads them (its
// ConfigAgent/ConfigCommand loaders, checked against the binary): any `.md` under `agent/` or
// `agents/` (`command/`, `commands/`) of a project's `.opencode` folders and of the global config
// folder, named by its path there without `.md`; YAML settings between the first two `---` lines,
// then the prompt (an agent's instructions, a command's template). A save changes only the keys the
// form shows, through the YAML library's document (comments, order and the keys it does not know,
// `color`, `tools`, `steps`, stay), and replaces the file in one rename. Loaded on first use, with
// the YAML library: bench 9 holds the backend's idle memory to 60 MB.
import { existsSync, mkdirSync, readdirSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { basename, dirname, join, relative, sep } from "node:path";
import {
  type AgentFields,
  type AgentSettings,
  agentPermissionTools,
  type CommandFields,
  type CommandSettings,
  type CustomEntry,
  type CustomKind,
  type CustomScope,
  customNamePattern,
  type PermissionChoice,
} from "@turnkey/contracts";
import { Document, isMap, isScalar, parseDocument } from "yaml";
import { isInside } from "../files/containment.ts";
import { readRegularFile } from "../files/regularFile.ts";
import { configFiles, readConfig, replaceFile } from "../mcp/mcpConfigFiles.ts";
import { CustomizeError } from "./customizeError.ts";

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
const maxBytes = 1024 * 1024;

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

/** The settings text between the `---` lines, the prompt after them, and how the file wrote them. */
interface Split {
  front: string | null;
  body: string;
  eol: "\n" | "\r\n";
  bom: string;
}

// gray-matter (opencode's reader) also takes an opening `---yaml`, and an empty block: the block ends
// at the first `---` line (lazy, so `---\n---\n\n---` is an empty block and a prompt starting with ---).
const frontMatter = /^---(?:yaml)?[ \t]*\r?\n(?:([\s\S]*?)\r?\n)??---[ \t]*(?:\r?\n|$)/;

function split(text: string): Split {
  const bom = text.startsWith("\uFEFF") ? "\uFEFF" : "";
  const rest = text.slice(bom.length);
  const eol = rest.includes("\r\n") ? "\r\n" : "\n";
  const match = frontMatter.exec(rest);
  if (!match) return { front: null, body: rest, eol, bom };
  return { front: match[1] ?? "", body: rest.slice(match[0].length), eol, bom };
}

type Read =
  | { ok: true; data: Record<string, unknown>; body: string; doc: Document; split: Split }
  | { ok: false; problem: string };

function readFile(file: string): Read {
  const bytes = readRegularFile(file, maxBytes);
  if (bytes === null) return { ok: false, problem: "It cannot be read (a broken link, or no permission)." };
  if (bytes === "not a file") return { ok: false, problem: "It is not a plain file, or is over 1 MB." };
  const parts = split(bytes.toString("utf8"));
  if (parts.front === null && parts.body.startsWith("---"))
    return { ok: false, problem: "Its settings at the top (after ---) have no closing --- line." };
  const doc = parseDocument(parts.front ?? "", yamlVersion);
  const error = doc.errors[0];
  if (error) return { ok: false, problem: `Its settings between the --- lines are not valid YAML: ${error.message}` };
  const data: unknown = doc.toJS() ?? {};
  if (typeof data !== "object" || Array.isArray(data) || data === null)
    return { ok: false, problem: "Its settings between the --- lines are not a list of names and values." };
  return { ok: true, data: data as Record<string, unknown>, body: parts.body, doc, split: parts };
}

const agentKeys = new Set(["description", "mode", "model", "temperature", "permission"]);
const commandKeys = new Set(["description", "agent", "model", "subtask"]);
const actions = new Set(["ask", "allow", "deny"]);

/** What OpenCode would refuse in these settings (its schema's rules for the keys the form shows). */
function settingsProblem(kind: CustomKind, data: Record<string, unknown>): string | null {
  const wrong = (key: string, what: string) => `"${key}" must be ${what}; OpenCode refuses the file as it is.`;
  for (const key of ["description", "model"])
    if (data[key] !== undefined && typeof data[key] !== "string") return wrong(key, "text");
  if (kind === "agent") {
    if (data.mode !== undefined && !["primary", "subagent", "all"].includes(String(data.mode)))
      return wrong("mode", "primary, subagent or all");
    if (data.temperature !== undefined && typeof data.temperature !== "number") return wrong("temperature", "a number");
    const permission = data.permission;
    if (permission !== undefined && typeof permission !== "string" && (typeof permission !== "object" || !permission))
      return wrong("permission", "ask, allow, deny or a list of tools");
    return null;
  }
  if (data.agent !== undefined && typeof data.agent !== "string") return wrong("agent", "an agent's name");
  if (data.subtask !== undefined && typeof data.subtask !== "boolean") return wrong("subtask", "true or false");
  return null;
}

function permissionChoice(permission: unknown, tool: string): PermissionChoice {
  if (permission === undefined) return "inherit";
  if (typeof permission !== "object" || permission === null) return "kept"; // one rule for every tool
  const rule = (permission as Record<string, unknown>)[tool];
  if (rule === undefined) return "inherit";
  return typeof rule === "string" && actions.has(rule) ? (rule as PermissionChoice) : "kept";
}

function agentSettings(data: Record<string, unknown>, body: string): AgentFields {
  const mode = data.mode as AgentFields["mode"] | undefined;
  return {
    description: (data.description as string | undefined) ?? "",
    mode: mode ?? "all", // opencode's default for an agent whose file names none
    model: (data.model as string | undefined) ?? null,
    temperature: (data.temperature as number | undefined) ?? null,
    permission: {
      edit: permissionChoice(data.permission, "edit"),
      bash: permissionChoice(data.permission, "bash"),
      webfetch: permissionChoice(data.permission, "webfetch"),
    },
    prompt: body.trim(),
  };
}

function commandSettings(data: Record<string, unknown>, body: string): CommandFields {
  return {
    description: (data.description as string | undefined) ?? "",
    agent: (data.agent as string | undefined) ?? null,
    model: (data.model as string | undefined) ?? null,
    subtask: data.subtask === true,
    template: body.trim(),
  };
}

/** The settings in the file the form does not show, by name (permission's other tools as `permission.x`). */
function keptKeys(kind: CustomKind, data: Record<string, unknown>): string[] {
  const shown = kind === "agent" ? agentKeys : commandKeys;
  const kept = Object.keys(data).filter((key) => !shown.has(key));
  const permission = data.permission;
  if (kind === "agent" && typeof permission === "object" && permission !== null)
    for (const tool of Object.keys(permission))
      if (!(agentPermissionTools as readonly string[]).includes(tool)) kept.push(`permission.${tool}`);
  return kept;
}

function entryOf(kind: CustomKind, scope: CustomScope, file: string, name: string, editable: boolean): CustomEntry {
  const read = readFile(file);
  const empty = { name, scope, file, agent: null, command: null, kept: [], editable };
  if (!read.ok) return { ...empty, problem: read.problem };
  const problem = settingsProblem(kind, read.data);
  if (problem) return { ...empty, problem };
  return {
    ...empty,
    ...(kind === "agent"
      ? { agent: agentSettings(read.data, read.body) }
      : { command: commandSettings(read.data, read.body) }),
    kept: keptKeys(kind, read.data),
    problem: null,
  };
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
        entries.push(entryOf(kind, scope, file, name, editable));
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
    const bytes = readRegularFile(file, maxBytes);
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
 * Read and written as YAML 1.1, which is how OpenCode reads it (gray-matter with js-yaml 3): under
 * 1.2's rules the library wrote `12:00`, `1_000` and `2024-01-01` bare, which js-yaml 3 reads as
 * 720, 1000 and a date, and OpenCode then refused the project (review 23, H1). 1.1 quotes them, and
 * reads a file's bare ones as OpenCode does, so a description that is not text is said.
 */
const yamlVersion = { version: "1.1" } as const;

/** YAML written on one line per value: a folded description must not read back as another string. */
const yamlOptions = { lineWidth: 0 } as const;

function setOrDelete(doc: Document, key: string, value: unknown): void {
  if (value === null || value === undefined) doc.delete(key);
  else doc.set(key, value);
}

function applyAgent(doc: Document, settings: AgentSettings): void {
  doc.set("description", settings.description.trim());
  doc.set("mode", settings.mode);
  setOrDelete(doc, "model", settings.model);
  setOrDelete(doc, "temperature", settings.temperature);
  const permission = doc.get("permission", true);
  const changes = agentPermissionTools.filter((tool) => settings.permission[tool] !== "kept");
  if (permission !== undefined && !isMap(permission)) {
    // `permission: allow` (one rule for every tool): shown as kept; changing one would drop it.
    if (changes.some((tool) => settings.permission[tool] !== "inherit"))
      throw new CustomizeError(
        400,
        "invalid_request",
        `The file sets one permission for every tool ("permission: ${isScalar(permission) ? String(permission.value) : "…"}"), so a single tool's cannot be set here. Change it in the file. Nothing was changed.`,
      );
    return;
  }
  for (const tool of changes) {
    const choice = settings.permission[tool];
    if (choice === "inherit") doc.deleteIn(["permission", tool]);
    else {
      // A plain map: setIn makes a missing one a YAML 1.1 `!!omap`, a list to js-yaml 3 and OpenCode.
      if (!doc.has("permission")) doc.set("permission", doc.createNode({}));
      doc.setIn(["permission", tool], choice);
    }
  }
  const after = doc.get("permission", true);
  if (isMap(after) && after.items.length === 0) doc.delete("permission");
}

function applyCommand(doc: Document, settings: CommandSettings): void {
  setOrDelete(doc, "description", settings.description.trim() || null);
  setOrDelete(doc, "agent", settings.agent);
  setOrDelete(doc, "model", settings.model);
  setOrDelete(doc, "subtask", settings.subtask ? true : null);
}

/** The file's new text: its settings changed key by key, the prompt replaced. */
export function entryText(
  kind: CustomKind,
  settings: AgentSettings | CommandSettings,
  old: { front: string | null; eol: "\n" | "\r\n"; bom: string } | null,
): string {
  const doc = old?.front ? parseDocument(old.front, yamlVersion) : new Document({}, yamlVersion);
  // An empty block, or one holding only comments, has no map to set keys in yet.
  if (!isMap(doc.contents)) doc.contents = doc.createNode({});
  if (kind === "agent") applyAgent(doc, settings as AgentSettings);
  else applyCommand(doc, settings as CommandSettings);
  const eol = old?.eol ?? "\n";
  const body = (kind === "agent" ? (settings as AgentSettings).prompt : (settings as CommandSettings).template).trim();
  const hasKeys = isMap(doc.contents) && doc.contents.items.length > 0;
  // Always an opening block: a template that itself starts with --- must not be read as settings.
  const front = hasKeys ? doc.toString(yamlOptions) : "";
  return `${old?.bom ?? ""}---\n${front}---\n\n${body}\n`.replace(/\r?\n/g, eol);
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
  const read = readFile(existing);
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

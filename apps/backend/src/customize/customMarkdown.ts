// One agent, command or skill file's text as OpenCode 1.18.33 reads it (its ConfigMarkdown:
// gray-matter with js-yaml 3): YAML settings between the first two `---` lines, then the prompt (an
// agent's instructions, a command's template, a skill's instructions). Read into the form's
// settings with what OpenCode would refuse said, and written back changing only the keys the form
// shows, through the YAML library's document (comments, order and the keys it does not know,
// `color`, `tools`, `steps`, stay). customFiles.ts finds the files and writes them.
import {
  type AgentFields,
  type AgentSettings,
  agentPermissionTools,
  type CommandFields,
  type CommandSettings,
  type CustomEntry,
  type CustomKind,
  type PermissionChoice,
  type SkillFields,
  type SkillSettings,
} from "@turnkey/contracts";
import { Document, isMap, isScalar, parseDocument } from "yaml";
import { readRegularFile } from "../files/regularFile.ts";
import { CustomizeError } from "./customizeError.ts";

/** The largest file read: an agent's instructions, not a data file. */
export const maxMarkdownBytes = 1024 * 1024;

/**
 * Read and written as YAML 1.1, which is how OpenCode reads it (gray-matter with js-yaml 3): under
 * 1.2's rules the library wrote `12:00`, `1_000` and `2024-01-01` bare, which js-yaml 3 reads as
 * 720, 1000 and a date, and OpenCode then refused the project (review 23, H1). 1.1 quotes them, and
 * reads a file's bare ones as OpenCode does, so a description that is not text is said.
 */
const yamlVersion = { version: "1.1" } as const;

/** YAML written on one line per value: a folded description must not read back as another string. */
const yamlOptions = { lineWidth: 0 } as const;

/** The settings text between the `---` lines, the prompt after them, and how the file wrote them. */
export interface Split {
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

export type Read =
  | { ok: true; data: Record<string, unknown>; body: string; split: Split }
  | { ok: false; problem: string };

export function readMarkdown(file: string): Read {
  const bytes = readRegularFile(file, maxMarkdownBytes);
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
  return { ok: true, data: data as Record<string, unknown>, body: parts.body, split: parts };
}

const agentKeys = new Set(["description", "mode", "model", "temperature", "permission"]);
const commandKeys = new Set(["description", "agent", "model", "subtask"]);
const skillKeys = new Set(["name", "description"]);
const shownKeys: Record<CustomKind, Set<string>> = { agent: agentKeys, command: commandKeys, skill: skillKeys };

/** What makes opencode 1.18.33 skip a skill without a word (tried: no name, no settings, settings not YAML). */
function skillProblem(data: Record<string, unknown>, front: string | null): string | null {
  if (front === null)
    return "It has no settings at the top (name: and description: between --- lines), so OpenCode skips it.";
  if (data.name === undefined) return "It has no name: between the --- lines, so OpenCode skips it.";
  if (typeof data.name !== "string" || data.name.trim() === "") return '"name" must be text, so OpenCode skips it.';
  if (data.description !== undefined && typeof data.description !== "string")
    return '"description" must be text, so OpenCode skips it.';
  return null;
}
const actions = new Set(["ask", "allow", "deny"]);

/** What OpenCode would refuse in these settings (its schema's rules for the keys the form shows). */
function settingsProblem(kind: CustomKind, data: Record<string, unknown>, front: string | null): string | null {
  if (kind === "skill") return skillProblem(data, front);
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

function skillSettings(data: Record<string, unknown>, body: string): SkillFields {
  return {
    description: (data.description as string | undefined) ?? "",
    instructions: body.trim(),
    // The folder's other files are customFiles.ts's to list.
    otherFiles: [],
    otherFileCount: 0,
  };
}

/** The settings in the file the form does not show, by name (permission's other tools as `permission.x`). */
function keptKeys(kind: CustomKind, data: Record<string, unknown>): string[] {
  const shown = shownKeys[kind];
  const kept = Object.keys(data).filter((key) => !shown.has(key));
  const permission = data.permission;
  if (kind === "agent" && typeof permission === "object" && permission !== null)
    for (const tool of Object.keys(permission))
      if (!(agentPermissionTools as readonly string[]).includes(tool)) kept.push(`permission.${tool}`);
  return kept;
}

/** A file's settings for the form, the keys it keeps, or what OpenCode would refuse in it. */
export function entryFields(
  kind: CustomKind,
  file: string,
): Pick<CustomEntry, "agent" | "command" | "skill" | "kept" | "problem"> & { declared: string | null } {
  const read = readMarkdown(file);
  const none = { agent: null, command: null, skill: null, kept: [], declared: null };
  if (!read.ok) return { ...none, problem: kind === "skill" ? `${read.problem} OpenCode skips it.` : read.problem };
  const problem = settingsProblem(kind, read.data, read.split.front);
  if (problem) return { ...none, problem };
  return {
    ...none,
    ...(kind === "agent"
      ? { agent: agentSettings(read.data, read.body) }
      : kind === "command"
        ? { command: commandSettings(read.data, read.body) }
        : { skill: skillSettings(read.data, read.body), declared: read.data.name as string }),
    kept: keptKeys(kind, read.data),
    problem: null,
  };
}

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

/** A skill's name goes in its file too: the Agent Skills format reads it from there, not the folder. */
function applySkill(doc: Document, name: string, settings: SkillSettings): void {
  doc.set("name", name);
  doc.set("description", settings.description.trim());
}

function applyCommand(doc: Document, settings: CommandSettings): void {
  setOrDelete(doc, "description", settings.description.trim() || null);
  setOrDelete(doc, "agent", settings.agent);
  setOrDelete(doc, "model", settings.model);
  setOrDelete(doc, "subtask", settings.subtask ? true : null);
}

/** The settings of any kind, as a save from the window carries them. */
export type AnySettings = AgentSettings | CommandSettings | SkillSettings;

/** The text after the settings: an agent's instructions, a command's template, a skill's instructions. */
function bodyOf(kind: CustomKind, settings: AnySettings): string {
  if (kind === "agent") return (settings as AgentSettings).prompt;
  if (kind === "command") return (settings as CommandSettings).template;
  return (settings as SkillSettings).instructions;
}

/** The file's new text: its settings changed key by key, the prompt replaced. */
export function entryText(kind: CustomKind, name: string, settings: AnySettings, old: Split | null): string {
  const doc = old?.front ? parseDocument(old.front, yamlVersion) : new Document({}, yamlVersion);
  // An empty block, or one holding only comments, has no map to set keys in yet.
  if (!isMap(doc.contents)) doc.contents = doc.createNode({});
  if (kind === "agent") applyAgent(doc, settings as AgentSettings);
  else if (kind === "command") applyCommand(doc, settings as CommandSettings);
  else applySkill(doc, name, settings as SkillSettings);
  const eol = old?.eol ?? "\n";
  const body = bodyOf(kind, settings).trim();
  const hasKeys = isMap(doc.contents) && doc.contents.items.length > 0;
  // Always an opening block: a template that itself starts with --- must not be read as settings.
  const front = hasKeys ? doc.toString(yamlOptions) : "";
  return `${old?.bom ?? ""}---\n${front}---\n\n${body}\n`.replace(/\r?\n/g, eol);
}

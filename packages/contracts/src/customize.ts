// The user's own agents, commands and skills, as OpenCode reads them from markdown files (settings
// in YAML between `---` lines, then an agent's prompt, a command's template or a skill's
// instructions): listed for a chat's project and for every project, made, changed and removed from
// the chat window. The shapes the window and the backend share, and the rules for a new name.
import { z } from "zod";

/** Where a file is: the chat's project (`.opencode`) or the global config folder (every project). */
export const CustomScope = z.enum(["project", "global"]);
export type CustomScope = z.infer<typeof CustomScope>;

export const CustomKind = z.enum(["agent", "command", "skill"]);
export type CustomKind = z.infer<typeof CustomKind>;

/**
 * A tool's permission for an agent: `inherit` leaves the key out (the config's own rule holds);
 * `kept` is a rule the form does not show (per-command patterns for bash), left as written.
 */
export const PermissionChoice = z.enum(["inherit", "ask", "allow", "deny", "kept"]);
export type PermissionChoice = z.infer<typeof PermissionChoice>;

/** The tools whose permission the form sets (opencode's PermissionConfig has more; they are kept). */
export const agentPermissionTools = ["edit", "bash", "webfetch"] as const;

// The limit is written out, not formatted: toLocaleString at start-up loads ICU's locale data, which
// cost the backend ~6 MB of idle memory (bench 9) for one sentence.
const nonBlank = (what: string, max: number, written: string) =>
  z
    .string()
    .max(max, `${what} holds at most ${written} characters.`)
    .refine((text) => text.trim() !== "", `${what} is empty: write what it is for.`);

/** "provider/model", as opencode names a model in config (ConfigModelID). */
const modelRef = z
  .string()
  .trim()
  .regex(/^[^/\s]+\/\S+$/, 'A model is written "provider/model" (for example "anthropic/claude-sonnet-4-5").')
  .nullable();

/**
 * An agent's settings as a file holds them, for the form. Loose: OpenCode takes a file with no
 * description, an empty prompt or a temperature of 3, and one such file must not stop the list
 * (review 23, H2); the rules a save from the window must meet are AgentSettings'.
 */
export const AgentFields = z.object({
  description: z.string(),
  /** primary: picked for a chat; subagent: called by other agents (and with @); all: both. */
  mode: z.enum(["primary", "subagent", "all"]),
  /** null: the chat's model (a subagent takes its caller's). */
  model: z.string().nullable(),
  temperature: z.number().nullable(),
  permission: z.object({ edit: PermissionChoice, bash: PermissionChoice, webfetch: PermissionChoice }),
  /** The agent's instructions (its system prompt): the markdown after the settings. */
  prompt: z.string(),
});
export type AgentFields = z.infer<typeof AgentFields>;

/** An agent saved from the window. */
export const AgentSettings = AgentFields.extend({
  description: nonBlank("The description", 1024, "1,024"),
  model: modelRef,
  temperature: z.number().min(0, "The temperature is 0 to 2.").max(2, "The temperature is 0 to 2.").nullable(),
  prompt: nonBlank("The agent's instructions", 100_000, "100,000"),
});
export type AgentSettings = z.infer<typeof AgentSettings>;

/** A command's settings as a file holds them, for the form (loose, as AgentFields). */
export const CommandFields = z.object({
  /** "" for none (the `/` list then shows the template's start). */
  description: z.string(),
  /** null: the chat's agent. */
  agent: z.string().nullable(),
  model: z.string().nullable(),
  /** Run as a subagent's task, keeping the chat's context clean. */
  subtask: z.boolean(),
  /** What is sent, `$ARGUMENTS` (or `$1`, `$2`…) replaced by what follows the command. */
  template: z.string(),
});
export type CommandFields = z.infer<typeof CommandFields>;

/** A command saved from the window. */
export const CommandSettings = CommandFields.extend({
  description: z.string().max(1024, "The description holds at most 1,024 characters."),
  agent: z.string().trim().min(1).max(128).nullable(),
  model: modelRef,
  template: nonBlank("The command's text", 100_000, "100,000"),
});
export type CommandSettings = z.infer<typeof CommandSettings>;

/**
 * A skill's settings as its SKILL.md holds them (the Agent Skills format: a `name` and a
 * `description` between the `---` lines, then instructions the agent loads when it needs them).
 */
export const SkillFields = z.object({
  /** When the agent should load it: the agent sees only the name and this until it does. */
  description: z.string(),
  instructions: z.string(),
  /** The skill folder's other files (scripts, references), relative, the first few: Remove deletes them too. */
  otherFiles: z.array(z.string()),
  /** How many other files the folder holds in all (otherFiles names at most ten). */
  otherFileCount: z.number().int().nonnegative(),
});
export type SkillFields = z.infer<typeof SkillFields>;

/** A skill saved from the window (its name is the folder's, written into the file too). */
export const SkillSettings = z.object({
  description: nonBlank("The description", 1024, "1,024"),
  instructions: nonBlank("The skill's instructions", 100_000, "100,000"),
});
export type SkillSettings = z.infer<typeof SkillSettings>;

/** One agent, command or skill file, its settings for the form, or why they cannot be shown. */
export const CustomEntry = z.object({
  name: z.string(),
  scope: CustomScope,
  file: z.string(),
  /** null when the file cannot be read as OpenCode reads it (`problem` says why), or is in a subfolder. */
  agent: AgentFields.nullable(),
  command: CommandFields.nullable(),
  skill: SkillFields.nullable(),
  /** Settings in the file the form does not show (color, tools, steps…): kept on a save. */
  kept: z.array(z.string()),
  /** Why OpenCode cannot use this file (a sentence), or null. */
  problem: z.string().nullable(),
  /** Can be changed and removed here (a name from a subfolder, `team/reviewer`, cannot). */
  editable: z.boolean(),
});
export type CustomEntry = z.infer<typeof CustomEntry>;

export const CustomizeResponse = z.object({
  agents: z.array(CustomEntry),
  commands: z.array(CustomEntry),
  /** Skills in the project's `.opencode` and the global folder: the ones the window writes. */
  skills: z.array(CustomEntry),
  /** Skills OpenCode uses that are kept elsewhere (`.claude/skills`, `.agents/skills`, its own, a URL): listed, changed there. */
  otherSkills: z.array(z.object({ name: z.string(), description: z.string(), location: z.string() })),
  /** The folders written to: the project's `.opencode` (null when project config is off) and the global one. */
  folders: z.object({ project: z.string().nullable(), global: z.string() }),
  /** Agents and commands set in an opencode.json(c) instead (edited in that file). */
  inConfig: z.array(z.object({ kind: CustomKind, name: z.string(), file: z.string() })),
  /** OpenCode cannot load this project's config (a file it refuses), as a sentence saying what to do; or null. */
  opencodeProblem: z.string().nullable(),
});
export type CustomizeResponse = z.infer<typeof CustomizeResponse>;

export const SaveAgentRequest = z.object({ scope: CustomScope, create: z.boolean(), settings: AgentSettings });
export type SaveAgentRequest = z.infer<typeof SaveAgentRequest>;
export const SaveCommandRequest = z.object({ scope: CustomScope, create: z.boolean(), settings: CommandSettings });
export type SaveCommandRequest = z.infer<typeof SaveCommandRequest>;
export const SaveSkillRequest = z.object({ scope: CustomScope, create: z.boolean(), settings: SkillSettings });
export type SaveSkillRequest = z.infer<typeof SaveSkillRequest>;

/**
 * A name the window can give a file: a letter or digit, then letters, digits, `-` or `_`, at most
 * 64. No dot (a name is the file's, `.md` added) and no slash (a subfolder is part of the name in
 * OpenCode, `team/reviewer`, and cannot pass a web address's path as one segment).
 */
export const customNamePattern = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

/**
 * Windows' reserved device names, which no file may take, with any extension: `con.md` is the
 * console, not a file ("Naming Files, Paths, and Namespaces", Microsoft Learn: "Do not use the
 * following reserved names for the name of a file: CON, PRN, AUX, NUL, COM1 … COM9, COM¹, COM²,
 * COM³, LPT1 … LPT9, LPT¹ … Also avoid these names followed immediately by an extension; for
 * example, NUL.txt and NUL.tar.gz are both equivalent to NUL"; the library holds the page's
 * translations and quotes of this revision; COM0 and LPT0 are in a later one, covered by [0-9]).
 * Refused on every system, so a project made on Linux opens on Windows. The name pattern already
 * keeps out `CONIN$`, `CLOCK$` and a trailing dot or space, which Windows also strips or reserves.
 */
const windowsDeviceName = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])$/i;

/**
 * A skill's name as the Agent Skills format has it (agentskills.io, and opencode's own skills page):
 * 1 to 64 lower-case letters and digits, words joined by single hyphens, the same as its folder's.
 * opencode 1.18.33 takes other names too (tried), but Claude Code and the other agents that read
 * `.claude/skills` and `.agents/skills` hold to it, so the window writes only such names.
 */
export const skillNamePattern = /^(?=.{1,64}$)[a-z0-9]+(-[a-z0-9]+)*$/;

/** The pattern a name of this kind must match to be written or removed from the window. */
export const customNameRule = (kind: CustomKind): RegExp => (kind === "skill" ? skillNamePattern : customNamePattern);

/** Why a new agent's, command's or skill's name cannot be used, or null. */
export function customNameProblem(kind: CustomKind, name: string): string | null {
  if (kind === "skill" && !skillNamePattern.test(name))
    return "A skill's name is lower-case letters and digits, words joined by single hyphens (\"release-notes\"), at most 64: it becomes its folder's name.";
  if (!customNamePattern.test(name))
    return `A new ${kind}'s name starts with a letter or digit and holds only letters, digits, "-" and "_" (at most 64): it becomes the file's name.`;
  if (windowsDeviceName.test(name))
    return `"${name}" is a name Windows keeps for a device, so no file can have it there: choose another.`;
  return null;
}

// Requests and answers of the session workbench routes (apps/backend/src/routes/workbench.ts):
// what a session can use (agents, models with variants, commands), the choice remembered for it,
// its changes, todos, undo and redo, the file finder and commands.
import { z } from "zod";
import { ModelRef } from "./chat.ts";
import { FileChange, SessionFileChange, TodoItem } from "./workbench.ts";

export const AgentInfo = z.object({
  name: z.string(),
  description: z.string().nullable(),
  /** "primary" agents are picked by the user; "all" can also be a subagent. */
  mode: z.enum(["primary", "all"]),
  /** Shipped with opencode (build, plan) rather than the user's own. */
  builtIn: z.boolean(),
  color: z.string().nullable(),
});
export type AgentInfo = z.infer<typeof AgentInfo>;

export const ModelInfo = z.object({
  id: z.string(),
  name: z.string(),
  /** Named variants (reasoning effort and the like), in opencode's order. */
  variants: z.array(z.string()),
  /** Context window in tokens; null when opencode does not know it. */
  contextLimit: z.number().nullable(),
  /** Accepts images as input. */
  images: z.boolean(),
  /** USD per million tokens; null when unknown or free. */
  cost: z.object({ input: z.number(), output: z.number() }).nullable(),
});
export type ModelInfo = z.infer<typeof ModelInfo>;

export const CommandInfo = z.object({
  name: z.string(),
  description: z.string().nullable(),
  /** Where it comes from: opencode's own, the user's config or project, an MCP server, a skill. */
  source: z.string(),
});
export type CommandInfo = z.infer<typeof CommandInfo>;

/** The agent, model and variant a session uses for its next prompt; null = opencode's default. */
export const SessionPreferences = z.object({
  agent: z.string().min(1).max(200).nullable(),
  model: ModelRef.nullable(),
  variant: z.string().min(1).max(200).nullable(),
});
export type SessionPreferences = z.infer<typeof SessionPreferences>;
export const SetPreferencesRequest = SessionPreferences.partial().strict();

/** Everything a session's composer and pickers need, in one answer. */
export const WorkbenchResponse = z.object({
  agents: z.array(AgentInfo),
  providers: z.array(z.object({ id: z.string(), name: z.string(), models: z.array(ModelInfo) })),
  default: ModelRef.nullable(),
  commands: z.array(CommandInfo),
  preferences: SessionPreferences,
});
export type WorkbenchResponse = z.infer<typeof WorkbenchResponse>;

export const PreferencesResponse = z.object({ preferences: SessionPreferences });

/**
 * Files changed, per user message, and by the whole session (each file once). opencode's
 * snapshots: a project needs git for them.
 */
export const ChangesResponse = z.object({
  messages: z.array(z.object({ messageID: z.string(), files: z.array(FileChange) })),
  session: z.array(SessionFileChange),
});
export type ChangesResponse = z.infer<typeof ChangesResponse>;

export const TodosResponse = z.object({ todos: z.array(TodoItem) });

export const RevertRequest = z.object({ messageID: z.string().regex(/^[A-Za-z0-9_-]{1,128}$/) }).strict();
/** Compaction: the model writes a summary of the chat that stands in for it from then on. */
export const CompactRequest = z.object({ model: ModelRef }).strict();
export type CompactRequest = z.infer<typeof CompactRequest>;
/** A new session with the messages before `messageID` (all of them without it), in the same folder. */
export const ForkRequest = RevertRequest.partial().strict();

export const FindFilesResponse = z.object({ files: z.array(z.string()) });
export type FindFilesResponse = z.infer<typeof FindFilesResponse>;

export const RunCommandRequest = z
  .object({
    command: z.string().regex(/^[\w.:/-]{1,200}$/, "must be a command name"),
    arguments: z.string().max(200_000).default(""),
    agent: z.string().min(1).max(200).optional(),
    model: ModelRef.optional(),
    variant: z.string().min(1).max(200).optional(),
  })
  .strict();
export type RunCommandRequest = z.input<typeof RunCommandRequest>;

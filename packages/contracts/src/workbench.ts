// The pieces of a coding session around the conversation: the agent's todos, the files it
// changed, what a reply cost, where the session was rolled back to, and attached files. Kept apart
// from chat.ts (which uses them) so each can grow without the other; no imports from chat.ts.
import { z } from "zod";

/** One item of the agent's checklist (opencode's `todowrite`); statuses opencode may extend. */
export const TodoItem = z.object({
  content: z.string(),
  status: z.string(),
  priority: z.string(),
});
export type TodoItem = z.infer<typeof TodoItem>;

/** One changed file: a unified patch (null when opencode kept none) and its line counts. */
export const FileChange = z.object({
  path: z.string(),
  status: z.enum(["added", "modified", "deleted"]),
  additions: z.number().int().nonnegative(),
  deletions: z.number().int().nonnegative(),
  patch: z.string().nullable(),
  /**
   * The Files tab's change list reads only the start of a big new file: `additions` counts the
   * lines there (a lower bound; 0: not counted at all). Absent: the counts are whole.
   */
  partialCount: z.literal(true).optional(),
});
export type FileChange = z.infer<typeof FileChange>;

/**
 * One file over the whole session: the lines added and removed over every prompt still in effect
 * (an undo takes its prompts out), and each prompt's patch of it, oldest first.
 */
export const SessionFileChange = FileChange.omit({ patch: true }).extend({
  patches: z.array(z.object({ messageID: z.string(), patch: z.string() })),
});
export type SessionFileChange = z.infer<typeof SessionFileChange>;

/** What one assistant message used: tokens as the provider counted them, cost in USD (0 if unknown). */
export const MessageUsage = z.object({
  input: z.number().nonnegative(),
  output: z.number().nonnegative(),
  reasoning: z.number().nonnegative(),
  cacheRead: z.number().nonnegative(),
  cacheWrite: z.number().nonnegative(),
  cost: z.number().nonnegative(),
});
export type MessageUsage = z.infer<typeof MessageUsage>;

/** The session is rolled back to before this message; it and everything after are hidden. */
export const SessionRevert = z.object({ messageID: z.string(), partID: z.string().nullable() });
export type SessionRevert = z.infer<typeof SessionRevert>;

/** A file or image sent with a prompt, as a data URL (or a file:// URL opencode made). */
export const FilePartView = z.object({
  type: z.literal("file"),
  id: z.string(),
  mime: z.string(),
  filename: z.string().nullable(),
  /** Null when too large to send back to a window; the model still has it. */
  url: z.string().nullable(),
});

/** The diff of a file a tool call (edit, write, apply_patch) changed. */
export const ToolFileDiff = z.object({
  path: z.string(),
  patch: z.string(),
  additions: z.number().int().nonnegative(),
  deletions: z.number().int().nonnegative(),
});
export type ToolFileDiff = z.infer<typeof ToolFileDiff>;

/** Live events of the workbench, part of the `chat` event union. */
export const TodoUpdatedEvent = z.object({
  type: z.literal("todo.updated"),
  sessionID: z.string(),
  todos: z.array(TodoItem),
});
export const SessionDiffEvent = z.object({
  type: z.literal("session.diff"),
  sessionID: z.string(),
  files: z.array(FileChange),
});

// What a chat lets the agent do without asking (OpenCode's desktop app and OpenChamber call it
// auto-accept). The backend answers a permission OpenCode asks for "once" when the chat's level
// covers it, so a chat can work while nobody watches (a scheduled task, a goal, a long run). A
// project has a level too, which its chats follow unless one was set to a level of its own.
// Whatever the level, a request touching a file that holds secrets still asks: see allowRule.ts.
import { z } from "zod";
import { PermissionRequest } from "./questions.ts";

/** `ask`: as OpenCode's settings say; `edits`: file edits too; `everything`: every request but secrets. */
export const AllowLevel = z.enum(["ask", "edits", "everything"]);
export type AllowLevel = z.infer<typeof AllowLevel>;

/** A chat's own choice: one of the levels, or `project`, the level its project gives its chats. */
export const AllowChoice = z.enum(["project", ...AllowLevel.options]);
export type AllowChoice = z.infer<typeof AllowChoice>;

/** A request the backend answered for the chat, newest last. */
export const AllowedOnItsOwn = z.object({
  at: z.number(),
  /** The session that asked: the chat's, or one of its subagents'. */
  sessionID: z.string(),
  permission: PermissionRequest,
});
export type AllowedOnItsOwn = z.infer<typeof AllowedOnItsOwn>;

/** GET and PUT /api/sessions/:id/allow; also the `allow` chat event. */
export const AllowSetting = z.object({
  /** The level in force: the chat's own, or its project's when it follows the project. */
  level: AllowLevel,
  /** What the chat was set to; a chat never set follows its project. */
  choice: AllowChoice,
  /** What its project gives the chats that follow it (`ask` when the project has none, or the chat is of no project). */
  projectLevel: AllowLevel,
  /** The last requests answered on its own (at most allowedKept), kept across restarts. */
  allowed: z.array(AllowedOnItsOwn),
});
export type AllowSetting = z.infer<typeof AllowSetting>;

export const AllowSettingRequest = z.object({ level: AllowChoice }).strict();
export type AllowSettingRequest = z.infer<typeof AllowSettingRequest>;

/** GET and PUT /api/projects/:id/allow: the level a project gives its chats that follow it. */
export const ProjectAllowSetting = z.object({ level: AllowLevel });
export type ProjectAllowSetting = z.infer<typeof ProjectAllowSetting>;
export const ProjectAllowRequest = z.object({ level: AllowLevel }).strict();
/** The `projectAllow` event: a project's level was set (a window about to make a chat there shows it). */
export const ProjectAllowEvent = z.object({ projectId: z.string(), level: AllowLevel });
export type ProjectAllowEvent = z.infer<typeof ProjectAllowEvent>;

/** How many answered requests a chat's setting lists. */
export const allowedKept = 20;

// What a chat lets the agent do without asking (OpenCode's desktop app and OpenChamber call it
// auto-accept). The backend answers a permission OpenCode asks for "once" when the chat's level
// covers it, so a chat can work while nobody watches (a scheduled task, a goal, a long run).
// Whatever the level, a request touching a file that holds secrets still asks: see allowRule.ts.
import { z } from "zod";
import { PermissionRequest } from "./questions.ts";

/** `ask`: as OpenCode's settings say; `edits`: file edits too; `everything`: every request but secrets. */
export const AllowLevel = z.enum(["ask", "edits", "everything"]);
export type AllowLevel = z.infer<typeof AllowLevel>;

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
  level: AllowLevel,
  /** The last requests answered on its own since the app started (at most allowedKept). */
  allowed: z.array(AllowedOnItsOwn),
});
export type AllowSetting = z.infer<typeof AllowSetting>;

export const AllowSettingRequest = z.object({ level: AllowLevel }).strict();
export type AllowSettingRequest = z.infer<typeof AllowSettingRequest>;

/** How many answered requests a chat's setting lists. */
export const allowedKept = 20;

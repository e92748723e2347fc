// The MCP servers of a chat's project, as OpenCode reports them for that folder (its `GET /mcp`):
// each one's state, what that means as a sentence, and a sign-in under way for one that needs it.
// The chat window lists them in the session panel (chat/mcp/McpPanel.tsx).
import { z } from "zod";
import { McpSource } from "./mcpConfig.ts";

/** opencode 1.18's MCP states (its SDK's `McpStatus`). */
export const McpState = z.enum(["connected", "disabled", "failed", "needs_auth", "needs_client_registration"]);
export type McpState = z.infer<typeof McpState>;

/** A sign-in started from the window: OpenCode waits for the browser to come back to it. */
export const McpSignIn = z.object({
  /** OpenCode is still waiting for the sign-in page to send the browser back. */
  waiting: z.boolean(),
  /**
   * The sign-in page, when OpenCode could not open a browser itself (it says so); null while it
   * has not said so, which is the case when a browser opened.
   */
  url: z.string().nullable(),
  /** Why the last sign-in did not finish, as a sentence; null while waiting or once it worked. */
  error: z.string().nullable(),
});
export type McpSignIn = z.infer<typeof McpSignIn>;

export const McpServer = z.object({
  /** Its name in opencode.json's `mcp`. */
  name: z.string(),
  state: McpState,
  /** OpenCode's own words for a failure (`failed`, `needs_client_registration`), else null. */
  error: z.string().nullable(),
  /** What the state means for the user and what to do next. */
  sentence: z.string(),
  signIn: McpSignIn.nullable(),
  /** The config file its entry comes from (mcpConfig.ts), or null when none was found. */
  source: McpSource.nullable(),
});
export type McpServer = z.infer<typeof McpServer>;

export const McpServersResponse = z.object({
  servers: z.array(McpServer),
  /**
   * The files a new server would be written to: the project's (null when OpenCode is told to skip
   * project config) and the user's global one (created when missing).
   */
  files: z.object({ project: z.string().nullable(), global: z.string() }),
});
export type McpServersResponse = z.infer<typeof McpServersResponse>;

/** A name as opencode.json may spell it (sent URI-encoded in the path): no slashes, no control characters. */
export function isMcpName(name: string): boolean {
  if (name.length < 1 || name.length > 128 || name.includes("/") || name.includes("\\")) return false;
  for (let i = 0; i < name.length; i++) if (name.charCodeAt(i) < 0x20) return false;
  return true;
}

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
  /**
   * Environment variables OpenCode empties wherever an MCP server's entry names them (a provider
   * key, its own secrets): a `{env:NAME}` of one of these reaches the server empty. Names only.
   */
  emptiedNames: z.array(z.string()).optional(),
});
export type McpServersResponse = z.infer<typeof McpServersResponse>;

/**
 * A name as opencode.json may spell it and a URL's path can carry (sent URI-encoded): no slashes,
 * no control characters, and not "." or "..", which encodeURIComponent leaves as they are and every
 * URL parser then resolves away (%2E%2E too, by the URL standard's dot segments), so such a
 * server's route could never be reached (review 7).
 */
export function isMcpName(name: string): boolean {
  if (name.length < 1 || name.length > 128 || name.includes("/") || name.includes("\\")) return false;
  if (name === "." || name === ".." || name === "__proto__") return false;
  for (let i = 0; i < name.length; i++) if (name.charCodeAt(i) < 0x20) return false;
  return true;
}

/** Why nothing can be done to a server by that name from the window or the API; null when it can. */
export function mcpNameProblem(name: string): string | null {
  if (isMcpName(name)) return null;
  if (name === "__proto__")
    return `An MCP server named "__proto__" cannot be switched, signed in to or edited from here: JavaScript reads that name as every object's prototype. Rename it in opencode.json's "mcp".`;
  if (name === "." || name === "..")
    return `An MCP server named "${name}" cannot be switched, signed in to or edited from here: a web address drops "${name}" from its path. Rename it in opencode.json's "mcp" (letters, digits, "-", "_").`;
  return `The MCP server's name "${name.slice(0, 64)}" cannot be used in a web address (a slash, a backslash or a control character, or more than 128 characters). Rename it in opencode.json's "mcp".`;
}

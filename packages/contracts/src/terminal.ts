// The chat window's terminal: a shell in the chat's project folder, run by OpenCode's PTY API and
// reached through the backend (which adds the sidecar's password; the browser never has it).
import { z } from "zod";

/** A terminal size in character cells, as the panel measures it. */
export const TerminalSize = z.object({
  cols: z.number().int().min(2).max(1_000),
  rows: z.number().int().min(1).max(1_000),
});
export type TerminalSize = z.infer<typeof TerminalSize>;

export const TerminalInfo = z.object({
  id: z.string(),
  title: z.string(),
  /** The folder the shell started in (the chat's project folder). */
  cwd: z.string(),
  running: z.boolean(),
  /** The project action it runs (actions.ts), or null for the project's shell. */
  action: z.string().nullable(),
});
export type TerminalInfo = z.infer<typeof TerminalInfo>;

export const TerminalListResponse = z.object({ terminals: z.array(TerminalInfo) });
export type TerminalListResponse = z.infer<typeof TerminalListResponse>;

export const CreateTerminalRequest = TerminalSize.partial().strict();
export type CreateTerminalRequest = z.infer<typeof CreateTerminalRequest>;

export const TerminalResponse = z.object({ terminal: TerminalInfo });
export type TerminalResponse = z.infer<typeof TerminalResponse>;

/**
 * Where the browser opens the terminal's WebSocket: a same-origin path carrying a ticket that
 * works once, for this terminal only, within `terminalTicketLifetimeMs` (a browser's WebSocket
 * cannot send the Authorization header the rest of the API needs).
 */
export const TerminalConnectResponse = z.object({ path: z.string() });
export type TerminalConnectResponse = z.infer<typeof TerminalConnectResponse>;

export const terminalTicketLifetimeMs = 30_000;

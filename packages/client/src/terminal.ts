// The chat window's terminal part of the typed client: a session's terminals, open, resize, close,
// and the one-time path for a terminal's WebSocket. Spread into createTurnkeyClient.
import {
  type CreateTerminalRequest,
  TerminalConnectResponse,
  TerminalListResponse,
  TerminalResponse,
  type TerminalSize,
} from "@turnkey/contracts";
import { z } from "zod";
import type { Http } from "./http.ts";
import type { Call } from "./workbench.ts";

const Ok = z.object({ ok: z.literal(true) });

export function terminalMethods(http: Http, call: Call) {
  const path = (id: string, rest = "") => `api/sessions/${encodeURIComponent(id)}/terminals${rest}`;
  const one = (id: string, terminal: string, rest = "") => path(id, `/${encodeURIComponent(terminal)}${rest}`);
  return {
    terminals: async (id: string) => (await call(TerminalListResponse, http.get(path(id)))).terminals,
    openTerminal: async (id: string, size: CreateTerminalRequest = {}) =>
      (await call(TerminalResponse, http.post(path(id), { json: size }))).terminal,
    resizeTerminal: (id: string, terminal: string, size: TerminalSize) =>
      call(Ok, http.put(one(id, terminal, "/size"), { json: size })),
    closeTerminal: (id: string, terminal: string) => call(Ok, http.delete(one(id, terminal))),
    /** A same-origin path with a one-time ticket: open the WebSocket on it within 30 s. */
    terminalConnection: async (id: string, terminal: string) =>
      (await call(TerminalConnectResponse, http.post(one(id, terminal, "/connection"), { json: {} }))).path,
  };
}

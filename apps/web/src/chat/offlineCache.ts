// The last known sessions, messages and models, kept in this window's sessionStorage so they stay
// readable while OpenCode is stopped, restarting or failed. Only what the window already showed:
// never a token, password or key (none of these payloads carries one). Best effort: a full or
// disabled storage just means nothing is cached.
import type { ChatSession, ModelsResponse } from "@turnkey/contracts";
import type { MessageView } from "./conversation.ts";

const prefix = "turnkey.cache.";
/** A long session keeps its most recent messages; the whole history returns with OpenCode. */
export const cachedMessagesPerSession = 200;

function read<T>(key: string): T | null {
  try {
    const raw = sessionStorage.getItem(prefix + key);
    return raw ? (JSON.parse(raw) as T) : null;
  } catch {
    return null;
  }
}

function write(key: string, value: unknown): void {
  try {
    sessionStorage.setItem(prefix + key, JSON.stringify(value));
  } catch {
    // Quota or privacy mode: drop older message caches and give up on this one.
    try {
      for (const k of Object.keys(sessionStorage)) if (k.startsWith(`${prefix}messages.`)) sessionStorage.removeItem(k);
    } catch {
      // nothing to do
    }
  }
}

export const offlineCache = {
  sessions: () => read<ChatSession[]>("sessions"),
  saveSessions: (sessions: ChatSession[]) => write("sessions", sessions),
  models: () => read<ModelsResponse>("models"),
  saveModels: (models: ModelsResponse) => write("models", models),
  messages: (sessionID: string) => read<MessageView[]>(`messages.${sessionID}`),
  saveMessages: (sessionID: string, messages: MessageView[]) =>
    write(`messages.${sessionID}`, messages.slice(-cachedMessagesPerSession)),
  /** Turns a restart cut, so "Interrupted" and Resume survive the reload of the history. */
  interrupted: (sessionID: string) => read<string[]>(`interrupted.${sessionID}`) ?? [],
  saveInterrupted: (sessionID: string, ids: string[]) => write(`interrupted.${sessionID}`, ids.slice(-20)),
};

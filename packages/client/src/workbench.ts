// The workbench part of the typed client: pickers, changes, todos, undo/redo, file finder,
// commands and prompts with attachments. Spread into createTurnkeyClient.
import {
  ChangesResponse,
  ChatSession,
  FindFilesResponse,
  type ModelRef,
  PreferencesResponse,
  type RunCommandRequest,
  SendMessageAccepted,
  type SendMessageRequest,
  SendMessageResult,
  type SessionPreferences,
  type ShellRequest,
  TodosResponse,
  WorkbenchResponse,
} from "@turnkey/contracts";
import { z } from "zod";
import type { Http } from "./http.ts";

export type Call = <T extends z.ZodType>(schema: T, response: Promise<Response>) => Promise<z.infer<T>>;

const SessionAnswer = z.object({ session: ChatSession });

export function workbenchMethods(http: Http, call: Call) {
  const path = (id: string, rest: string) => `api/sessions/${encodeURIComponent(id)}/${rest}`;
  return {
    /** Agents, models with variants, commands and the session's remembered choice; for a chat not
     * started yet (`id` null), those of `projectId`'s folder. */
    workbench: (id: string | null, projectId?: string) =>
      call(
        WorkbenchResponse,
        id === null
          ? http.get("api/workbench", projectId ? { searchParams: { project: projectId } } : {})
          : http.get(path(id, "workbench")),
      ),
    setPreferences: async (id: string, change: Partial<SessionPreferences>) =>
      (await call(PreferencesResponse, http.put(path(id, "preferences"), { json: change }))).preferences,
    changes: (id: string) => call(ChangesResponse, http.get(path(id, "changes"))),
    todos: async (id: string) => (await call(TodosResponse, http.get(path(id, "todos")))).todos,
    revert: async (id: string, messageID: string) =>
      (await call(SessionAnswer, http.post(path(id, "revert"), { json: { messageID } }))).session,
    /** 202: the model summarises the chat (it streams like a reply) and the summary stands in for it. */
    compact: (id: string, model: ModelRef) =>
      call(SendMessageAccepted, http.post(path(id, "compact"), { json: { model } })),
    /** A new session holding this one's messages before `messageID` (all without it). */
    fork: async (id: string, messageID?: string) =>
      (await call(SessionAnswer, http.post(path(id, "fork"), { json: messageID ? { messageID } : {} }))).session,
    unrevert: async (id: string) => (await call(SessionAnswer, http.post(path(id, "unrevert"), { json: {} }))).session,
    findFiles: async (id: string, query: string, limit = 20, signal?: AbortSignal) =>
      (
        await call(
          FindFilesResponse,
          http.get(path(id, "files"), { searchParams: { q: query, limit }, ...(signal ? { signal } : {}) }),
        )
      ).files,
    runCommand: (id: string, request: RunCommandRequest) =>
      call(SendMessageAccepted, http.post(path(id, "command"), { json: request })),
    /** A `!` command (without the `!`) run in the session's folder; it and its output stream as `chat` events. */
    shell: (id: string, request: ShellRequest) =>
      call(SendMessageAccepted, http.post(path(id, "shell"), { json: request })),
    /** A prompt with everything: agent, model, variant, attachments. Streams as `chat` events. */
    prompt: (id: string, request: SendMessageRequest) =>
      call(SendMessageAccepted, http.post(path(id, "messages"), { json: request })),
    promptAndWait: async (id: string, request: SendMessageRequest) =>
      (await call(SendMessageResult, http.post(path(id, "messages"), { json: request, searchParams: { wait: 1 } })))
        .message,
  };
}

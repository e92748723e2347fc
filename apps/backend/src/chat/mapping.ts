// opencode's shapes → ours. Pure functions, so what the windows see is tested without a server,
// and a field opencode adds (an API key on a provider, say) never leaks through by accident.

import type {
  Event as OpencodeEvent,
  Message as OpencodeMessage,
  Part as OpencodePart,
  Provider as OpencodeProvider,
  QuestionRequest as OpencodeQuestionRequest,
  Session as OpencodeSession,
} from "@opencode-ai/sdk/v2";
import type {
  ChatEvent,
  ChatMessage,
  ChatPart,
  ChatSession,
  ModelsResponse,
  ProvidersResponse,
  QuestionRequest,
} from "@turnkey/contracts";
import { filesTracked } from "./filesTracked.ts";
import { type ProviderEndpoint, sdkDefaultBaseUrl } from "./keyCheck.ts";
import { toFileChanges, toFilePart, toolDiffOf, toRevert, toTodos, toUsage } from "./workbenchMapping.ts";

/** The metadata field that holds a keyed session's UUID. */
export const sessionKeyField = "turnkeyKey";

/** `projectIdOf` names the project of a folder (null when the folder is not a listed project). */
export function toChatSession(
  session: OpencodeSession,
  projectIdOf: (directory: string) => string | null = () => null,
): ChatSession {
  const key = session.metadata?.[sessionKeyField];
  return {
    id: session.id,
    title: session.title,
    key: typeof key === "string" ? key : null,
    createdAt: session.time.created,
    updatedAt: session.time.updated,
    revert: toRevert(session),
    directory: session.directory,
    filesTracked: filesTracked(session.directory),
    projectId: projectIdOf(session.directory),
    parentID: session.parentID ?? null,
  };
}

export function toQuestionRequest(request: OpencodeQuestionRequest): QuestionRequest {
  return {
    id: request.id,
    sessionID: request.sessionID,
    questions: request.questions.map((q) => ({
      question: q.question,
      header: q.header,
      options: q.options.map((o) => ({ label: o.label, description: o.description })),
      multiple: q.multiple === true,
      // opencode offers a typed answer unless the question turns it off.
      custom: q.custom !== false,
    })),
    toolCallID: request.tool?.callID ?? null,
  };
}

/** opencode's write tool says whether the file was there before (its metadata's `exists`). */
function existedBefore(metadata: unknown): boolean | null {
  const exists = metadata && typeof metadata === "object" ? (metadata as { exists?: unknown }).exists : undefined;
  return typeof exists === "boolean" ? exists : null;
}

export function toChatPart(part: OpencodePart): ChatPart {
  switch (part.type) {
    case "text":
      return { type: "text", id: part.id, text: part.text };
    case "reasoning":
      return { type: "reasoning", id: part.id, text: part.text };
    case "tool": {
      const state = part.state;
      return {
        type: "tool",
        id: part.id,
        tool: part.tool,
        callID: part.callID,
        state: {
          status: state.status,
          title: "title" in state && typeof state.title === "string" ? state.title : null,
          input: state.input,
          output: state.status === "completed" ? state.output : null,
          error: state.status === "error" ? state.error : null,
          diff: "metadata" in state ? toolDiffOf(state.metadata) : null,
          childSessionID: "metadata" in state ? childSessionOf(part.tool, state.metadata) : null,
          replaced: part.tool === "write" && "metadata" in state ? existedBefore(state.metadata) : null,
        },
      };
    }
    case "file":
      return toFilePart(part);
    default:
      return { type: "other", id: part.id, kind: part.type };
  }
}

/** opencode's `task` tool names the subagent's session in its metadata (`sessionId`) once it starts. */
export function childSessionOf(tool: string, metadata: Record<string, unknown> | undefined): string | null {
  const id = tool === "task" ? metadata?.sessionId : undefined;
  return typeof id === "string" && /^[A-Za-z0-9_-]{1,128}$/.test(id) ? id : null;
}

export function errorOf(error: unknown): { name: string; message: string } | null {
  if (!error || typeof error !== "object") return null;
  const { name, data } = error as { name?: unknown; data?: { message?: unknown } };
  const message = typeof data?.message === "string" ? data.message : "The reply failed.";
  return { name: typeof name === "string" ? name : "Error", message };
}

export function toMessageInfo(info: OpencodeMessage): Omit<ChatMessage, "parts" | "text"> {
  const model =
    info.role === "assistant"
      ? { providerID: info.providerID, modelID: info.modelID }
      : info.model
        ? { providerID: info.model.providerID, modelID: info.model.modelID }
        : null;
  return {
    id: info.id,
    sessionID: info.sessionID,
    role: info.role,
    createdAt: info.time.created,
    completedAt: info.role === "assistant" ? (info.time.completed ?? null) : info.time.created,
    model,
    error: info.role === "assistant" ? errorOf(info.error) : null,
    agent: info.agent ?? null,
    variant: (info.role === "assistant" ? info.variant : info.model?.variant) ?? null,
    usage: info.role === "assistant" ? toUsage(info) : null,
  };
}

export function toChatMessage(entry: { info: OpencodeMessage; parts: OpencodePart[] }): ChatMessage {
  const parts = entry.parts.map(toChatPart);
  const text = parts
    .filter((p): p is Extract<ChatPart, { type: "text" }> => p.type === "text")
    .map((p) => p.text)
    .join("");
  return { ...toMessageInfo(entry.info), text, parts };
}

/** One opencode event → our chat event, or null when it is not chat (plugins, files, …). */
export function toChatEvent(
  event: OpencodeEvent,
  projectIdOf: (directory: string) => string | null = () => null,
): ChatEvent | null {
  switch (event.type) {
    case "message.part.delta": {
      const p = event.properties;
      return {
        type: "text.delta",
        sessionID: p.sessionID,
        messageID: p.messageID,
        partID: p.partID,
        field: p.field,
        delta: p.delta,
      };
    }
    case "message.part.updated": {
      const { part } = event.properties;
      return { type: "part.updated", sessionID: part.sessionID, messageID: part.messageID, part: toChatPart(part) };
    }
    case "message.updated":
      return {
        type: "message.updated",
        sessionID: event.properties.sessionID,
        message: toMessageInfo(event.properties.info),
      };
    case "session.status": {
      const { sessionID, status } = event.properties;
      return {
        type: "session.status",
        sessionID,
        status: status.type,
        attempt: status.type === "retry" ? status.attempt : null,
        message: status.type === "retry" ? status.message : null,
        next: status.type === "retry" ? status.next : null,
      };
    }
    case "session.error": {
      const { sessionID, error } = event.properties;
      if (!sessionID) return null; // not tied to a session: nothing to route it to
      return {
        type: "session.error",
        sessionID,
        error: errorOf(error) ?? { name: "Error", message: "The reply failed." },
      };
    }
    case "permission.asked": {
      const p = event.properties;
      return {
        type: "permission.asked",
        sessionID: p.sessionID,
        permission: { id: p.id, permission: p.permission, patterns: p.patterns, toolCallID: p.tool?.callID ?? null },
      };
    }
    case "permission.replied": {
      const p = event.properties;
      return { type: "permission.replied", sessionID: p.sessionID, permissionID: p.requestID, response: p.reply };
    }
    case "question.asked":
      return {
        type: "question.asked",
        sessionID: event.properties.sessionID,
        question: toQuestionRequest(event.properties),
      };
    case "question.replied": {
      const p = event.properties;
      return { type: "question.replied", sessionID: p.sessionID, requestID: p.requestID, answers: p.answers };
    }
    case "question.rejected": {
      const p = event.properties;
      return { type: "question.rejected", sessionID: p.sessionID, requestID: p.requestID };
    }
    case "session.updated":
      return {
        type: "session.updated",
        sessionID: event.properties.sessionID,
        session: toChatSession(event.properties.info, projectIdOf),
      };
    case "session.deleted":
      return { type: "session.deleted", sessionID: event.properties.sessionID };
    case "todo.updated":
      return { type: "todo.updated", sessionID: event.properties.sessionID, todos: toTodos(event.properties.todos) };
    case "session.diff":
      return {
        type: "session.diff",
        sessionID: event.properties.sessionID,
        files: toFileChanges(event.properties.diff),
      };
    default:
      return null;
  }
}

export function toModels(
  providers: OpencodeProvider[],
  defaults: Record<string, string>,
  configuredModel: string | undefined,
): ModelsResponse {
  const list = providers.map((p) => ({
    id: p.id,
    name: p.name,
    models: Object.entries(p.models).map(([id, model]) => ({ id, name: model.name ?? id })),
  }));
  let fallback: ModelsResponse["default"] = null;
  const [providerID, ...rest] = (configuredModel ?? "").split("/");
  if (providerID && rest.length > 0) fallback = { providerID, modelID: rest.join("/") };
  else {
    const first = list.find((p) => defaults[p.id]);
    if (first) fallback = { providerID: first.id, modelID: defaults[first.id]! };
  }
  return { providers: list, default: fallback, configured: Boolean(providerID && rest.length > 0) };
}

/** Never the key: opencode's provider objects carry it, ours do not. */
export function toProviders(all: OpencodeProvider[], connected: string[]): ProvidersResponse {
  const isConnected = new Set(connected);
  return {
    providers: all.map((p) => ({ id: p.id, name: p.name, connected: isConnected.has(p.id), env: p.env })),
    connected,
  };
}

/** Where opencode would send a provider's requests, and in which dialect: for the key check. */
export function providerEndpoint(all: OpencodeProvider[], providerID: string): ProviderEndpoint | null {
  const provider = all.find((p) => p.id === providerID);
  const model = provider && Object.values(provider.models)[0];
  const configured = provider?.options?.baseURL;
  const url =
    (typeof configured === "string" && configured) || model?.api?.url || sdkDefaultBaseUrl[model?.api?.npm ?? ""];
  if (!provider || !model || !url) return null;
  return { name: provider.name, url, npm: model.api.npm };
}

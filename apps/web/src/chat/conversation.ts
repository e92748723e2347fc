// A conversation as the chat window shows it, built from the loaded history plus live `chat`
// events. Pure reducer: streaming, tool updates, permissions and errors are tested as event lists.
import type { ChatEvent, ChatMessage, ChatPart } from "@turnkey/contracts";

export type MessageView = Omit<ChatMessage, "text">;
export interface PendingPermission {
  id: string;
  permission: string;
  patterns: string[];
}

export interface Conversation {
  sessionID: string;
  messages: MessageView[];
  busy: boolean;
  retry: string | null;
  error: { name: string; message: string } | null;
  permissions: PendingPermission[];
}

export type ConversationAction =
  | { type: "loaded"; sessionID: string; messages: ChatMessage[] }
  | { type: "event"; event: ChatEvent }
  | { type: "dismiss_error" };

export function emptyConversation(sessionID: string): Conversation {
  return { sessionID, messages: [], busy: false, retry: null, error: null, permissions: [] };
}

export function messageText(message: MessageView): string {
  return message.parts.map((p) => (p.type === "text" ? p.text : "")).join("");
}

function placeholder(sessionID: string, id: string, role: MessageView["role"] = "assistant"): MessageView {
  return { id, sessionID, role, createdAt: Date.now(), completedAt: null, model: null, error: null, parts: [] };
}

function withMessage(state: Conversation, id: string, update: (m: MessageView) => MessageView): Conversation {
  const index = state.messages.findIndex((m) => m.id === id);
  const messages = [...state.messages];
  if (index === -1) messages.push(update(placeholder(state.sessionID, id)));
  else messages[index] = update(messages[index]!);
  return { ...state, messages };
}

function upsertPart(parts: ChatPart[], part: ChatPart): ChatPart[] {
  const index = parts.findIndex((p) => p.id === part.id);
  if (index === -1) return [...parts, part];
  const next = [...parts];
  next[index] = part;
  return next;
}

export function conversationReducer(state: Conversation, action: ConversationAction): Conversation {
  if (action.type === "loaded") {
    return { ...emptyConversation(action.sessionID), messages: action.messages.map(({ text: _t, ...m }) => m) };
  }
  if (action.type === "dismiss_error") return { ...state, error: null };
  const event = action.event;
  if (event.sessionID !== state.sessionID) return state; // another conversation's event
  switch (event.type) {
    case "text.delta":
      if (event.field !== "text") return state;
      return withMessage(state, event.messageID, (m) => {
        const existing = m.parts.find((p) => p.id === event.partID);
        const text = existing && (existing.type === "text" || existing.type === "reasoning") ? existing.text : "";
        const part: ChatPart =
          existing?.type === "reasoning"
            ? { ...existing, text: text + event.delta }
            : { type: "text", id: event.partID, text: text + event.delta };
        return { ...m, parts: upsertPart(m.parts, part) };
      });
    case "part.updated":
      return withMessage(state, event.messageID, (m) => ({ ...m, parts: upsertPart(m.parts, event.part) }));
    case "message.updated":
      return withMessage(state, event.message.id, (m) => ({ ...m, ...event.message }));
    case "session.status":
      return {
        ...state,
        busy: event.status !== "idle",
        retry: event.status === "retry" ? (event.message ?? "Retrying…") : null,
        permissions: event.status === "idle" ? [] : state.permissions,
      };
    case "session.error":
      // An abort the user asked for is not an error worth a banner.
      if (event.error.name === "MessageAbortedError") return state;
      return { ...state, error: event.error };
    case "permission.asked":
      if (state.permissions.some((p) => p.id === event.permission.id)) return state;
      return {
        ...state,
        permissions: [
          ...state.permissions,
          { id: event.permission.id, permission: event.permission.permission, patterns: event.permission.patterns },
        ],
      };
    case "permission.replied":
      return { ...state, permissions: state.permissions.filter((p) => p.id !== event.permissionID) };
    default:
      return state;
  }
}

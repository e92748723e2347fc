// A conversation as the chat window shows it, built from the loaded history plus live `chat`
// events. Pure reducer: streaming, tool updates, permissions and errors are tested as event lists.
import type { ChatEvent, ChatMessage, ChatPart } from "@turnkey/contracts";

export type MessageView = Omit<ChatMessage, "text">;
export interface PendingPermission {
  id: string;
  permission: string;
  patterns: string[];
  /** Why the chat's allow setting left it to the user (the backend's sentence). */
  whyAsked?: string;
}

/** opencode is retrying a failed call to the model (rate limit, overload, network). */
export interface RetryStatus {
  attempt: number | null;
  message: string;
  /** When opencode tries again (ms since the epoch), when it said. */
  next: number | null;
}

export interface Conversation {
  sessionID: string;
  messages: MessageView[];
  busy: boolean;
  retry: RetryStatus | null;
  error: { name: string; message: string } | null;
  permissions: PendingPermission[];
  /** Messages whose reply a restart of OpenCode cut off (not the user's own Stop). */
  interrupted: string[];
}

export type ConversationAction =
  | {
      type: "loaded";
      sessionID: string;
      messages: Array<MessageView & { text?: string }>;
      interrupted?: string[];
      /** Whether it is replying, read with the history (after a broken event stream); else kept. */
      busy?: boolean;
    }
  | { type: "event"; event: ChatEvent }
  | { type: "dismiss_error" }
  /** opencode dropped an undone prompt and all after it (a prompt sent after an undo). */
  | { type: "cut"; sessionID: string; from: string };

export function emptyConversation(sessionID: string): Conversation {
  return { sessionID, messages: [], busy: false, retry: null, error: null, permissions: [], interrupted: [] };
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

/**
 * opencode keeps a text part's deltas in memory until the part ends: read while it streams (the
 * relay's read-back after a break, a window's re-read), the part comes back with empty text. Such
 * an empty update keeps the shown text, so later deltas apply on it once; any update with text
 * replaces it, the part's end above all (its whole text: a gap's text shows then, a delta shown
 * twice or opencode's trimmed end are corrected; review 9 L2).
 */
function keepStreamedText(parts: ChatPart[], part: ChatPart): ChatPart {
  if ((part.type !== "text" && part.type !== "reasoning") || part.text !== "") return part;
  const shown = parts.find((p) => p.id === part.id);
  if (shown?.type !== part.type || shown.text === "") return part;
  return { ...part, text: shown.text };
}

function partLength(part: ChatPart): number {
  return part.type === "text" || part.type === "reasoning" ? part.text.length : 0;
}

/** The loaded history, plus whatever live events added that it does not have yet. */
export function mergeMessages(loaded: MessageView[], live: MessageView[]): MessageView[] {
  if (live.length === 0) return loaded;
  const byId = new Map(live.map((m) => [m.id, m]));
  const merged = loaded.map((m) => {
    const newer = byId.get(m.id);
    if (!newer) return m;
    const parts = [...m.parts];
    for (const part of newer.parts) {
      const index = parts.findIndex((p) => p.id === part.id);
      if (index === -1) parts.push(part);
      else if (partLength(part) > partLength(parts[index]!)) parts[index] = part;
    }
    return { ...m, parts };
  });
  const known = new Set(loaded.map((m) => m.id));
  return [...merged, ...live.filter((m) => !known.has(m.id))];
}

/** A turn cut before its reply existed was marked on the prompt; once the history shows the
 *  (aborted) reply, the mark belongs to that reply. */
function onReplies(messages: MessageView[], interrupted: string[]): string[] {
  return interrupted.map((id) => {
    const index = messages.findIndex((m) => m.id === id);
    const next = messages[index + 1];
    return index !== -1 && messages[index]!.role === "user" && next?.role === "assistant" ? next.id : id;
  });
}

/** The last message is the turn a restart cut: its reply says "interrupted" and offers Resume. */
function markInterrupted(state: Conversation, error: { name: string; message: string }): Conversation {
  const last = state.messages.at(-1);
  if (!last) return { ...state, error, retry: null };
  if (state.interrupted.includes(last.id)) return { ...state, retry: null };
  return { ...state, retry: null, interrupted: [...state.interrupted, last.id] };
}

/** The prompt of the turn that `messageID` belongs to: what Retry and Resume send again. */
export function promptOfTurn(state: Conversation, messageID: string): string | null {
  const index = state.messages.findIndex((m) => m.id === messageID);
  for (let i = index; i >= 0; i--) {
    const message = state.messages[i]!;
    if (message.role === "user") return messageText(message);
  }
  return null;
}

/**
 * Where "Branch from here" at `replyID` cuts: opencode's fork copies the messages before the one it
 * is given, so the next message's id, or `undefined` (copy all) after the last one. Null when the
 * reply is not in the list (changed under the click): copying everything would be the wrong branch.
 */
export function branchCut(messages: readonly MessageView[], replyID: string): { before: string | undefined } | null {
  const index = messages.findIndex((m) => m.id === replyID);
  if (index === -1) return null;
  return { before: messages[index + 1]?.id };
}

/**
 * Prompts sent while the last reply was still being written (or waited on a question): opencode
 * queues them and reads them once it ends ("queued"). A dismissed question or a denied permission
 * ends the reply and opencode's loop with it, and the prompts queued behind it are never read
 * ("unanswered": sent before that reply ended, nothing after them). Only prompts after the last
 * reply count, and not after one a restart cut (`interrupted`).
 */
export function promptsAwaiting(
  messages: readonly MessageView[],
  replying: boolean,
  interrupted: ReadonlySet<string> = new Set(),
): ReadonlyMap<string, "queued" | "unanswered"> {
  const trailing: MessageView[] = [];
  let at = messages.length - 1;
  for (; at >= 0 && messages[at]?.role === "user"; at--) trailing.push(messages[at]!);
  const reply = messages[at];
  const found = new Map<string, "queued" | "unanswered">();
  // A reply a restart cut is not being written: a prompt after it is answered in its own turn
  // (and a cut turn already offers Resume).
  if (!reply || interrupted.has(reply.id)) return found;
  for (const prompt of trailing) {
    if (interrupted.has(prompt.id)) continue;
    if (replying && reply.completedAt === null) found.set(prompt.id, "queued");
    else if (!replying && reply.completedAt !== null && prompt.createdAt < reply.completedAt)
      found.set(prompt.id, "unanswered");
  }
  return found;
}

export function conversationReducer(state: Conversation, action: ConversationAction): Conversation {
  if (action.type === "loaded") {
    const loaded = action.messages.map(({ text: _t, ...m }) => m);
    // The same session again (OpenCode came back, a late answer): events that arrived while the
    // history was on its way are newer than it, so keep them.
    const same = action.sessionID === state.sessionID;
    const messages = same ? mergeMessages(loaded, state.messages) : loaded;
    const kept = same ? { busy: state.busy, retry: state.retry, permissions: state.permissions } : {};
    // A reply that ended while the stream was down: the read says so, and nothing waits any more.
    const ended = action.busy === false ? { busy: false, retry: null, permissions: [] } : {};
    return {
      ...emptyConversation(action.sessionID),
      ...kept,
      ...(action.busy === true ? { busy: true } : ended),
      messages,
      interrupted: onReplies(messages, action.interrupted ?? []),
    };
  }
  if (action.type === "dismiss_error") return { ...state, error: null };
  if (action.type === "cut") {
    if (action.sessionID !== state.sessionID) return state;
    // opencode's message ids sort by creation, as in workbenchState's visibleMessages.
    return { ...state, messages: state.messages.filter((m) => m.id < action.from) };
  }
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
      return withMessage(state, event.messageID, (m) => ({
        ...m,
        parts: upsertPart(m.parts, keepStreamedText(m.parts, event.part)),
      }));
    case "message.updated":
      return withMessage(state, event.message.id, (m) => ({ ...m, ...event.message }));
    case "session.status":
      return {
        ...state,
        busy: event.status !== "idle",
        // A new turn began: the last one's error is history (its reply still says it).
        error: event.status === "idle" ? state.error : null,
        retry:
          event.status === "retry"
            ? { attempt: event.attempt, message: event.message ?? "", next: event.next ?? null }
            : null,
        permissions: event.status === "idle" ? [] : state.permissions,
      };
    case "session.error":
      // An abort the user asked for is not an error worth a banner.
      if (event.error.name === "MessageAbortedError") return state;
      if (event.error.name === "SidecarStopped") return markInterrupted(state, event.error);
      return { ...state, error: event.error, retry: null };
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

// What the session panel shows beside the conversation: the agent's todos, the files changed per
// prompt and for the whole session, and whether the session is rolled back (undo). Pure reducer
// over loads and `chat` events, like conversation.ts. The changes come from the backend's
// changes route, read again whenever opencode says they moved (useWorkbench).
import type { ChangesResponse, ChatEvent, SessionFileChange, SessionRevert, TodoItem } from "@turnkey/contracts";

export interface WorkbenchState {
  sessionID: string;
  todos: TodoItem[];
  /** Per prompt (user message), in order; only prompts that changed files. */
  changes: ChangesResponse["messages"];
  /** Every file the session changed, each once (the Changes tab). */
  session: SessionFileChange[];
  revert: SessionRevert | null;
}

export type WorkbenchAction =
  | {
      type: "loaded";
      sessionID: string;
      todos: TodoItem[];
      changes: ChangesResponse;
      revert: SessionRevert | null;
    }
  | { type: "changes"; sessionID: string; changes: ChangesResponse }
  | { type: "revert"; sessionID: string; revert: SessionRevert | null }
  | { type: "event"; event: ChatEvent };

export function emptyWorkbench(sessionID: string): WorkbenchState {
  return { sessionID, todos: [], changes: [], session: [], revert: null };
}

export function workbenchReducer(state: WorkbenchState, action: WorkbenchAction): WorkbenchState {
  if (action.type === "loaded") {
    const { messages: changes, session } = action.changes;
    return { ...emptyWorkbench(action.sessionID), todos: action.todos, changes, session, revert: action.revert };
  }
  if (action.type !== "event") {
    if (action.sessionID !== state.sessionID) return state;
    return action.type === "changes"
      ? { ...state, changes: action.changes.messages, session: action.changes.session }
      : { ...state, revert: action.revert };
  }
  const event = action.event;
  if (event.sessionID !== state.sessionID) return state;
  switch (event.type) {
    case "todo.updated":
      return { ...state, todos: event.todos };
    case "session.updated":
      return event.session.revert === undefined ? state : { ...state, revert: event.session.revert };
    default:
      return state;
  }
}

/** opencode's message ids sort by creation: everything from the revert point on is undone. */
export function visibleMessages<M extends { id: string }>(messages: M[], revert: SessionRevert | null): M[] {
  if (!revert) return messages;
  return messages.filter((m) => m.id < revert.messageID);
}

// What the session panel shows beside the conversation: the agent's todos, the files changed per
// prompt and for the whole session, and whether the session is rolled back (undo). Pure reducer
// over loads and `chat` events, like conversation.ts.
import type { ChangesResponse, ChatEvent, FileChange, SessionRevert, TodoItem } from "@turnkey/contracts";

export interface WorkbenchState {
  sessionID: string;
  todos: TodoItem[];
  /** Per prompt (user message), in order; only prompts that changed files. */
  changes: ChangesResponse["messages"];
  /** The session's whole diff as opencode last reported it; null until it does. */
  sessionFiles: FileChange[] | null;
  revert: SessionRevert | null;
}

export type WorkbenchAction =
  | {
      type: "loaded";
      sessionID: string;
      todos: TodoItem[];
      changes: ChangesResponse["messages"];
      revert: SessionRevert | null;
    }
  | { type: "changes"; sessionID: string; changes: ChangesResponse["messages"] }
  | { type: "revert"; sessionID: string; revert: SessionRevert | null }
  | { type: "event"; event: ChatEvent };

export function emptyWorkbench(sessionID: string): WorkbenchState {
  return { sessionID, todos: [], changes: [], sessionFiles: null, revert: null };
}

export function workbenchReducer(state: WorkbenchState, action: WorkbenchAction): WorkbenchState {
  if (action.type === "loaded") {
    return { ...emptyWorkbench(action.sessionID), todos: action.todos, changes: action.changes, revert: action.revert };
  }
  if (action.type !== "event") {
    if (action.sessionID !== state.sessionID) return state;
    return action.type === "changes" ? { ...state, changes: action.changes } : { ...state, revert: action.revert };
  }
  const event = action.event;
  if (event.sessionID !== state.sessionID) return state;
  switch (event.type) {
    case "todo.updated":
      return { ...state, todos: event.todos };
    case "session.diff":
      return { ...state, sessionFiles: event.files };
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

/** Every file of the session once, with the lines added and removed over all prompts. */
export function sessionTotals(changes: ChangesResponse["messages"]): {
  files: number;
  additions: number;
  deletions: number;
} {
  const paths = new Set<string>();
  let additions = 0;
  let deletions = 0;
  for (const { files } of changes) {
    for (const f of files) {
      paths.add(f.path);
      additions += f.additions;
      deletions += f.deletions;
    }
  }
  return { files: paths.size, additions, deletions };
}

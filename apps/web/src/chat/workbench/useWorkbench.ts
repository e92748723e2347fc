// The workbench of the open session: what it can use (agents, models, commands), the choice for
// its next prompt (remembered in opencode for a session; kept here for a chat not started yet),
// its todos, changes and undo state. ChatApp feeds it the chat events, and has it read the todos,
// changes and undo state again when the window's event stream opens after a break (`reread`).
import type { ChatEvent, ChatSession, ModelRef, SessionPreferences, WorkbenchResponse } from "@turnkey/contracts";
import { useCallback, useEffect, useReducer, useRef, useState } from "react";
import { api, errorMessage } from "../../shared/api.ts";
import { emptyWorkbench, workbenchReducer } from "./workbenchState.ts";

const none: SessionPreferences = { agent: null, model: null, variant: null };
const noChanges = { messages: [], session: [] };

export interface PromptChoice {
  agent?: string;
  model?: ModelRef;
  variant?: string;
}

/**
 * `fallbackModel`: the user's model for new chats, before opencode's default. `projectId`: where a
 * chat not started yet will run, so its pickers list that folder's own agents and commands.
 */
export function useWorkbench(
  session: ChatSession | null,
  sidecarPid: number | null,
  onProblem: (p: string) => void,
  fallbackModel: ModelRef | null = null,
  projectId?: string,
) {
  const sessionID = session?.id ?? null;
  const newChatProject = sessionID ? undefined : projectId;
  const [catalog, setCatalog] = useState<WorkbenchResponse | null>(null);
  /** The last read of the catalog failed: the composer offers its plain model list instead. */
  const [catalogFailed, setCatalogFailed] = useState(false);
  const [draftChoice, setDraftChoice] = useState<SessionPreferences>(none);
  const [state, dispatch] = useReducer(workbenchReducer, emptyWorkbench(""));
  const shownRef = useRef(sessionID);
  shownRef.current = sessionID;
  const revertRef = useRef(session?.revert ?? null);
  revertRef.current = session?.revert ?? null;

  // One request at a time; asks made meanwhile coalesce into one more after it.
  const refreshing = useRef<{ id: string; again: boolean } | null>(null);
  const refreshChanges = useCallback(async (id: string): Promise<void> => {
    if (refreshing.current?.id === id) {
      refreshing.current.again = true;
      return;
    }
    refreshing.current = { id, again: false };
    try {
      const c = await api.changes(id);
      dispatch({ type: "changes", sessionID: id, changes: c });
    } catch {
      // the panel keeps what it had; the next event refreshes again
    }
    const again = refreshing.current?.id === id && refreshing.current.again;
    refreshing.current = null;
    if (again) await refreshChanges(id);
  }, []);

  /** The agents and models read: the pickers show them, in place of a failed read's plain list. */
  const received = useCallback((c: WorkbenchResponse) => {
    setCatalog(c);
    setCatalogFailed(false);
  }, []);

  useEffect(() => {
    if (sidecarPid === null) return;
    let current = true;
    api.workbench(sessionID, newChatProject).then(
      (c) => current && received(c),
      (e) => {
        if (!current) return;
        setCatalogFailed(true);
        onProblem(errorMessage(e));
      },
    );
    if (sessionID) {
      dispatch({ type: "loaded", sessionID, todos: [], changes: noChanges, revert: revertRef.current });
      Promise.all([api.todos(sessionID), api.changes(sessionID)]).then(
        ([todos, changes]) =>
          current && dispatch({ type: "loaded", sessionID, todos, changes, revert: revertRef.current }),
        () => undefined,
      );
    } else dispatch({ type: "loaded", sessionID: "", todos: [], changes: noChanges, revert: null });
    return () => {
      current = false;
    };
  }, [sessionID, newChatProject, sidecarPid, onProblem, received]);

  /** After a broken event stream: the todos, changes and undo point the gap's events would have told. */
  const reread = useCallback(() => {
    if (!sessionID || sidecarPid === null) return;
    Promise.all([api.todos(sessionID), api.changes(sessionID), api.session(sessionID)]).then(
      ([todos, changes, session]) => {
        // Another chat opened meanwhile: this answer is not its.
        if (shownRef.current === sessionID)
          dispatch({ type: "loaded", sessionID, todos, changes, revert: session.revert ?? null });
      },
      () => undefined,
    );
  }, [sessionID, sidecarPid]);

  const onEvent = useCallback(
    (event: ChatEvent) => {
      dispatch({ type: "event", event });
      // opencode works out a prompt's changes after the turn, then updates the prompt's message.
      const settled =
        event.type === "session.diff" ||
        (event.type === "message.updated" && event.message.role === "user" && event.message.completedAt !== null) ||
        (event.type === "session.status" && event.status === "idle");
      if (settled && event.sessionID === sessionID) void refreshChanges(event.sessionID);
    },
    [sessionID, refreshChanges],
  );

  const preferences = sessionID ? (catalog?.preferences ?? none) : draftChoice;
  const model = preferences.model ?? fallbackModel ?? catalog?.default ?? null;
  const agent =
    preferences.agent ?? catalog?.agents.find((a) => a.name === "build")?.name ?? catalog?.agents[0]?.name ?? null;
  const modelInfo = model
    ? catalog?.providers.find((p) => p.id === model.providerID)?.models.find((m) => m.id === model.modelID)
    : undefined;

  const choose = (change: Partial<SessionPreferences>) => {
    const next = {
      ...preferences,
      ...change,
      ...(change.model !== undefined && change.variant === undefined ? { variant: null } : {}),
    };
    if (!sessionID) return setDraftChoice(next);
    setCatalog((c) => (c ? { ...c, preferences: next } : c));
    api.setPreferences(sessionID, change).catch((e) => onProblem(errorMessage(e)));
  };

  const choice: PromptChoice = {
    ...(agent ? { agent } : {}),
    ...(model ? { model } : {}),
    ...(preferences.variant ? { variant: preferences.variant } : {}),
  };

  return {
    catalog,
    catalogFailed,
    /** OpenCode keeps copies of the chat's files (its folder is a git repository): an undo restores them. */
    filesTracked: session?.filesTracked !== false,
    /** Providers changed (a sign-in, a key, a disconnect): the models offered are read again. */
    reloadCatalog: () => void api.workbench(sessionID, newChatProject).then(received, () => undefined),
    state,
    onEvent,
    reread,
    agent,
    model,
    variant: preferences.variant,
    modelInfo,
    choice,
    setAgent: (name: string) => choose({ agent: name }),
    setModel: (ref: ModelRef) => choose({ model: ref }),
    setVariant: (variant: string | null) => choose({ variant }),
    /** A chat just became a session: remember the choice made before it existed. */
    adopt: (id: string) => {
      if (draftChoice.agent || draftChoice.model || draftChoice.variant)
        api.setPreferences(id, draftChoice).catch(() => undefined);
      setDraftChoice(none);
    },
    /** Undo from this prompt on; false (and the reason shown) when opencode refused. */
    revert: async (messageID: string): Promise<boolean> => {
      if (!sessionID) return false;
      try {
        const updated = await api.revert(sessionID, messageID);
        dispatch({ type: "revert", sessionID, revert: updated.revert ?? null });
        void refreshChanges(sessionID);
        return true;
      } catch (e) {
        onProblem(errorMessage(e));
        return false;
      }
    },
    /** Has the chosen model summarise the chat so far (opencode's compaction); it streams like a reply. */
    compact: async () => {
      if (!sessionID || !model) return;
      try {
        await api.compact(sessionID, model);
      } catch (e) {
        onProblem(errorMessage(e));
      }
    },
    unrevert: async () => {
      if (!sessionID) return;
      try {
        await api.unrevert(sessionID);
        dispatch({ type: "revert", sessionID, revert: null });
        void refreshChanges(sessionID);
      } catch (e) {
        onProblem(errorMessage(e));
      }
    },
  };
}

export type Workbench = ReturnType<typeof useWorkbench>;

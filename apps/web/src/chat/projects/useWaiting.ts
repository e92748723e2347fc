// The one "the agent is waiting for you" list of the chat window: permission requests and
// questions per session, as the backend keeps them. Loaded when OpenCode (re)appears and again when
// the window's event stream opens after a break (the gap's `waiting` events went to no one), then
// mirrored from `waiting` events, so a request answered in another window disappears here too.
// opencode asks a subagent's permission or question in the subagent's own session, which the list
// does not show: its chat counts as waiting, and its card shows them (each names its session).
// Requests that come while the window is open (by event, not in the list read at connect) are
// `arrived`: the window tells of those it does not show (WaitingElsewhere.tsx); so are those first
// seen in the read after a break, which came while the window was open.
import type { ChatEvent, ChatSession, PendingRequest } from "@turnkey/contracts";
import { useCallback, useEffect, useMemo, useState } from "react";
import { api } from "../../shared/api.ts";
import { useRereadOnReconnect } from "../../shared/reconnects.ts";
import { notifyIfAway } from "../notifications.ts";

type PendingSessions = { sessionID: string; pending: PendingRequest[] }[];

interface WaitingState {
  bySession: ReadonlyMap<string, PendingRequest[]>;
  /** Ids of pending requests that came by event; answered ones leave. */
  arrived: ReadonlySet<string>;
}

const empty: WaitingState = { bySession: new Map(), arrived: new Set() };

/** The list as read: `newArrived`, requests not known before count as arrived (read after a break). */
function readWaiting(state: WaitingState, read: PendingSessions, newArrived: boolean): WaitingState {
  const bySession = new Map(read.map((s) => [s.sessionID, s.pending]));
  const known = new Set([...state.bySession.values()].flat().map((r) => r.id));
  const pending = read.flatMap((s) => s.pending.map((r) => r.id));
  const fresh = newArrived ? pending.filter((id) => !known.has(id)) : [];
  return { bySession, arrived: new Set([...state.arrived, ...fresh].filter((id) => pending.includes(id))) };
}

export function useWaiting(
  sidecarPid: number | null,
  chats: readonly Pick<ChatSession, "id" | "children">[],
  reconnects = 0,
) {
  const [{ bySession, arrived }, setState] = useState<WaitingState>(empty);

  const load = useCallback((afterBreak: boolean) => {
    api.waiting().then(
      (w) => setState((state) => readWaiting(state, w.sessions, afterBreak)),
      () => undefined,
    );
  }, []);
  useEffect(() => {
    if (sidecarPid === null) setState(empty);
    else load(false);
  }, [sidecarPid, load]);
  useRereadOnReconnect(reconnects, () => {
    if (sidecarPid !== null) load(true);
  });

  const onEvent = useCallback((event: ChatEvent) => {
    if (event.type === "question.asked") {
      notifyIfAway(
        "OpenCode is waiting for you",
        event.question.questions[0]?.question ?? "It asks you a question.",
        `wait-${event.sessionID}`,
      );
    }
    if (event.type !== "waiting") return;
    setState(({ bySession, arrived }) => {
      const next = new Map(bySession);
      if (event.pending.length === 0) next.delete(event.sessionID);
      else next.set(event.sessionID, event.pending);
      const before = new Set((bySession.get(event.sessionID) ?? []).map((r) => r.id));
      const pending = new Set([...next.values()].flat().map((r) => r.id));
      const fresh = event.pending.filter((r) => !before.has(r.id)).map((r) => r.id);
      const came = [...arrived, ...fresh].filter((id) => pending.has(id));
      return { bySession: next, arrived: new Set(came) };
    });
  }, []);

  // A listed chat's own requests, then its subagents' (`children` names every descendant).
  const byChat = useMemo(() => {
    const all = new Map(bySession);
    for (const chat of chats) {
      const pending = [chat.id, ...(chat.children ?? [])].flatMap((id) => bySession.get(id) ?? []);
      if (pending.length > 0) all.set(chat.id, pending);
    }
    return all as ReadonlyMap<string, PendingRequest[]>;
  }, [bySession, chats]);

  return { bySession: byChat, own: bySession, arrived, waitingSessions: new Set(byChat.keys()), onEvent };
}

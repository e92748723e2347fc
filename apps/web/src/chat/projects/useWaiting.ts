// The one "the agent is waiting for you" list of the chat window: permission requests and
// questions per session, as the backend keeps them. Loaded when the window (re)connects, then
// mirrored from `waiting` events, so a request answered in another window disappears here too.
// opencode asks a subagent's permission or question in the subagent's own session, which the list
// does not show: its chat counts as waiting, and its card shows them (each names its session).
import type { ChatEvent, ChatSession, PendingRequest } from "@turnkey/contracts";
import { useCallback, useEffect, useMemo, useState } from "react";
import { api } from "../../shared/api.ts";
import { notifyIfAway } from "../notifications.ts";

export function useWaiting(sidecarPid: number | null, chats: readonly Pick<ChatSession, "id" | "children">[]) {
  const [bySession, setBySession] = useState<ReadonlyMap<string, PendingRequest[]>>(new Map());

  useEffect(() => {
    if (sidecarPid === null) {
      setBySession(new Map());
      return;
    }
    api.waiting().then(
      (w) => setBySession(new Map(w.sessions.map((s) => [s.sessionID, s.pending]))),
      () => undefined,
    );
  }, [sidecarPid]);

  const onEvent = useCallback((event: ChatEvent) => {
    if (event.type === "question.asked") {
      notifyIfAway(
        "OpenCode is waiting for you",
        event.question.questions[0]?.question ?? "It asks you a question.",
        `wait-${event.sessionID}`,
      );
    }
    if (event.type !== "waiting") return;
    setBySession((all) => {
      const next = new Map(all);
      if (event.pending.length === 0) next.delete(event.sessionID);
      else next.set(event.sessionID, event.pending);
      return next;
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

  return { bySession: byChat, waitingSessions: new Set(byChat.keys()), onEvent };
}

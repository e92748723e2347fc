// The one "the agent is waiting for you" list of the chat window: permission requests and
// questions per session, as the backend keeps them. Loaded when the window (re)connects, then
// mirrored from `waiting` events, so a request answered in another window disappears here too.
import type { ChatEvent, PendingRequest } from "@turnkey/contracts";
import { useCallback, useEffect, useState } from "react";
import { api } from "../../shared/api.ts";
import { notifyIfAway } from "../notifications.ts";

export function useWaiting(sidecarPid: number | null) {
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

  return { bySession, waitingSessions: new Set(bySession.keys()), onEvent };
}

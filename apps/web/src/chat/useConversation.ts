// The open conversation: its history loaded when a session is picked and again whenever a
// sidecar (re)appears or the window's event stream opens again after a break (with whether it is
// replying: a reply that ended in the gap must not show "running" for ever), live events on top,
// and the last known copy from the offline cache while OpenCode is away. A late answer for a
// session no longer shown is dropped.
import type { ChatEvent } from "@turnkey/contracts";
import { useEffect, useReducer, useRef } from "react";
import { api, errorMessage } from "../shared/api.ts";
import { conversationReducer, emptyConversation } from "./conversation.ts";
import { offlineCache } from "./offlineCache.ts";

export function useConversation(
  selected: string | null,
  sidecarPid: number | null,
  onProblem: (m: string) => void,
  reconnects = 0,
) {
  const [conversation, dispatch] = useReducer(conversationReducer, selected ?? "", (id) => ({
    ...emptyConversation(id),
    messages: id ? (offlineCache.messages(id) ?? []) : [],
    interrupted: id ? offlineCache.interrupted(id) : [],
  }));

  // Another session: show its last known copy at once, the fresh one follows when OpenCode runs.
  useEffect(() => {
    const sessionID = selected ?? "";
    dispatch({
      type: "loaded",
      sessionID,
      messages: sessionID ? (offlineCache.messages(sessionID) ?? []) : [],
      interrupted: sessionID ? offlineCache.interrupted(sessionID) : [],
    });
  }, [selected]);

  /** Status events seen: one that comes while `replying` is read is newer than its answer. */
  const statusEvents = useRef(0);
  useEffect(() => {
    const sessionID = selected ?? "";
    if (!sessionID || sidecarPid === null) return;
    let current = true;
    const seen = statusEvents.current;
    const replying = reconnects > 0 ? api.replying() : Promise.resolve(null);
    Promise.all([api.messages(sessionID), replying]).then(
      ([messages, sessions]) => {
        if (!current) return;
        const busy = sessions && statusEvents.current === seen ? { busy: sessions.includes(sessionID) } : {};
        dispatch({ type: "loaded", sessionID, messages, interrupted: offlineCache.interrupted(sessionID), ...busy });
      },
      (e) => current && onProblem(errorMessage(e)),
    );
    return () => {
      current = false;
    };
  }, [selected, sidecarPid, onProblem, reconnects]);

  const { sessionID, messages, busy, interrupted } = conversation;
  useEffect(() => {
    if (sessionID && !busy) offlineCache.saveMessages(sessionID, messages);
  }, [sessionID, messages, busy]);
  useEffect(() => {
    if (sessionID) offlineCache.saveInterrupted(sessionID, interrupted);
  }, [sessionID, interrupted]);

  const onEvent = (event: ChatEvent) => {
    if (event.type === "session.status" && event.sessionID === selected) statusEvents.current++;
    dispatch({ type: "event", event });
  };
  return { conversation, dispatch, onEvent };
}

// The open conversation: its history loaded when a session is picked and again whenever a
// sidecar (re)appears, live events on top, and the last known copy from the offline cache while
// OpenCode is away. A late answer for a session no longer shown is dropped.
import type { ChatEvent } from "@turnkey/contracts";
import { useEffect, useReducer } from "react";
import { api, errorMessage } from "../shared/api.ts";
import { conversationReducer, emptyConversation } from "./conversation.ts";
import { offlineCache } from "./offlineCache.ts";

export function useConversation(selected: string | null, sidecarPid: number | null, onProblem: (m: string) => void) {
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

  useEffect(() => {
    const sessionID = selected ?? "";
    if (!sessionID || sidecarPid === null) return;
    let current = true;
    api.messages(sessionID).then(
      (messages) =>
        current && dispatch({ type: "loaded", sessionID, messages, interrupted: offlineCache.interrupted(sessionID) }),
      (e) => current && onProblem(errorMessage(e)),
    );
    return () => {
      current = false;
    };
  }, [selected, sidecarPid, onProblem]);

  const { sessionID, messages, busy, interrupted } = conversation;
  useEffect(() => {
    if (sessionID && !busy) offlineCache.saveMessages(sessionID, messages);
  }, [sessionID, messages, busy]);
  useEffect(() => {
    if (sessionID) offlineCache.saveInterrupted(sessionID, interrupted);
  }, [sessionID, interrupted]);

  const onEvent = (event: ChatEvent) => dispatch({ type: "event", event });
  return { conversation, dispatch, onEvent };
}

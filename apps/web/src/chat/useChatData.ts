// Sessions, models and providers of the chat window: loaded whenever a sidecar (re)appears (a new
// pid is a new sidecar) and again when the window's event stream opens after a break (a session
// made, renamed or deleted in the gap), kept current by chat events, and taken from the offline
// cache while OpenCode is not running so the window is never blank.
import type { ChatEvent, ChatSession, ModelsResponse, ProvidersResponse } from "@turnkey/contracts";
import { useCallback, useEffect, useState } from "react";
import { api, errorMessage } from "../shared/api.ts";
import { useRereadOnReconnect } from "../shared/reconnects.ts";
import { offlineCache } from "./offlineCache.ts";

export function applySessionEvent(all: ChatSession[], event: ChatEvent): ChatSession[] {
  if (event.type === "session.updated") {
    const { session } = event;
    // A subagent's session is not a chat of its own: its parent's row counts it.
    if (session.parentID) {
      return all.map((s) =>
        s.id === session.parentID && !s.children?.includes(session.id)
          ? { ...s, children: [...(s.children ?? []), session.id] }
          : s,
      );
    }
    // opencode's update of a chat does not know its subagents: keep the ones already counted.
    return all.some((s) => s.id === session.id)
      ? all.map((s) => (s.id === session.id ? { ...session, ...(s.children ? { children: s.children } : {}) } : s))
      : [session, ...all];
  }
  if (event.type === "session.deleted") return all.filter((s) => s.id !== event.sessionID);
  return all;
}

/**
 * `projectId`: the project whose sessions and models are listed (undefined: the backend's most
 * recent). `reconnects`: the times the window's event stream opened again after a break.
 */
export function useChatData(
  sidecarPid: number | null,
  onProblem: (message: string) => void,
  projectId?: string,
  reconnects = 0,
) {
  const [sessions, setSessions] = useState<ChatSession[]>(() => offlineCache.sessions() ?? []);
  const [models, setModels] = useState<ModelsResponse | null>(() => offlineCache.models());
  const [providers, setProviders] = useState<ProvidersResponse | null>(null);
  /** What is shown came from OpenCode itself (not the cache) since it last started. */
  const [fresh, setFresh] = useState(false);

  const load = useCallback(() => {
    api.sessions(projectId).then(
      (list) => {
        setSessions(list);
        setFresh(true);
      },
      (e) => onProblem(errorMessage(e)),
    );
    api.models(projectId).then(setModels, () => undefined);
    api.providers().then(setProviders, () => undefined);
  }, [onProblem, projectId]);
  useEffect(() => {
    if (sidecarPid === null) setFresh(false);
    else load();
  }, [sidecarPid, load]);
  useRereadOnReconnect(reconnects, () => {
    if (sidecarPid !== null) load();
  });

  useEffect(() => offlineCache.saveSessions(sessions), [sessions]);
  useEffect(() => {
    if (models) offlineCache.saveModels(models);
  }, [models]);

  // Another project's new session is not this list's business.
  const onSessionEvent = useCallback(
    (event: ChatEvent) => {
      if (event.type === "session.updated" && projectId !== undefined && event.session.projectId !== projectId) return;
      setSessions((all) => applySessionEvent(all, event));
    },
    [projectId],
  );
  const addSession = useCallback(
    (session: ChatSession) => setSessions((all) => [session, ...all.filter((s) => s.id !== session.id)]),
    [],
  );
  const removeSession = useCallback((id: string) => setSessions((all) => all.filter((s) => s.id !== id)), []);
  const reloadModels = useCallback(() => api.models(projectId).then(setModels, () => undefined), [projectId]);

  return {
    sessions,
    models,
    providers,
    setProviders,
    fresh,
    onSessionEvent,
    addSession,
    removeSession,
    reloadModels,
  };
}

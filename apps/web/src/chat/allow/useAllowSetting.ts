// The open chat's allow setting (contracts' allow.ts): read when the chat opens and after a
// reconnect, followed by `allow` events (another window changed it, or the backend answered a
// request), and changed with a PUT. Before a new chat exists, the level chosen waits in `draft`
// and is set by `adopt` as soon as the chat is made, before its first prompt goes.
import type { AllowLevel, AllowSetting, ChatEvent } from "@turnkey/contracts";
import { useCallback, useEffect, useRef, useState } from "react";
import { api, errorMessage } from "../../shared/api.ts";
import { useRereadOnReconnect } from "../../shared/reconnects.ts";

const asking: AllowSetting = { level: "ask", allowed: [] };

export function useAllowSetting(sessionID: string | null, reconnects: number) {
  const [shown, setShown] = useState<{ sessionID: string; setting: AllowSetting } | null>(null);
  const [draft, setDraft] = useState<AllowLevel>("ask");
  const [saving, setSaving] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const current = useRef(sessionID);
  current.current = sessionID;

  const read = useCallback((id: string | null) => {
    setProblem(null);
    if (id === null) return;
    api.allowSetting(id).then(
      (setting) => current.current === id && setShown({ sessionID: id, setting }),
      (error: unknown) =>
        current.current === id && setProblem(`Could not read what this chat allows: ${errorMessage(error)}`),
    );
  }, []);
  useEffect(() => read(sessionID), [sessionID, read]);
  useRereadOnReconnect(reconnects, () => read(current.current));

  const onEvent = useCallback((event: ChatEvent) => {
    if (event.type === "allow" && event.sessionID === current.current)
      setShown({ sessionID: event.sessionID, setting: event.setting });
  }, []);

  const choose = useCallback(
    async (level: AllowLevel) => {
      if (sessionID === null) {
        setDraft(level);
        return;
      }
      setSaving(true);
      setProblem(null);
      try {
        const setting = await api.setAllow(sessionID, level);
        if (current.current === sessionID) setShown({ sessionID, setting });
      } catch (error) {
        if (current.current === sessionID) setProblem(`The setting was not changed: ${errorMessage(error)}`);
      } finally {
        setSaving(false);
      }
    },
    [sessionID],
  );

  /** A new chat was just made: the level chosen before it goes on it, before its first prompt. */
  const adopt = useCallback(
    async (id: string) => {
      if (draft === "ask") return;
      setDraft("ask");
      try {
        const setting = await api.setAllow(id, draft);
        setShown({ sessionID: id, setting });
      } catch (error) {
        setProblem(`The new chat asks first: ${errorMessage(error)}`);
      }
    },
    [draft],
  );

  const setting =
    sessionID === null ? { level: draft, allowed: [] } : shown?.sessionID === sessionID ? shown.setting : asking;
  return { setting, saving, problem, choose, adopt, onEvent };
}

export type AllowState = ReturnType<typeof useAllowSetting>;

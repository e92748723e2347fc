// The open chat's allow setting (contracts' allow.ts): read when the chat opens and after a
// reconnect, followed by `allow` events (another window changed it, or the backend answered a
// request), and changed with a PUT. Until it is read the picker says so rather than "Ask first"
// (the chat may allow more: review 29, L2), and a read that started before a change of this
// window's is not shown over it (L3). Before a new chat exists, the level chosen waits in `draft`
// and is set by `adopt` as soon as the chat is made, before its first prompt goes.
import type { AllowLevel, AllowSetting, ChatEvent } from "@turnkey/contracts";
import { useCallback, useEffect, useRef, useState } from "react";
import { api, errorMessage } from "../../shared/api.ts";
import { useRereadOnReconnect } from "../../shared/reconnects.ts";

export function useAllowSetting(sessionID: string | null, reconnects: number) {
  const [shown, setShown] = useState<{ sessionID: string; setting: AllowSetting } | null>(null);
  const [draft, setDraft] = useState<AllowLevel>("ask");
  const [saving, setSaving] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const current = useRef(sessionID);
  current.current = sessionID;
  /** This window's changes, under way and ended: a read that overlapped one may be older than it. */
  const writes = useRef({ running: 0, ended: 0 });

  const read = useCallback((id: string | null) => {
    setProblem(null);
    if (id === null) return;
    const ended = writes.current.ended;
    api.allowSetting(id).then(
      (setting) => {
        const fresh = writes.current.running === 0 && writes.current.ended === ended;
        if (current.current === id && fresh) setShown({ sessionID: id, setting });
      },
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

  /** Sets the level; on a refusal, reads the chat's own again (a read it overlapped was not shown) and says why. */
  const write = useCallback(
    async (id: string, level: AllowLevel, refused: string) => {
      writes.current.running += 1;
      const answer = await api.setAllow(id, level).then(
        (setting) => ({ setting }),
        (error: unknown) => ({ error }),
      );
      writes.current.running -= 1;
      writes.current.ended += 1;
      if ("setting" in answer) {
        if (current.current === id) setShown({ sessionID: id, setting: answer.setting });
        return;
      }
      read(id);
      if (current.current === id) setProblem(`${refused}: ${errorMessage(answer.error)}`);
    },
    [read],
  );

  const choose = useCallback(
    async (level: AllowLevel) => {
      if (sessionID === null) {
        setDraft(level);
        return;
      }
      setSaving(true);
      setProblem(null);
      try {
        await write(sessionID, level, "The setting was not changed");
      } finally {
        setSaving(false);
      }
    },
    [sessionID, write],
  );

  /** A new chat was just made: the level chosen before it goes on it, before its first prompt. */
  const adopt = useCallback(
    async (id: string) => {
      if (draft === "ask") return;
      setDraft("ask");
      await write(id, draft, "The new chat asks first");
    },
    [draft, write],
  );

  /** Null until the open chat's setting was read. */
  const setting: AllowSetting | null =
    sessionID === null ? { level: draft, allowed: [] } : shown?.sessionID === sessionID ? shown.setting : null;
  return { setting, saving, problem, choose, adopt, onEvent };
}

export type AllowState = ReturnType<typeof useAllowSetting>;

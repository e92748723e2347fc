// A chat opened by its session alone (the tray's notification of a session waiting in a folder that
// is no listed project) is not paired with whatever project the window shows: its folder is read
// from the backend, and the window switches to that folder's project, or shows the folder as one
// outside the list. Otherwise the user would answer "Allow bash: rm -rf build?" believing it runs
// in the project on screen.
import type { ChatSession } from "@turnkey/contracts";
import { useCallback, useRef, useState } from "react";
import { api } from "../../shared/api.ts";

export function useSessionFolder(choose: (projectId: string) => void) {
  /** "asking" while the folder is being read; the session when it works outside every project. */
  const [where, setWhere] = useState<ChatSession | "asking" | null>(null);
  const asked = useRef<string | null>(null);

  /** Reads where the session works; leaving it (or asking about another) drops a late answer. */
  const place = useCallback(
    (sessionID: string) => {
      asked.current = sessionID;
      setWhere("asking");
      const settle = (session: ChatSession | null) => {
        if (asked.current !== sessionID) return;
        asked.current = null;
        if (session?.projectId) choose(session.projectId);
        setWhere(session && !session.projectId ? session : null);
      };
      api.session(sessionID).then(settle, () => settle(null));
    },
    [choose],
  );

  const leave = useCallback(() => {
    asked.current = null;
    setWhere(null);
  }, []);

  return { outside: where === "asking" ? null : where, asking: where === "asking", place, leave };
}

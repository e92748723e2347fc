// A chat opened by its session alone (the tray's notification of a session waiting in a folder that
// is no listed project) is not paired with whatever project the window shows: its folder is read
// from the backend, and the window switches to that folder's project, or shows the folder as one
// outside the list. Otherwise the user would answer "Allow bash: rm -rf build?" believing it runs
// in the project on screen. Until the folder is known (asking, or the read failed: OpenCode slow or
// restarting) the chat is paired with no project: the window says so, offers Retry, and holds the
// chat's waiting requests back.
import type { ChatSession } from "@turnkey/contracts";
import { useCallback, useRef, useState } from "react";
import { api, errorMessage } from "../../shared/api.ts";

/** The open chat's folder is not known yet: `error` says why when reading it failed. */
export interface FolderUnknown {
  error: string | null;
  retry: () => void;
}

export function useSessionFolder(choose: (projectId: string) => void) {
  /** "asking" while the folder is being read; the session when it works outside every project. */
  const [where, setWhere] = useState<ChatSession | "asking" | { failed: string; sessionID: string } | null>(null);
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
      api.session(sessionID).then(settle, (error: unknown) => {
        if (asked.current !== sessionID) return;
        asked.current = null;
        setWhere({ failed: errorMessage(error), sessionID });
      });
    },
    [choose],
  );

  const leave = useCallback(() => {
    asked.current = null;
    setWhere(null);
  }, []);

  const failed = where !== null && typeof where === "object" && "failed" in where ? where : null;
  const unknown: FolderUnknown | null =
    where === "asking" || failed
      ? { error: failed?.failed ?? null, retry: () => failed && place(failed.sessionID) }
      : null;
  const outside = where === null || where === "asking" || "failed" in where ? null : where;
  return { outside, asking: unknown !== null, unknown, place, leave };
}

// Turns chat events and OpenCode's state into notifications while the window is in the
// background: a reply finished or failed, the agent waits for a permission, OpenCode failed.
// Other "waiting for you" sources (questions) call `notifyIfAway` the same way.
import type { ChatEvent, ChatSession, SidecarStatus } from "@turnkey/contracts";
import { useCallback, useEffect, useRef, useState } from "react";
import { askForNotifications, notificationState, notifyIfAway } from "./notifications.ts";

export function useNotifier(sessions: ChatSession[], status: SidecarStatus | null) {
  const [permission, setPermission] = useState(notificationState);
  const busy = useRef(new Set<string>());
  const titles = useRef(new Map<string, string>());
  // A subagent's session is told by the chat that started it (opencode asks in the subagent's).
  titles.current = new Map(
    sessions.flatMap((s) => [[s.id, s.title] as const, ...(s.children ?? []).map((c) => [c, s.title] as const)]),
  );

  const onEvent = useCallback((event: ChatEvent) => {
    const title = (id: string) => titles.current.get(id) ?? "your chat";
    if (event.type === "session.status") {
      if (event.status !== "idle") busy.current.add(event.sessionID);
      else if (busy.current.delete(event.sessionID))
        notifyIfAway("OpenCode finished replying", `In “${title(event.sessionID)}”.`, `done-${event.sessionID}`);
    } else if (event.type === "permission.asked") {
      notifyIfAway(
        "OpenCode is waiting for you",
        `It asks to use ${event.permission.permission} in “${title(event.sessionID)}”.`,
        `wait-${event.sessionID}`,
      );
    } else if (event.type === "session.error" && event.error.name !== "MessageAbortedError") {
      busy.current.delete(event.sessionID);
      notifyIfAway("The reply failed", event.error.message, `error-${event.sessionID}`);
    }
  }, []);

  const state = status?.state;
  const reason = status?.error?.message;
  useEffect(() => {
    if (state === "failed")
      notifyIfAway("OpenCode stopped working", reason ?? "Open the status window to see why.", "failed");
  }, [state, reason]);

  const enable = useCallback(async () => setPermission(await askForNotifications()), []);
  return { permission, enable, onEvent };
}

// What happens to typed text between the box and OpenCode. The box empties the moment a message
// goes out, so what the user types while it is sending is theirs alone (never appended to the
// sent text, never cleared with it). A message that fails comes back in front of whatever was
// typed since. A message sent while OpenCode starts is held, shown, and sent once it runs; Cancel
// puts it back in the box. Held text is kept in localStorage too, so a reload does not lose it.
import { useCallback, useEffect, useRef, useState } from "react";
import { loadDraft, saveDraft } from "./drafts.ts";

/** The sent text back in the box, in front of anything typed since, never twice. */
export function restoreUnsent(sent: string, current: string): string {
  if (current.trim() === "") return sent;
  if (current === sent || current.startsWith(`${sent}\n`)) return current;
  return `${sent}\n\n${current}`;
}

export interface HeldMessage {
  sessionID: string | null;
  text: string;
}

const heldKey = "turnkey.held";
function loadHeld(): HeldMessage | null {
  try {
    const raw = localStorage.getItem(heldKey);
    return raw ? (JSON.parse(raw) as HeldMessage) : null;
  } catch {
    return null;
  }
}
function saveHeld(held: HeldMessage | null): void {
  try {
    if (held) localStorage.setItem(heldKey, JSON.stringify(held));
    else localStorage.removeItem(heldKey);
  } catch {
    // the held message is still on screen
  }
}

/** `sent` names the session it went to (a new one when sent from "New chat"). */
export type Delivery = { sent: string } | "hold" | { failed: string };

export function useOutbox(options: {
  selected: string | null;
  /** OpenCode runs: send now. */
  live: boolean;
  /** OpenCode is on its way (starting, restarting): hold the message for it. */
  coming: boolean;
  /** Sends the text to the session (null: a new one); says how it went. */
  deliver: (sessionID: string | null, text: string) => Promise<Delivery>;
  onProblem: (message: string | null) => void;
}) {
  const { selected, live, coming, deliver, onProblem } = options;
  const [draft, setDraftState] = useState(() => loadDraft(selected));
  const [sending, setSending] = useState(false);
  const [held, setHeld] = useState<HeldMessage | null>(loadHeld);
  const current = useRef({ selected, draft });
  current.current = { selected, draft };

  const setDraft = useCallback((text: string) => {
    setDraftState(text);
    saveDraft(current.current.selected, text);
  }, []);

  /** Switching sessions shows that session's own unsent text. */
  const switchTo = useCallback((sessionID: string | null) => {
    current.current.selected = sessionID;
    setDraftState(loadDraft(sessionID));
  }, []);

  const giveBack = useCallback(
    (sessionID: string | null, text: string) => {
      if (current.current.selected === sessionID) setDraft(restoreUnsent(text, current.current.draft));
      else saveDraft(sessionID, restoreUnsent(text, loadDraft(sessionID)));
    },
    [setDraft],
  );

  const hold = useCallback((message: HeldMessage) => {
    setHeld(message);
    saveHeld(message);
  }, []);

  const dispatch = useCallback(
    async (sessionID: string | null, text: string) => {
      setSending(true);
      onProblem(null);
      try {
        const result = await deliver(sessionID, text);
        if (result === "hold") hold({ sessionID, text });
        else if ("sent" in result) {
          // Sent from "New chat": what was typed meanwhile now belongs to the new session.
          if (sessionID === null && current.current.selected === null) {
            current.current.selected = result.sent;
            saveDraft(null, "");
            saveDraft(result.sent, current.current.draft);
          }
        } else {
          giveBack(sessionID, text);
          onProblem(`${result.failed} Your message is back in the box.`);
        }
      } finally {
        setSending(false);
      }
    },
    [deliver, giveBack, hold, onProblem],
  );

  const send = useCallback(
    (text: string = current.current.draft) => {
      if (text.trim() === "" || sending || held) return;
      const sessionID = current.current.selected;
      if (text === current.current.draft) setDraft("");
      if (!live) {
        if (coming) hold({ sessionID, text });
        else giveBack(sessionID, text);
        return;
      }
      void dispatch(sessionID, text);
    },
    [sending, held, live, coming, dispatch, hold, giveBack, setDraft],
  );

  const cancelHeld = useCallback(() => {
    if (!held) return;
    setHeld(null);
    saveHeld(null);
    giveBack(held.sessionID, held.text);
  }, [held, giveBack]);

  // OpenCode is running: the held message goes out, exactly once.
  useEffect(() => {
    if (!live || !held || sending) return;
    setHeld(null);
    saveHeld(null);
    void dispatch(held.sessionID, held.text);
  }, [live, held, sending, dispatch]);

  return { draft, setDraft, switchTo, sending, held, send, cancelHeld };
}

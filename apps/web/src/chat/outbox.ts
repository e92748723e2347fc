// What happens to typed text between the box and OpenCode. The box empties the moment a message
// goes out, so what the user types while it is sending is theirs alone (never appended to the
// sent text, never cleared with it). A message that fails comes back in front of whatever was
// typed since; one OpenCode never confirmed (the backend's deadline answered while it may have
// reached OpenCode) is not called failed: its text is kept there too, with a word to check the
// chat before sending it again. A message sent while OpenCode is not running (starting, restarting, stopped or
// failed) is held with its attachments, shown, and sent once it runs; Cancel puts it back in the
// box. Held messages are kept in localStorage too, so a reload does not lose them.
import { useCallback, useEffect, useRef, useState } from "react";
import { loadDraft, onDraftReplaced, saveDraft } from "./drafts.ts";
import { type HeldMessage, heldStorageKeys, loadHeld, newHeldId, saveHeld, settleHeld } from "./heldStore.ts";
import type { Attachment } from "./workbench/attachments.ts";

/** The sent text back in the box, in front of anything typed since, never twice. */
export function restoreUnsent(sent: string, current: string): string {
  if (current.trim() === "") return sent;
  if (current === sent || current.startsWith(`${sent}\n`)) return current;
  return `${sent}\n\n${current}`;
}

/** `sent` names the session it went to (a new one when sent from "New chat"). */
/** `created`: a chat made for the message before it failed, whose box the text goes back to. */
export type Delivery =
  | { sent: string }
  | "hold"
  | { failed: string; created?: string }
  | { unconfirmed: string; created?: string };

export function useOutbox(options: {
  selected: string | null;
  /** The project the window shows: where a message to a new chat starts a session. */
  projectId: string | undefined;
  /** OpenCode runs: send now; otherwise hold the message until it does. */
  live: boolean;
  /** Sends the message to the session (null: a new one); says how it went. */
  deliver: (
    sessionID: string | null,
    text: string,
    attachments: Attachment[],
    projectId: string | undefined,
  ) => Promise<Delivery>;
  /** Attachments of a message that did not go out, back to its chat's box. */
  restoreAttachments: (sessionID: string | null, attachments: Attachment[]) => void;
  onProblem: (message: string | null) => void;
}) {
  const { selected, projectId, live, deliver, restoreAttachments, onProblem } = options;
  const [draft, setDraftState] = useState(() => loadDraft(selected));
  const [sending, setSending] = useState(false);
  const [held, setHeld] = useState<HeldMessage | null>(loadHeld);
  const current = useRef({ selected, draft, projectId });
  current.current = { selected, draft, projectId };

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
    (sessionID: string | null, text: string, attachments: Attachment[]) => {
      if (attachments.length > 0) restoreAttachments(sessionID, attachments);
      if (current.current.selected === sessionID) setDraft(restoreUnsent(text, current.current.draft));
      else saveDraft(sessionID, restoreUnsent(text, loadDraft(sessionID)));
    },
    [setDraft, restoreAttachments],
  );

  const hold = useCallback((message: HeldMessage) => {
    setHeld(message);
    saveHeld(message);
  }, []);

  // The shown chat's text written from outside the box (a task's run kept or took back its task).
  useEffect(
    () =>
      onDraftReplaced((sessionID, text) => {
        if (current.current.selected === sessionID) setDraftState(text);
      }),
    [],
  );

  // Another window of the app sent or cancelled this held message: it is that window's now.
  useEffect(() => {
    const onStorage = (event: StorageEvent) => {
      if (event.key !== heldStorageKeys.settled || event.newValue === null) return;
      setHeld((mine) => (mine?.id === event.newValue ? null : mine));
    };
    addEventListener("storage", onStorage);
    return () => removeEventListener("storage", onStorage);
  }, []);

  const dispatch = useCallback(
    async (message: HeldMessage) => {
      const { sessionID, text, attachments } = message;
      setSending(true);
      onProblem(null);
      try {
        const result = await deliver(sessionID, text, attachments, message.projectId);
        if (result === "hold")
          hold({ ...message, id: newHeldId() }); // settled as this id already
        else if ("sent" in result) {
          // Sent from "New chat": what was typed meanwhile now belongs to the new session.
          const here = message.projectId === current.current.projectId;
          if (sessionID === null && current.current.selected === null && here) {
            current.current.selected = result.sent;
            saveDraft(null, "");
            saveDraft(result.sent, current.current.draft);
          }
        } else if ("unconfirmed" in result) {
          giveBack(result.created ?? sessionID, text, attachments);
          onProblem(`${result.unconfirmed} Your text is in the box in case it never shows up.`);
        } else {
          giveBack(result.created ?? sessionID, text, attachments);
          onProblem(`${result.failed} Your message is back in the box.`);
        }
      } finally {
        setSending(false);
      }
    },
    [deliver, giveBack, hold, onProblem],
  );

  /**
   * Sends the box's text (or `text`) with `attachments`; the caller clears its attachments. The box
   * empties when `text` is its text, or `fromBox` says `text` was made from it (review comments added).
   */
  const send = useCallback(
    (text: string = current.current.draft, attachments: Attachment[] = [], fromBox = false) => {
      if ((text.trim() === "" && attachments.length === 0) || sending || held) return false;
      const { selected: sessionID, projectId } = current.current;
      if (fromBox || text === current.current.draft) setDraft("");
      const message = { id: newHeldId(), sessionID, text, attachments, ...(sessionID === null ? { projectId } : {}) };
      if (live) void dispatch(message);
      else hold(message);
      return true;
    },
    [sending, held, live, dispatch, hold, setDraft],
  );

  const cancelHeld = useCallback(() => {
    if (!held) return;
    setHeld(null);
    void settleHeld(held); // so no other window sends it
    giveBack(held.sessionID, held.text, held.attachments);
  }, [held, giveBack]);

  // OpenCode is running: the held message goes out, exactly once, from one window only.
  useEffect(() => {
    if (!live || !held || sending) return;
    setHeld(null);
    void settleHeld(held).then((mine) => {
      if (mine) void dispatch(held);
    });
  }, [live, held, sending, dispatch]);

  return { draft, setDraft, switchTo, sending, held, send, cancelHeld };
}

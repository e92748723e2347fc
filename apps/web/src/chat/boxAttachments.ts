// The files attached in the message box belong to the chat they were attached in, like its text
// (drafts.ts): opening another chat sets them aside and shows that chat's own, and files that come
// back to a chat's box (a message that failed or was cancelled while held, an edited prompt not sent)
// go to that chat's box even when another chat is open by then. Kept in memory for this window:
// data URLs of up to ~900 kB each would not fit in storage.
import { useCallback, useReducer, useRef } from "react";
import type { Attachment } from "./workbench/attachments.ts";

const boxOf = (sessionID: string | null) => sessionID ?? "new";

/** `back` in front of what the box holds, each file once. */
function inFront(back: Attachment[], box: Attachment[]): Attachment[] {
  const ids = new Set(back.map((a) => a.id));
  return [...back, ...box.filter((a) => !ids.has(a.id))];
}

function keep(aside: Map<string, Attachment[]>, sessionID: string | null, files: Attachment[]): void {
  if (files.length > 0) aside.set(boxOf(sessionID), files);
  else aside.delete(boxOf(sessionID));
}

export function useBoxAttachments(selected: string | null) {
  // A ref read and written at once (a switch right after an attach must see the file), drawn by a tick.
  const box = useRef<Attachment[]>([]);
  const [, redraw] = useReducer((n: number) => n + 1, 0);
  const aside = useRef(new Map<string, Attachment[]>());
  // The chat whose box is on screen: the open one, or the one just switched to before it renders.
  const shown = useRef(selected);
  shown.current = selected;

  const setAttachments = useCallback((next: Attachment[] | ((box: Attachment[]) => Attachment[])) => {
    box.current = typeof next === "function" ? next(box.current) : next;
    redraw();
  }, []);

  /** Opening another chat: this box's files are kept for its chat, that chat's come back. */
  const switchTo = useCallback(
    (sessionID: string | null) => {
      if (boxOf(sessionID) === boxOf(shown.current)) return;
      keep(aside.current, shown.current, box.current);
      shown.current = sessionID;
      const theirs = aside.current.get(boxOf(sessionID)) ?? [];
      aside.current.delete(boxOf(sessionID));
      setAttachments(theirs);
    },
    [setAttachments],
  );

  /** Files back into a chat's box (`replace`: instead of what it holds; else in front of it). */
  const putBack = useCallback(
    (sessionID: string | null, files: Attachment[], replace = false) => {
      if (boxOf(sessionID) === boxOf(shown.current)) setAttachments((now) => (replace ? files : inFront(files, now)));
      else keep(aside.current, sessionID, replace ? files : inFront(files, aside.current.get(boxOf(sessionID)) ?? []));
    },
    [setAttachments],
  );

  return { attachments: box.current, setAttachments, switchTo, putBack };
}

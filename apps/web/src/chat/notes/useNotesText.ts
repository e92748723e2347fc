// The project notes' text as the user types it: saved 700 ms after the typing stops, when the box
// loses focus, and when the panel goes (another chat, the window closing); each save names the
// revision it was typed over, so another window's save is never written over without a word (the
// backend refuses it, notes_changed) and the user chooses: keep theirs or keep mine. A read from the
// backend replaces the box only when nothing typed is waiting. What is typed and not yet saved is
// also kept in the browser's storage until a save answers, so a window closed within the delay, or
// a backend that was away, loses nothing: the next read offers it again.
import { TurnkeyApiError } from "@turnkey/client";
import type { ProjectNotes } from "@turnkey/contracts";
import { useCallback, useEffect, useRef, useState } from "react";
import { api, errorMessage } from "../../shared/api.ts";

/** How long the typing must stop before a save. */
export const notesSaveDelayMs = 700;

export type NotesPhase =
  | { kind: "saved" }
  | { kind: "waiting" }
  | { kind: "saving" }
  | { kind: "failed"; error: string }
  | { kind: "conflict"; theirs: ProjectNotes };

/** Typed and not yet saved, with the revision it was typed over. */
interface Unsaved {
  text: string;
  base: number;
}
const storageKey = (folder: string) => `turnkey.notes.${folder}`;

function readUnsaved(folder: string): Unsaved | null {
  try {
    const kept = JSON.parse(localStorage.getItem(storageKey(folder)) ?? "null") as Unsaved | null;
    return kept && typeof kept.text === "string" && typeof kept.base === "number" ? kept : null;
  } catch {
    return null; // storage off or a value not ours: nothing to offer
  }
}

function keepUnsaved(folder: string | null, unsaved: Unsaved | null): void {
  if (!folder) return;
  try {
    if (unsaved) localStorage.setItem(storageKey(folder), JSON.stringify(unsaved));
    else localStorage.removeItem(storageKey(folder));
  } catch {
    // Storage full or off: the save itself still goes.
  }
}

export function useNotesText(sessionID: string, doc: ProjectNotes | null, setDoc: (next: ProjectNotes) => void) {
  const [text, setText] = useState(doc?.notes ?? "");
  const [phase, setPhase] = useState<NotesPhase>({ kind: "saved" });
  // What the callbacks need without waiting for a render: the typed text, the last saved text and
  // the revision it was saved as, a save under way, the pending timer, an open conflict.
  const kept = useRef({
    text: doc?.notes ?? "",
    saved: doc?.notes ?? "",
    base: doc?.notesRevision ?? 0,
    saving: false,
    conflict: false,
    folder: null as string | null,
    timer: null as ReturnType<typeof setTimeout> | null,
  });

  const save = useCallback(async (): Promise<void> => {
    const k = kept.current;
    if (k.timer) clearTimeout(k.timer);
    k.timer = null;
    if (k.saving || k.conflict || k.text === k.saved) return;
    k.saving = true;
    setPhase({ kind: "saving" });
    try {
      const next = await api.saveNotes(sessionID, { notes: k.text, revision: k.base });
      k.saved = next.notes;
      k.base = next.notesRevision;
      k.saving = false;
      if (k.text === k.saved) keepUnsaved(k.folder, null);
      setDoc(next);
      if (k.text === k.saved) setPhase({ kind: "saved" });
      else await save(); // typed while it was saving
    } catch (failure) {
      k.saving = false;
      if (failure instanceof TurnkeyApiError && failure.code === "notes_changed") {
        try {
          k.conflict = true;
          setPhase({ kind: "conflict", theirs: await api.notes(sessionID) });
        } catch (reading) {
          k.conflict = false;
          setPhase({ kind: "failed", error: errorMessage(reading) });
        }
      } else setPhase({ kind: "failed", error: errorMessage(failure) });
    }
  }, [sessionID, setDoc]);

  const type = (next: string) => {
    const k = kept.current;
    k.text = next;
    setText(next);
    keepUnsaved(k.folder, { text: next, base: k.base });
    if (k.conflict) return; // the choice comes first
    if (k.timer) clearTimeout(k.timer);
    k.timer = setTimeout(() => void save(), notesSaveDelayMs);
    if (!k.saving) setPhase({ kind: "waiting" });
  };

  /** Another window's save stands; the box shows it. */
  const takeTheirs = (theirs: ProjectNotes) => {
    const k = kept.current;
    k.conflict = false;
    k.text = k.saved = theirs.notes;
    k.base = theirs.notesRevision;
    keepUnsaved(k.folder, null);
    setText(theirs.notes);
    setDoc(theirs);
    setPhase({ kind: "saved" });
  };

  /** What this box holds is saved over theirs. */
  const keepMine = (theirs: ProjectNotes) => {
    const k = kept.current;
    k.conflict = false;
    k.saved = theirs.notes;
    k.base = theirs.notesRevision;
    void save();
  };

  // A read: the first one offers what an earlier window left unsaved; a later one replaces the box
  // only when nothing typed is waiting.
  useEffect(() => {
    const k = kept.current;
    if (!doc) return;
    if (k.folder === null) {
      k.folder = doc.folder;
      const left = readUnsaved(doc.folder);
      if (left && left.text !== doc.notes) {
        k.saved = doc.notes;
        k.base = left.base;
        k.text = left.text;
        setText(left.text);
        if (left.base === doc.notesRevision) void save();
        else {
          // Saved elsewhere since: the same choice as a refused save.
          k.conflict = true;
          setPhase({ kind: "conflict", theirs: doc });
        }
        return;
      }
    }
    if (k.saving || k.conflict || k.text !== k.saved) return;
    k.text = k.saved = doc.notes;
    k.base = doc.notesRevision;
    setText(doc.notes);
  }, [doc, save]);

  // Leaving (another chat, the window closing): what is typed and not saved is sent now.
  useEffect(() => {
    const k = kept.current;
    return () => {
      if (k.timer) clearTimeout(k.timer);
      if (!k.saving && !k.conflict && k.text !== k.saved)
        void api.saveNotes(sessionID, { notes: k.text, revision: k.base }).catch(() => undefined);
    };
  }, [sessionID]);

  return { text, phase, type, save, takeTheirs, keepMine };
}

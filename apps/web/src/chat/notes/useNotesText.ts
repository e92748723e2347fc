// The project notes' text as the user types it: saved 700 ms after the typing stops, when the box
// loses focus, when the panel goes (another chat or tab) and when the page goes (a keepalive
// request). Each save names the revision it was typed over, so a save is never written over another
// without a word (the backend refuses it, notes_changed) and the user chooses: keep mine or take
// theirs. An answer older than the revision held is not shown (todo answers and re-reads carry the
// notes too, and can arrive out of order: review 27, H2).
//
// Until a save answers, what is typed is also kept in the browser's storage, one entry per folder
// and window (a tab keeps its id across reloads), so a panel that went while the backend was away,
// or a window closed within the delay, loses nothing: the next panel of that window, or any window
// once the first was closed, offers it again. An entry is removed as soon as the text it holds is
// the saved one (review 27, H3: a stale entry put old text over newer notes).
import { TurnkeyApiError } from "@turnkey/client";
import type { ProjectNotes } from "@turnkey/contracts";
import { useCallback, useEffect, useRef, useState } from "react";
import { api, errorMessage, launchToken } from "../../shared/api.ts";

/** How long the typing must stop before a save. */
export const notesSaveDelayMs = 700;

export type NotesPhase =
  | { kind: "idle" }
  | { kind: "saved" }
  | { kind: "waiting" }
  | { kind: "saving" }
  | { kind: "failed"; error: string }
  | { kind: "conflict"; theirs: ProjectNotes };

/** Typed and not yet saved: the revision it was typed over, when, and whether its window has closed. */
interface Unsaved {
  text: string;
  base: number;
  at: number;
  closed?: boolean;
}

const prefix = "turnkey.notes.";

/** This window's id, kept across its reloads (sessionStorage is the tab's). */
export const windowId: string = (() => {
  try {
    const kept = sessionStorage.getItem("turnkey.window");
    if (kept) return kept;
    const made = crypto.randomUUID();
    sessionStorage.setItem("turnkey.window", made);
    return made;
  } catch {
    return crypto.randomUUID();
  }
})();

const keyOf = (folder: string, window = windowId) => `${prefix}${window}.${folder}`;

function readEntry(key: string): Unsaved | null {
  try {
    const kept = JSON.parse(localStorage.getItem(key) ?? "null") as Unsaved | null;
    return kept && typeof kept.text === "string" && typeof kept.base === "number" ? kept : null;
  } catch {
    return null; // storage off, or a value not ours
  }
}

/** This window's entry for the folder, else the newest left by a window that has closed. */
export function leftUnsaved(folder: string): { key: string; entry: Unsaved } | null {
  const own = readEntry(keyOf(folder));
  if (own) return { key: keyOf(folder), entry: own };
  let newest: { key: string; entry: Unsaved } | null = null;
  try {
    for (let i = 0; i < localStorage.length; i++) {
      const key = localStorage.key(i) ?? "";
      if (!key.startsWith(prefix) || !key.endsWith(`.${folder}`)) continue;
      const entry = readEntry(key);
      if (entry?.closed && (!newest || entry.at > newest.entry.at)) newest = { key, entry };
    }
  } catch {
    return null;
  }
  return newest;
}

function write(key: string, entry: Unsaved | null): void {
  try {
    if (entry) localStorage.setItem(key, JSON.stringify(entry));
    else localStorage.removeItem(key);
  } catch {
    // Storage full or off: the save itself still goes.
  }
}

export function useNotesText(sessionID: string, doc: ProjectNotes | null, setDoc: (next: ProjectNotes) => void) {
  const [text, setText] = useState(doc?.notes ?? "");
  const [phase, setPhase] = useState<NotesPhase>({ kind: "idle" });
  // What the callbacks need without waiting for a render: the typed text, the last saved text and
  // the revision it was saved as, a save under way, the pending timer, an open conflict.
  const kept = useRef({
    text: "",
    saved: "",
    base: 0,
    saving: false,
    conflict: false,
    folder: null as string | null,
    timer: null as ReturnType<typeof setTimeout> | null,
  });

  /** Keeps this window's copy of the typed text, or removes it once the text is the saved one. */
  const remember = useCallback(() => {
    const k = kept.current;
    if (!k.folder) return;
    write(keyOf(k.folder), k.text === k.saved ? null : { text: k.text, base: k.base, at: Date.now() });
  }, []);

  const save = useCallback(async (): Promise<void> => {
    const k = kept.current;
    if (k.timer) clearTimeout(k.timer);
    k.timer = null;
    if (k.saving || k.conflict) return;
    if (k.text === k.saved) {
      remember();
      setPhase((was) => (was.kind === "idle" ? was : { kind: "saved" }));
      return;
    }
    k.saving = true;
    setPhase({ kind: "saving" });
    try {
      const next = await api.saveNotes(sessionID, { notes: k.text, revision: k.base });
      k.saved = next.notes;
      k.base = next.notesRevision;
      k.saving = false;
      remember();
      setDoc(next);
      if (k.text === k.saved) setPhase({ kind: "saved" });
      else await save(); // typed while it was saving
    } catch (failure) {
      k.saving = false;
      if (failure instanceof TurnkeyApiError && failure.code === "notes_changed") {
        try {
          k.conflict = true;
          const theirs = await api.notes(sessionID);
          setDoc(theirs);
          setPhase({ kind: "conflict", theirs });
        } catch (reading) {
          k.conflict = false;
          setPhase({ kind: "failed", error: errorMessage(reading) });
        }
      } else setPhase({ kind: "failed", error: errorMessage(failure) });
    }
  }, [sessionID, setDoc, remember]);

  const type = (next: string) => {
    const k = kept.current;
    k.text = next;
    setText(next);
    remember();
    if (k.conflict) return; // the choice comes first
    if (k.timer) clearTimeout(k.timer);
    k.timer = setTimeout(() => void save(), notesSaveDelayMs);
    if (!k.saving) setPhase({ kind: "waiting" });
  };

  /** The saved notes stand; the box shows them. */
  const takeTheirs = (theirs: ProjectNotes) => {
    const k = kept.current;
    k.conflict = false;
    k.text = k.saved = theirs.notes;
    k.base = theirs.notesRevision;
    remember();
    setText(theirs.notes);
    setPhase({ kind: "saved" });
  };

  /** What this box holds is saved over theirs (nothing to send when they are the same). */
  const keepMine = (theirs: ProjectNotes) => {
    const k = kept.current;
    k.conflict = false;
    k.saved = theirs.notes;
    k.base = theirs.notesRevision;
    void save();
  };

  // A read or an answer. The first offers what this window, or a closed one, left unsaved; a later
  // one replaces the box only when nothing typed is waiting and it is not older than what is held.
  useEffect(() => {
    const k = kept.current;
    if (!doc) return;
    if (k.folder === null) {
      k.folder = doc.folder;
      k.text = k.saved = doc.notes;
      k.base = doc.notesRevision;
      setText(doc.notes);
      const left = leftUnsaved(doc.folder);
      if (!left) return;
      write(left.key, null); // taken: this window's own entry holds it from here
      if (left.entry.text === doc.notes) return;
      k.text = left.entry.text;
      setText(left.entry.text);
      if (left.entry.base === doc.notesRevision) {
        void save();
        return;
      }
      remember();
      k.conflict = true; // saved since it was typed: the same choice as a refused save
      setPhase({ kind: "conflict", theirs: doc });
      return;
    }
    if (k.saving || k.conflict || k.text !== k.saved || doc.notesRevision < k.base) return;
    k.text = k.saved = doc.notes;
    k.base = doc.notesRevision;
    setText(doc.notes);
  }, [doc, save, remember]);

  // Leaving: what is typed and not saved is sent now; kept in storage until the answer says it is saved.
  useEffect(() => {
    const k = kept.current;
    const dirty = () => !k.saving && !k.conflict && k.text !== k.saved;
    // The page going (a window closed): a keepalive request outlives it (by hand: the typed client
    // has no keepalive), and the entry is marked as its closed window's, so another window offers
    // it if that request did not arrive.
    const onPageHide = () => {
      if (!k.folder || k.text === k.saved) return;
      write(keyOf(k.folder), { text: k.text, base: k.base, at: Date.now(), closed: true });
      if (!dirty()) return;
      void fetch(`/api/sessions/${encodeURIComponent(sessionID)}/notes`, {
        method: "PUT",
        keepalive: true,
        headers: {
          "content-type": "application/json",
          ...(launchToken ? { authorization: `Bearer ${launchToken}` } : {}),
        },
        body: JSON.stringify({ notes: k.text, revision: k.base }),
      }).catch(() => undefined); // the entry stays, offered again
    };
    window.addEventListener("pagehide", onPageHide);
    return () => {
      window.removeEventListener("pagehide", onPageHide);
      if (k.timer) clearTimeout(k.timer);
      if (!dirty() || !k.folder) return;
      const { folder, text: typed } = k;
      api
        .saveNotes(sessionID, { notes: typed, revision: k.base })
        .then((next) => {
          if (next.notes === typed) write(keyOf(folder), null);
        })
        .catch(() => undefined); // kept in storage: the next panel offers it again
    };
  }, [sessionID]);

  return { text, phase, type, save, takeTheirs, keepMine };
}

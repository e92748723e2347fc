// Unsent text survives a window reload or a refused prompt: kept per session in localStorage.
const prefix = "turnkey.draft.";

export function loadDraft(sessionID: string | null): string {
  try {
    return localStorage.getItem(prefix + (sessionID ?? "new")) ?? "";
  } catch {
    return "";
  }
}

export function saveDraft(sessionID: string | null, text: string): void {
  try {
    if (text === "") localStorage.removeItem(prefix + (sessionID ?? "new"));
    else localStorage.setItem(prefix + (sessionID ?? "new"), text);
  } catch {
    // Storage full or disabled: the text is still in the box.
  }
}

/** What a chat's box shows is told when its text is written from outside the box (a task's run). */
const replacedEvent = "turnkey:draft-replaced";

/**
 * Writes a chat's unsent text from outside its box: stored, and the box that shows that chat now
 * shows it (a run's task kept after a failed send, or taken away once it went).
 */
export function replaceDraft(sessionID: string, text: string): void {
  saveDraft(sessionID, text);
  window.dispatchEvent(new CustomEvent(replacedEvent, { detail: { sessionID, text } }));
}

/** Calls `onReplaced` for every `replaceDraft`; returns the way to stop. */
export function onDraftReplaced(onReplaced: (sessionID: string, text: string) => void): () => void {
  const listener = (event: Event) => {
    const { sessionID, text } = (event as CustomEvent<{ sessionID: string; text: string }>).detail;
    onReplaced(sessionID, text);
  };
  window.addEventListener(replacedEvent, listener);
  return () => window.removeEventListener(replacedEvent, listener);
}

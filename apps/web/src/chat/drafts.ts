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

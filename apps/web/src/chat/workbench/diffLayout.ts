// Unified or split is the user's choice for every diff, not one diff's. It was each DiffView's own
// state, so a diff drawn again (its reply scrolled out of the chat's virtual list and back, the
// window reloaded) fell back to unified, and every new diff asked again. Kept in localStorage,
// shared by every diff on screen, and followed by the app's other windows (the `storage` event).
import { useSyncExternalStore } from "react";

export type DiffMode = "unified" | "split";

const key = "turnkey.diffLayout";
const listeners = new Set<() => void>();

function stored(): DiffMode {
  try {
    return localStorage.getItem(key) === "split" ? "split" : "unified";
  } catch {
    return "unified";
  }
}

let current: DiffMode | null = null;

function read(): DiffMode {
  current ??= stored();
  return current;
}

function changed(): void {
  for (const listener of listeners) listener();
}

/** Another window chose: this one follows. */
function onStorage(event: StorageEvent): void {
  if (event.key !== key && event.key !== null) return;
  current = stored();
  changed();
}

function subscribe(listener: () => void): () => void {
  if (listeners.size === 0) {
    // Unheard while no diff was on screen: another window may have chosen meanwhile.
    current = stored();
    window.addEventListener("storage", onStorage);
  }
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0) window.removeEventListener("storage", onStorage);
  };
}

/** The layout every diff shows, changed everywhere at once. */
export function chooseDiffLayout(mode: DiffMode): void {
  current = mode;
  try {
    if (mode === "unified") localStorage.removeItem(key);
    else localStorage.setItem(key, mode);
  } catch {
    // Storage full or disabled: the choice holds in this window until it reloads.
  }
  changed();
}

export function useDiffLayout(): DiffMode {
  return useSyncExternalStore(subscribe, read);
}

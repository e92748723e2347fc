// Where a held message waits (outbox.ts), kept in localStorage so a reload does not lose it, and
// settled by one window only: every window of the app reads the same storage, so two windows open
// on a held message would otherwise both send it when OpenCode comes up. A window takes a message
// by writing its id as settled (sent or cancelled) under a Web Lock, so the check and the write
// are one step across windows (MDN, "LockManager: request()"); the others see the id and let go.
// Only the id decides: a message another window holds meanwhile is its own and is never dropped.
import type { Attachment } from "./workbench/attachments.ts";

export interface HeldMessage {
  /** Which held message this is, across windows; absent in ones held before ids existed. */
  id?: string;
  sessionID: string | null;
  /** The project a new chat (sessionID null) was typed in: it starts there, wherever the window is now. */
  projectId?: string | undefined;
  text: string;
  attachments: Attachment[];
  /** Attachments that did not fit in storage: lost if the window was reloaded meanwhile. */
  notKept?: number;
}

const heldKey = "turnkey.held";
const settledKey = "turnkey.held.settled";
export const heldStorageKeys = { held: heldKey, settled: settledKey } as const;

/** Unique enough to tell two held messages apart (not a secret). */
export function newHeldId(): string {
  return `held-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
}
export function loadHeld(): HeldMessage | null {
  try {
    const raw = localStorage.getItem(heldKey);
    const held = raw ? (JSON.parse(raw) as HeldMessage) : null;
    return held && { ...held, attachments: held.attachments ?? [] };
  } catch {
    return null;
  }
}
export function saveHeld(held: HeldMessage | null): void {
  try {
    if (!held) {
      localStorage.removeItem(heldKey);
      return;
    }
    try {
      localStorage.setItem(heldKey, JSON.stringify(held));
    } catch {
      // Attachments are data URLs of up to ~900 kB each: keep at least the text over a reload.
      localStorage.setItem(heldKey, JSON.stringify({ ...held, attachments: [], notKept: held.attachments.length }));
    }
  } catch {
    // the held message is still on screen
  }
}

/**
 * Takes the held message for sending or cancelling; false when another window already did. The
 * stored copy is removed only when it is this message (another window may hold its own).
 */
export async function settleHeld(message: HeldMessage): Promise<boolean> {
  const id = message.id;
  if (id === undefined) {
    saveHeld(null);
    return true;
  }
  const take = (): boolean => {
    try {
      if (localStorage.getItem(settledKey) === id) return false;
      localStorage.setItem(settledKey, id);
      if (loadHeld()?.id === id) localStorage.removeItem(heldKey);
    } catch {
      // No usable storage: no other window can know of this message.
    }
    return true;
  };
  const locks = typeof navigator === "undefined" ? undefined : navigator.locks;
  return locks ? locks.request("turnkey.held", take) : take();
}

// Sessions made for a question aside (asidePrompt.ts) are OpenCode's sessions like any other, so
// they are told apart by a mark in their metadata, and by their ids once known: the relay drops
// every event of theirs, streamed or read back after a break, and no list shows them. The ids are
// kept past the session's deletion (a late event of a stopped reply comes after it), the last
// few hundred of them, and across restarts (the sessions live in OpenCode's database).

/** The metadata field that marks a session made for a question aside; its value says what for. */
export const asideField = "turnkeyAside";

/** A session made for a question aside (never a chat of the person's). */
export function isAsideSession(session: { metadata?: Record<string, unknown> | undefined }): boolean {
  return session.metadata?.[asideField] !== undefined;
}

/** Where the sessions not deleted yet are kept (asideLeftovers.ts). */
export interface AsideRecord {
  made(sessionID: string, directory: string): void;
  gone(sessionID: string): void;
}

export class AsideSessions {
  private readonly ids = new Set<string>();
  /** Set once the data folder is known; none in tests that need none. */
  record: AsideRecord | null = null;

  constructor(private readonly capacity = 256) {}

  mark(sessionID: string): void {
    if (this.ids.has(sessionID)) return;
    this.ids.add(sessionID);
    if (this.ids.size > this.capacity) this.ids.delete(this.ids.values().next().value as string);
  }

  has(sessionID: string): boolean {
    return this.ids.size > 0 && this.ids.has(sessionID);
  }
}

// The chat list counts each chat's subagents from a page of recent sessions (subagents.ts). Asking
// opencode for that page (up to 1,000 sessions) on every refresh was most of a refresh's cost, so
// the page is kept per project folder, and a refresh asks only for the sessions updated since the
// last read (opencode's list `start`: `time_updated` at or after it), which holds every new or
// changed subagent. A deleted session is in no such answer: the relay's `session.deleted` (and our
// own delete) takes it out, and the page is read whole again once it is a minute old or OpenCode
// restarted, so one whose event was missed (the stream was down) is not counted for long.
import type { ChatSession } from "@turnkey/contracts";

/** How many recent sessions are read to find the listed chats' subagents. */
export const subagentPage = 1000;
/** A kept page is read whole again after this. */
export const fullReadEveryMs = 60_000;
/** Sessions written just before the newest one read may be committed after the read: asked again. */
const overlapMs = 5_000;

interface Kept {
  generation: number;
  fullAt: number;
  /** The newest `updatedAt` read. */
  newest: number;
  sessions: Map<string, ChatSession>;
}

/**
 * Reads sessions of the folder: every one updated at or after `since`, or the newest page without
 * it; `full`: opencode's answer filled the page, so older ones may be left out.
 */
export type ReadSessions = (since: number | undefined) => Promise<{ sessions: ChatSession[]; full: boolean }>;

export class RecentSessions {
  private readonly folders = new Map<string, Kept>();

  constructor(private readonly now: () => number = Date.now) {}

  /** The folder's recent sessions, newest page first read whole, then kept current by what changed. */
  async read(folder: string, generation: number, readSessions: ReadSessions): Promise<ChatSession[]> {
    const kept = this.folders.get(folder);
    const usable = kept && kept.generation === generation && this.now() - kept.fullAt < fullReadEveryMs;
    const since = usable ? kept.newest - overlapMs : undefined;
    const startedAt = this.now();
    const { sessions: page, full } = await readSessions(since);
    // A full answer may have left out older changes: it stands for the newest page as a whole read would.
    if (!usable || full) {
      const sessions = new Map(page.map((s) => [s.id, s]));
      this.folders.set(folder, { generation, fullAt: startedAt, newest: newestOf(page, 0), sessions });
      return page;
    }
    for (const session of page) kept.sessions.set(session.id, session);
    kept.newest = newestOf(page, kept.newest);
    return [...kept.sessions.values()];
  }

  /** A session was deleted: no folder counts it any more. */
  forget(sessionID: string): void {
    for (const kept of this.folders.values()) kept.sessions.delete(sessionID);
  }
}

function newestOf(sessions: ChatSession[], from: number): number {
  return sessions.reduce((newest, s) => Math.max(newest, s.updatedAt), from);
}

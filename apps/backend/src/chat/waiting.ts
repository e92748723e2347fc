// The one "the agent is waiting for you" list: permission requests and questions per session,
// fed by the relay from opencode's events. Every change goes out as a `waiting` chat event with
// the session's whole list, so each window mirrors it and clears it when it is answered elsewhere.
import type { ChatEvent, PendingRequest, PermissionRequest } from "@turnkey/contracts";

/** Answered requests remembered, so a list read from opencode just before the answer cannot bring one back. */
const rememberedAnswers = 500;

/** What an `…asked` event makes the session wait on; null for any other event. */
export function pendingOf(event: ChatEvent, now: number): PendingRequest | null {
  if (event.type === "permission.asked")
    return {
      kind: "permission",
      id: event.permission.id,
      sessionID: event.sessionID,
      at: now,
      permission: event.permission,
    };
  if (event.type === "question.asked")
    return { kind: "question", id: event.question.id, sessionID: event.sessionID, at: now, question: event.question };
  return null;
}

export class WaitingRegistry {
  private readonly bySession = new Map<string, PendingRequest[]>();
  private readonly answered = new Set<string>();

  constructor(private readonly emit: (event: ChatEvent) => void) {}

  /** Feeds one relayed chat event; answers whether the waiting list changed. */
  observe(event: ChatEvent, now = Date.now()): boolean {
    const asked = pendingOf(event, now);
    if (asked) return this.add(asked);
    switch (event.type) {
      case "permission.replied":
        return this.remove(event.sessionID, event.permissionID);
      case "question.replied":
      case "question.rejected":
        return this.remove(event.sessionID, event.requestID);
      case "session.status":
        // A reply that ended (finished, aborted, failed) waits for nothing any more.
        return event.status === "idle" ? this.clear(event.sessionID) : false;
      case "session.deleted":
        return this.clear(event.sessionID);
      default:
        return false;
    }
  }

  pending(sessionID: string): PendingRequest[] {
    return this.bySession.get(sessionID) ?? [];
  }

  sessions(): string[] {
    return [...this.bySession.keys()];
  }

  /** Whether the request was answered (or its reply ended) since it was asked. */
  wasAnswered(id: string): boolean {
    return this.answered.has(id);
  }

  /** Every pending request, in any session. */
  all(): PendingRequest[] {
    return [...this.bySession.values()].flat();
  }

  /** The id of every pending request, in any session. */
  requestIds(): string[] {
    return this.all().map((r) => r.id);
  }

  /**
   * opencode's own pending lists (read after its event stream reopened): adds what the stream
   * missed, unless it was answered meanwhile, and drops what `mayDrop` allows and opencode no
   * longer lists (answered while the stream was down). Answers whether anything changed.
   */
  reconcile(listed: PendingRequest[], mayDrop: (request: PendingRequest) => boolean): boolean {
    const ids = new Set(listed.map((r) => r.id));
    let changed = false;
    for (const [sessionID, list] of [...this.bySession]) {
      const kept = list.filter((r) => ids.has(r.id) || !mayDrop(r));
      if (kept.length === list.length) continue;
      for (const r of list) if (!kept.includes(r)) this.remember(r.id);
      this.set(sessionID, kept);
      changed = true;
    }
    for (const request of listed) if (!this.answered.has(request.id) && this.add(request)) changed = true;
    return changed;
  }

  /** A waiting permission request's new details (its reason on the card); false when it no longer waits. */
  explain(sessionID: string, permission: PermissionRequest): boolean {
    const list = this.pending(sessionID);
    if (!list.some((r) => r.id === permission.id)) return false;
    this.set(
      sessionID,
      list.map((r) => (r.id === permission.id && r.kind === "permission" ? { ...r, permission } : r)),
    );
    return true;
  }

  /** A sidecar that stopped took every request with it. */
  clearAll(): void {
    for (const sessionID of [...this.bySession.keys()]) this.clear(sessionID);
  }

  private add(request: PendingRequest): boolean {
    const list = this.pending(request.sessionID);
    if (list.some((r) => r.id === request.id)) return false;
    this.set(request.sessionID, [...list, request]);
    return true;
  }

  private remove(sessionID: string, id: string): boolean {
    const list = this.pending(sessionID);
    this.remember(id);
    if (!list.some((r) => r.id === id)) return false;
    this.set(
      sessionID,
      list.filter((r) => r.id !== id),
    );
    return true;
  }

  private clear(sessionID: string): boolean {
    const list = this.bySession.get(sessionID);
    if (!list) return false;
    for (const r of list) this.remember(r.id);
    this.set(sessionID, []);
    return true;
  }

  private remember(id: string): void {
    this.answered.add(id);
    if (this.answered.size <= rememberedAnswers) return;
    const [oldest] = this.answered;
    if (oldest !== undefined) this.answered.delete(oldest);
  }

  private set(sessionID: string, pending: PendingRequest[]): void {
    if (pending.length === 0) this.bySession.delete(sessionID);
    else this.bySession.set(sessionID, pending);
    this.emit({ type: "waiting", sessionID, pending });
  }
}

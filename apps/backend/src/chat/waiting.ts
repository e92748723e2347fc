// The one "the agent is waiting for you" list: permission requests and questions per session,
// fed by the relay from opencode's events. Every change goes out as a `waiting` chat event with
// the session's whole list, so each window mirrors it and clears it when it is answered elsewhere.
import type { ChatEvent, PendingRequest } from "@turnkey/contracts";

export class WaitingRegistry {
  private readonly bySession = new Map<string, PendingRequest[]>();

  constructor(private readonly emit: (event: ChatEvent) => void) {}

  /** Feeds one relayed chat event; answers whether the waiting list changed. */
  observe(event: ChatEvent, now = Date.now()): boolean {
    switch (event.type) {
      case "permission.asked":
        return this.add({
          kind: "permission",
          id: event.permission.id,
          sessionID: event.sessionID,
          at: now,
          permission: event.permission,
        });
      case "question.asked":
        return this.add({
          kind: "question",
          id: event.question.id,
          sessionID: event.sessionID,
          at: now,
          question: event.question,
        });
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
    if (!list.some((r) => r.id === id)) return false;
    this.set(
      sessionID,
      list.filter((r) => r.id !== id),
    );
    return true;
  }

  private clear(sessionID: string): boolean {
    if (!this.bySession.has(sessionID)) return false;
    this.set(sessionID, []);
    return true;
  }

  private set(sessionID: string, pending: PendingRequest[]): void {
    if (pending.length === 0) this.bySession.delete(sessionID);
    else this.bySession.set(sessionID, pending);
    this.emit({ type: "waiting", sessionID, pending });
  }
}

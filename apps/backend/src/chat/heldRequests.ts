// Permission requests the relay holds while a chat's allow setting decides (allowOnItsOwn.ts).
// One that is not answered goes on to the windows, unless its reply ended meanwhile (a Stop, a
// deadline) or OpenCode stopped: OpenCode then no longer waits on it, publishes no reply for it,
// and its card would stay for ever, answerable with a 404 only (review 29, M2). A decision that
// fails counts as "not answered" (M1): a request is never held for ever.
import type { Decision } from "./allowOnItsOwn.ts";

export class HeldRequests {
  private readonly held = new Set<{ sessionID: string; gone: boolean }>();

  /** Calls `release` (with why it asks) once `decision` says the request was not answered, if it is still wanted. */
  hold(sessionID: string, decision: Promise<Decision>, release: (whyAsked: string | null) => void): void {
    const held = { sessionID, gone: false };
    this.held.add(held);
    void decision
      .catch((): Decision => ({ taken: false, whyAsked: null }))
      .then((decided) => {
        this.held.delete(held);
        if (!decided.taken && !held.gone) release(decided.whyAsked);
      });
  }

  /** The session's reply ended: what it held is no longer asked. */
  ended(sessionID: string): void {
    for (const held of this.held) if (held.sessionID === sessionID) held.gone = true;
  }

  /** OpenCode stopped: nothing held is asked any more. */
  endedAll(): void {
    for (const held of this.held) held.gone = true;
  }
}

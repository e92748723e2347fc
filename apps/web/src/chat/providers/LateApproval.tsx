// A device sign-in the person cancelled while OpenCode still waits for the provider (Cancel cannot
// stop its wait): should the page be approved anyway, the backend undoes what OpenCode stored and
// says so in the sign-in's state (providerSignIns.ts). This reads that state beside the provider,
// whether the sign-in form is still open, closed, opened again, or replaced by the API-key form
// (not once the Providers view itself is closed), until the
// backend says what it undid (shown, and the providers read again: the credential may not be what
// the list shows) or that nothing more can come (`lateApprovalPossible` false, or the code's time up).
import type { SignInState } from "@turnkey/contracts";
import { useEffect, useRef, useState } from "react";
import { api } from "../../shared/api.ts";
import { nextReadMs, signInGone } from "./signInReads.ts";

/**
 * Past the code's expiry the backend's wait has ended, and its undo (up to a minute more) too: a
 * safety net for a backend that never says `lateApprovalPossible` is false.
 */
const afterExpiryMs = 2 * 60_000;

export function LateApproval(props: {
  cancelled: SignInState;
  /** The backend undid a late approval: the providers are read again. */
  onUndone: () => void;
  /** Nothing more can come of it (and nothing was said): the watch may go. */
  onEnded: () => void;
}) {
  // The latest answer: each read's is a new object, so the next read is scheduled from it.
  const [last, setLast] = useState(props.cancelled);
  const [said, setSaid] = useState<string | null>(null);
  const [failedReads, setFailedReads] = useState(0);
  const callbacks = useRef(props);
  callbacks.current = props;

  useEffect(() => {
    if (said !== null) return;
    if (Date.now() > last.expiresAt + afterExpiryMs) {
      callbacks.current.onEnded();
      return;
    }
    let live = true;
    const timer = setTimeout(() => {
      api.signInState(last.providerID).then(
        (next) => {
          if (!live) return;
          if (next.state === "cancelled" && next.error) {
            setSaid(next.error);
            callbacks.current.onUndone();
            return;
          }
          // Another sign-in started since (here or in another window), or OpenCode's wait ended.
          if (next.state !== "cancelled" || next.lateApprovalPossible === false) {
            callbacks.current.onEnded();
            return;
          }
          setFailedReads(0);
          setLast(next);
        },
        (error: unknown) => {
          if (!live) return;
          // The backend no longer has it (it restarted): nothing more can be said.
          if (signInGone(error)) callbacks.current.onEnded();
          else setFailedReads((n) => n + 1);
        },
      );
    }, nextReadMs(failedReads));
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [last, said, failedReads]);

  return said === null ? null : (
    <p className="inline-error" role="status">
      {said}
    </p>
  );
}

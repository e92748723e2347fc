// How the window reads a sign-in's state from the backend while something may still happen to it:
// the sign-in form while OpenCode waits (ProviderSignIn.tsx), and the Providers view after a Cancel
// (LateApproval.tsx). One pace and one rule for a sign-in the backend no longer has.
import { TurnkeyApiError } from "@turnkey/client";

/** The pause before a read (a read of the backend's memory), longer after reads that failed in a row (up to 8×). */
export function nextReadMs(failedReads: number): number {
  return 1_500 * Math.min(2 ** failedReads, 8);
}

/** The backend no longer has the sign-in (it restarted: 404), or OpenCode does not (409 no_sign_in). */
export function signInGone(error: unknown): boolean {
  return error instanceof TurnkeyApiError && (error.httpStatus === 404 || error.code === "no_sign_in");
}

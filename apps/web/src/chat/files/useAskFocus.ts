// Where the keyboard goes when a row asks before a click that loses something (discard a file's
// changes, remove a worktree): to Cancel, the safe answer, whenever a question opens or changes
// (a second question, after a refusal, must not find the keyboard on its "anyway" button), and
// back to the button that asked when it closes with the row still there (cancelled, or refused).
// A layout effect, so the keyboard moves in the same task that draws the question: with a passive
// effect, an Enter pressed before it ran would land on "Remove anyway" (seen as a CI flake).
import { useLayoutEffect, useRef } from "react";

/** `question`: what is asked now (any text that changes when the question does), null when nothing is. */
export function useAskFocus(question: string | null) {
  const askButton = useRef<HTMLButtonElement>(null);
  const cancelButton = useRef<HTMLButtonElement>(null);
  const wasAsking = useRef(false);
  useLayoutEffect(() => {
    if (question !== null) cancelButton.current?.focus();
    else if (wasAsking.current) askButton.current?.focus();
    wasAsking.current = question !== null;
  }, [question]);
  return { askButton, cancelButton };
}

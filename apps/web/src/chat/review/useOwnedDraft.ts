// The form a view draws for one of the chat's drafts. Only the view that opened it draws it (the
// view's id is the form's owner in the store), so two views of one file never show two forms; when
// the view goes away (folded, scrolled out of a list, another chat), the form closes and its draft
// waits beside the message box.
import { useEffect, useId, useRef, useState } from "react";
import type { CommentTarget, ReviewComments } from "./useReviewComments.ts";

export function useOwnedDraft(review: ReviewComments | null) {
  const owner = useId();
  const [mine, setMine] = useState<{ draft: string; sessionID: string | null } | null>(null);
  const drawn =
    mine !== null &&
    review?.open?.id === mine.draft &&
    review.open.owner === owner &&
    mine.sessionID === review.sessionID;
  const draft = drawn ? review.drafts.find((d) => d.id === mine.draft) : undefined;
  const closeOnLeave = useRef<(() => void) | null>(null);
  closeOnLeave.current = draft && review && mine ? () => review.close(mine.draft, owner, mine.sessionID) : null;
  useEffect(() => () => closeOnLeave.current?.(), []);
  return {
    owner,
    /** The draft whose form this view draws now, if any. */
    draft,
    /** Opens a form on `target` here; the keyboard goes to its box, looked for inside `within`. */
    open(target: CommentTarget, within: () => Element | null) {
      if (!review) return;
      setMine({ draft: review.start(target, owner), sessionID: review.sessionID });
      requestAnimationFrame(() => within()?.querySelector<HTMLElement>(".review-form textarea")?.focus());
    },
  };
}

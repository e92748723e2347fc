// What a diff needs to take review comments: its line numbers become buttons (a click points at a
// line, Shift+click stretches that to a range within the same hunk, ↑/↓ move between them with one
// tab stop for the whole diff), the form of the comment being written under the lines it points at,
// and the comments already added drawn under their line. The form is drawn only by the diff that
// opened it; when that diff goes away (folded, scrolled out of a list, another chat) the comment's
// draft waits beside the message box. Without a chat to send comments with (no ReviewContext, or a
// diff with no path), the diff stays as it was.
import { type KeyboardEvent, type ReactNode, useContext, useLayoutEffect, useRef, useState } from "react";
import type { DiffLine, Hunk } from "../workbench/patch.ts";
import { CommentCard, DraftForm } from "./DiffComment.tsx";
import { isAnchor, pointAt } from "./reviewComments.ts";
import { ReviewContext } from "./reviewContext.ts";
import { useOwnedDraft } from "./useOwnedDraft.ts";
import { type CommentTarget, isEdit } from "./useReviewComments.ts";

/** The lines picked in this diff for the draft whose form it draws. */
interface Pick {
  /** The diff the indexes belong to: a refreshed diff keeps the form, not the highlight. */
  hunks: readonly Hunk[];
  hunk: number;
  /** Where the pointing started and where it ends now (indexes into the hunk's lines). */
  first: number;
  last: number;
  /** In the split layout a range stays on one side: the rows drawn are not the hunk's order. */
  side: "old" | "new";
}

const lineKey = (hunk: number, index: number) => `${hunk}:${index}`;

export function useDiffComments(path: string | undefined, hunks: readonly Hunk[], mode: "unified" | "split") {
  const review = useContext(ReviewContext);
  const [pick, setPick] = useState<Pick | null>(null);
  const table = useRef<HTMLTableElement>(null);
  // The diff's one tab stop (a line's key); null: its first line number.
  const tabStop = useRef<string | null>(null);
  const { owner, draft, open: openDraft } = useOwnedDraft(review);
  // One tab stop: set on the buttons after each drawing, as ↑/↓ and clicks move it (not through
  // React, so moving it does not draw the whole diff again).
  useLayoutEffect(() => {
    const buttons = table.current?.querySelectorAll<HTMLButtonElement>("button[data-line]") ?? [];
    const stop = [...buttons].find((b) => b.dataset.line === tabStop.current) ?? buttons[0];
    for (const b of buttons) b.tabIndex = b === stop ? 0 : -1;
  });
  if (!review || !path) return null;

  const active = draft && pick ? pick : null;
  const current = active && active.hunks === hunks ? active : null;

  const focusIn = (selector: string) =>
    requestAnimationFrame(() => table.current?.querySelector<HTMLElement>(selector)?.focus());
  const focusLine = (hunk: number, index: number) => {
    tabStop.current = lineKey(hunk, index);
    focusIn(`[data-line="${lineKey(hunk, index)}"]`);
  };
  const done = () => {
    if (current) focusLine(current.hunk, current.last);
    setPick(null);
  };
  /** Opens the form here, and the keyboard goes to it (from the click, not from any later drawing). */
  const open = (at: Omit<Pick, "hunks">, target: CommentTarget) => {
    setPick({ ...at, hunks });
    tabStop.current = lineKey(at.hunk, at.last);
    openDraft(target, () => table.current?.closest(".diff-view") ?? table.current);
  };

  const step = (event: KeyboardEvent<HTMLButtonElement>) => {
    if ((event.key !== "ArrowDown" && event.key !== "ArrowUp") || event.altKey || event.ctrlKey || event.metaKey)
      return;
    const buttons = [...(table.current?.querySelectorAll<HTMLButtonElement>("button[data-line]") ?? [])];
    const next = buttons[buttons.indexOf(event.currentTarget) + (event.key === "ArrowDown" ? 1 : -1)];
    if (!next) return;
    event.preventDefault();
    tabStop.current = next.dataset.line ?? null;
    event.currentTarget.tabIndex = -1;
    next.tabIndex = 0;
    next.focus();
  };

  /** The line's number, as a button that points at it. */
  const numberButton = (hunk: number, index: number, line: DiffLine, no: number): ReactNode => {
    const side = line.kind === "del" ? "old" : "new";
    return (
      <button
        type="button"
        className="diff-no-button"
        data-line={lineKey(hunk, index)}
        tabIndex={-1}
        aria-label={`Comment on ${line.kind === "del" ? "removed line" : "line"} ${no}`}
        title="Comment on this line (Shift+click another to comment on the lines between)"
        onKeyDown={step}
        onClick={(e) => {
          const lines = hunks[hunk]?.lines ?? [];
          const stretch =
            e.shiftKey &&
            current?.hunk === hunk &&
            (mode === "unified" || current.side === side) &&
            draft !== undefined &&
            !isEdit(draft.target);
          const first = stretch && current ? current.first : index;
          const target = pointAt(path, lines.slice(Math.min(first, index), Math.max(first, index) + 1));
          if (!target) return;
          if (stretch && current && draft) {
            review.retarget(draft.id, target);
            setPick({ ...current, last: index });
            tabStop.current = lineKey(hunk, index);
          } else open({ hunk, first: index, last: index, side }, target);
        }}
      >
        {no}
      </button>
    );
  };

  const selected = (hunk: number, index: number) =>
    current !== null &&
    current.hunk === hunk &&
    index >= Math.min(current.first, current.last) &&
    index <= Math.max(current.first, current.last);

  const form = (colSpan: number): ReactNode => {
    if (!draft || !active) return null;
    const body = <DraftForm key={draft.id} review={review} draft={draft} owner={owner} path={path} after={done} />;
    return colSpan === 0 ? (
      body
    ) : (
      <tr key="form" className="diff-review-row">
        <td colSpan={colSpan}>{body}</td>
      </tr>
    );
  };
  const formIsShown = draft !== undefined && hunks.some((h) => h.lines.some((l) => isAnchor(draft.target, path, l)));

  /** The form and the added comments that belong under a row showing `lines` (one, or two side by side). */
  const rowsAfter = (hunk: number, lines: readonly (DiffLine | null)[], colSpan: number): ReactNode => {
    const rows: ReactNode[] = [];
    if (draft && lines.some((l) => l && isAnchor(draft.target, path, l))) rows.push(form(colSpan));
    for (const comment of review.comments) {
      if (draft && isEdit(draft.target) && draft.target.id === comment.id) continue;
      const anchor = lines.find((l) => l && isAnchor(comment, path, l));
      if (!anchor) continue;
      const index = hunks[hunk]?.lines.indexOf(anchor) ?? -1;
      rows.push(
        <tr key={comment.id} className="diff-review-row">
          <td colSpan={colSpan}>
            <CommentCard
              comment={comment}
              onEdit={() => open({ hunk, first: index, last: index, side: comment.side }, comment)}
              onRemove={() => {
                review.remove(comment.id);
                focusLine(hunk, index);
              }}
            />
          </td>
        </tr>,
      );
    }
    return rows;
  };

  return {
    table,
    numberButton,
    selected,
    rowsAfter,
    /** This diff's form when the diff, read again, no longer shows the lines it points at. */
    formAbove: draft && !formIsShown ? form(0) : null,
  };
}

export type DiffComments = NonNullable<ReturnType<typeof useDiffComments>>;

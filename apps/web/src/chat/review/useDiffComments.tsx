// What a diff needs to take review comments: its line numbers become buttons (a click points at a
// line, Shift+click stretches that to a range within the same hunk, ↑/↓ move between them with one
// tab stop for the whole diff), the form of the chat's unfinished comment under the lines it points
// at, and the comments already waiting drawn under their line. Without a chat to send them with (no
// ReviewContext, or a diff with no path), the diff stays as it was.
import { type KeyboardEvent, type ReactNode, useContext, useRef, useState } from "react";
import type { DiffLine, Hunk } from "../workbench/patch.ts";
import { CommentCard, CommentForm } from "./DiffComment.tsx";
import { isAnchor, pointAt, whereLabel } from "./reviewComments.ts";
import { ReviewContext } from "./reviewContext.ts";
import type { CommentTarget } from "./useReviewComments.ts";

/** The lines picked in this diff: drawn highlighted, and where the keyboard goes back to. */
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

/** ↑/↓ from one line number to the next, moving the diff's one tab stop with the keyboard. */
function stepLines(event: KeyboardEvent<HTMLButtonElement>) {
  if ((event.key !== "ArrowDown" && event.key !== "ArrowUp") || event.altKey || event.ctrlKey || event.metaKey) return;
  const table = event.currentTarget.closest("table");
  const buttons = table ? [...table.querySelectorAll<HTMLButtonElement>("button[data-line]")] : [];
  const next = buttons[buttons.indexOf(event.currentTarget) + (event.key === "ArrowDown" ? 1 : -1)];
  if (!next) return;
  event.preventDefault();
  event.currentTarget.tabIndex = -1;
  next.tabIndex = 0;
  next.focus();
}

export function useDiffComments(path: string | undefined, hunks: readonly Hunk[], mode: "unified" | "split") {
  const review = useContext(ReviewContext);
  const [pick, setPick] = useState<Pick | null>(null);
  const wantFocus = useRef(false);
  const table = useRef<HTMLTableElement>(null);
  if (!review || !path) return null;

  const unfinished = review.unfinished?.open && review.unfinished.target.path === path ? review.unfinished : null;
  const current = pick && pick.hunks === hunks ? pick : null;
  // The diff's one tab stop: the picked line, else the first line number drawn (set during render).
  let tabStop: string | null = current ? lineKey(current.hunk, current.last) : null;

  const focusLine = (hunk: number, index: number) =>
    requestAnimationFrame(() =>
      table.current?.querySelector<HTMLButtonElement>(`[data-line="${lineKey(hunk, index)}"]`)?.focus(),
    );
  const done = () => {
    if (current) focusLine(current.hunk, current.last);
    setPick(null);
  };
  const open = (
    hunk: number,
    first: number,
    last: number,
    side: Pick["side"],
    target: CommentTarget,
    text?: string,
  ) => {
    wantFocus.current = true;
    setPick({ hunks, hunk, first, last, side });
    review.start(target, text);
  };

  /** The line's number, as a button that points at it. */
  const numberButton = (hunk: number, index: number, line: DiffLine, no: number): ReactNode => {
    const key = lineKey(hunk, index);
    tabStop ??= key;
    const side = line.kind === "del" ? "old" : "new";
    return (
      <button
        type="button"
        className="diff-no-button"
        data-line={key}
        tabIndex={tabStop === key ? 0 : -1}
        aria-label={`Comment on ${line.kind === "del" ? "removed line" : "line"} ${no}`}
        title="Comment on this line (Shift+click another to comment on the lines between)"
        onKeyDown={stepLines}
        onClick={(e) => {
          const stretch =
            e.shiftKey &&
            current?.hunk === hunk &&
            (mode === "unified" || current.side === side) &&
            unfinished !== null;
          const first = stretch && current ? current.first : index;
          const lines = hunks[hunk]?.lines ?? [];
          const target = pointAt(path, lines.slice(Math.min(first, index), Math.max(first, index) + 1));
          if (target) open(hunk, first, index, side, target);
        }}
      >
        {no}
      </button>
    );
  };

  const selected = (hunk: number, index: number) =>
    current !== null &&
    unfinished !== null &&
    current.hunk === hunk &&
    index >= Math.min(current.first, current.last) &&
    index <= Math.max(current.first, current.last);

  const form = (colSpan: number): ReactNode => {
    if (!unfinished) return null;
    const { target } = unfinished;
    const editing = "id" in target && target.id !== "";
    const autoFocus = wantFocus.current;
    wantFocus.current = false;
    const body = (
      <CommentForm
        key={"id" in target ? target.id : `${target.side}${target.start}-${target.end}`}
        where={`${path}, ${whereLabel(target)}`}
        initialText={review.typed()}
        onType={review.type}
        editing={editing}
        autoFocus={autoFocus}
        onClose={() => {
          review.close();
          done();
        }}
        onDiscard={() => {
          review.discard();
          done();
        }}
        onSave={() => {
          const refused = review.finish();
          if (!refused) done();
          return refused;
        }}
      />
    );
    return colSpan === 0 ? (
      body
    ) : (
      <tr key="form" className="diff-review-row">
        <td colSpan={colSpan}>{body}</td>
      </tr>
    );
  };
  const formIsShown =
    unfinished !== null && hunks.some((h) => h.lines.some((l) => isAnchor(unfinished.target, path, l)));

  /** The form and the waiting comments that belong under a row showing `lines` (one, or two side by side). */
  const rowsAfter = (hunk: number, lines: readonly (DiffLine | null)[], colSpan: number): ReactNode => {
    const rows: ReactNode[] = [];
    if (unfinished && lines.some((l) => l && isAnchor(unfinished.target, path, l))) rows.push(form(colSpan));
    for (const comment of review.comments) {
      if (unfinished && "id" in unfinished.target && unfinished.target.id === comment.id) continue;
      const anchor = lines.find((l) => l && isAnchor(comment, path, l));
      if (!anchor) continue;
      const index = hunks[hunk]?.lines.indexOf(anchor) ?? -1;
      const side = comment.side;
      rows.push(
        <tr key={comment.id} className="diff-review-row">
          <td colSpan={colSpan}>
            <CommentCard
              comment={comment}
              onEdit={() => open(hunk, index, index, side, comment, comment.text)}
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
    /** The form picked here when the diff, read again, no longer shows the lines it points at. */
    formAbove: current === null && pick !== null && unfinished !== null && !formIsShown ? form(0) : null,
  };
}

export type DiffComments = NonNullable<ReturnType<typeof useDiffComments>>;

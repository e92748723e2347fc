// What a diff needs to take review comments: its line numbers become buttons (a click points at a
// line, Shift+click stretches that to a range within the same hunk), the form under the chosen
// lines, and the comments already waiting drawn under the line they point at. Without a chat to
// send them with (no ReviewContext, or a diff with no path), the diff stays as it was.
import { type ReactNode, useContext, useRef, useState } from "react";
import type { DiffLine, Hunk } from "../workbench/patch.ts";
import { CommentCard, CommentForm } from "./DiffComment.tsx";
import { isAnchor, pointAt, type ReviewComment, whereLabel } from "./reviewComments.ts";
import { ReviewContext } from "./reviewContext.ts";

type Pointed = Omit<ReviewComment, "id" | "text">;

interface Selection {
  /** The diff the indexes below belong to: a refreshed diff keeps the form, not the highlight. */
  hunks: readonly Hunk[];
  hunk: number;
  /** Where the pointing started and where it ends now (indexes into the hunk's lines). */
  first: number;
  last: number;
  /** What the comment points at, taken when the lines were chosen; a waiting comment's own when editing. */
  target: Pointed | ReviewComment;
  editing: boolean;
  text: string;
}

const lineKey = (hunk: number, index: number) => `${hunk}:${index}`;

export function useDiffComments(path: string | undefined, hunks: readonly Hunk[]) {
  const review = useContext(ReviewContext);
  const [selection, setSelection] = useState<Selection | null>(null);
  const table = useRef<HTMLTableElement>(null);
  if (!review || !path) return null;

  const focusLine = (hunk: number, index: number) =>
    requestAnimationFrame(() =>
      table.current?.querySelector<HTMLButtonElement>(`[data-line="${lineKey(hunk, index)}"]`)?.focus(),
    );
  const close = () => {
    if (selection && selection.hunks === hunks) focusLine(selection.hunk, selection.last);
    setSelection(null);
  };
  const point = (hunk: number, first: number, last: number): Selection | null => {
    const lines = hunks[hunk]?.lines ?? [];
    const target = pointAt(path, lines.slice(Math.min(first, last), Math.max(first, last) + 1));
    return target && { hunks, hunk, first, last, target, editing: false, text: selection?.text ?? "" };
  };

  /** The line's number, as a button that points at it. */
  const numberButton = (hunk: number, index: number, line: DiffLine, no: number): ReactNode => (
    <button
      type="button"
      className="diff-no-button"
      data-line={lineKey(hunk, index)}
      aria-label={`Comment on ${line.kind === "del" ? "removed line" : "line"} ${no}`}
      title="Comment on this line (Shift+click another to comment on the lines between)"
      onClick={(e) => {
        const stretch = e.shiftKey && selection?.hunks === hunks && selection.hunk === hunk && !selection.editing;
        setSelection(stretch && selection ? point(hunk, selection.first, index) : point(hunk, index, index));
      }}
    >
      {no}
    </button>
  );

  const selected = (hunk: number, index: number) => {
    if (!selection || selection.hunks !== hunks || selection.hunk !== hunk || index < 0) return false;
    return index >= Math.min(selection.first, selection.last) && index <= Math.max(selection.first, selection.last);
  };

  const form = (colSpan: number): ReactNode => {
    if (!selection) return null;
    const { target, editing } = selection;
    const where = `${path}, ${whereLabel(target)}`;
    const formRow = (
      <CommentForm
        where={where}
        text={selection.text}
        onText={(text) => setSelection((s) => s && { ...s, text })}
        editing={editing}
        onCancel={close}
        onSave={(text) => {
          const refused = review.put({ ...target, text });
          if (!refused) close();
          return refused;
        }}
      />
    );
    return colSpan === 0 ? (
      formRow
    ) : (
      <tr key="form" className="diff-review-row">
        <td colSpan={colSpan}>{formRow}</td>
      </tr>
    );
  };
  const formIsShown = selection !== null && hunks.some((h) => h.lines.some((l) => isAnchor(selection.target, path, l)));

  /** The form and the waiting comments that belong under a row showing `lines` (one, or two side by side). */
  const rowsAfter = (hunk: number, lines: readonly (DiffLine | null)[], colSpan: number): ReactNode => {
    const rows: ReactNode[] = [];
    if (selection && lines.some((l) => l && isAnchor(selection.target, path, l))) rows.push(form(colSpan));
    for (const comment of review.comments) {
      if (selection?.editing && "id" in selection.target && selection.target.id === comment.id) continue;
      const anchor = lines.find((l) => l && isAnchor(comment, path, l));
      if (!anchor) continue;
      const index = hunks[hunk]?.lines.indexOf(anchor) ?? -1;
      rows.push(
        <tr key={comment.id} className="diff-review-row">
          <td colSpan={colSpan}>
            <CommentCard
              comment={comment}
              onEdit={() =>
                setSelection({
                  hunks,
                  hunk,
                  first: index,
                  last: index,
                  target: comment,
                  editing: true,
                  text: comment.text,
                })
              }
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
    /** The form when the diff no longer shows the lines it points at (it was read again meanwhile). */
    formAbove: selection && !formIsShown ? form(0) : null,
  };
}

export type DiffComments = NonNullable<ReturnType<typeof useDiffComments>>;

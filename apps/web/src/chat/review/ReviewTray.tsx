// The review comments waiting beside the message box: what each points at and says, and Remove;
// and a comment whose form was closed before it was added, with Add it and Discard. The waiting
// ones go with the next message (the composer's mode line says when a `!` or `/` command does not
// take them); an unfinished one goes only once added.
import { useRef, useState } from "react";
import "./review.css";
import { type ReviewComment, whereLabel } from "./reviewComments.ts";
import type { ReviewComments } from "./useReviewComments.ts";

const short = (c: Pick<ReviewComment, "path" | "side" | "start" | "end">) =>
  `${c.path}:${c.start === c.end ? c.start : `${c.start}–${c.end}`}${c.side === "old" ? " (removed)" : ""}`;

export function ReviewTray({ review }: { review: ReviewComments }) {
  const { comments, unfinished } = review;
  const list = useRef<HTMLUListElement>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const later = unfinished && !unfinished.open ? unfinished : null;
  if (comments.length === 0 && !later) return null;
  // The keyboard goes to the next Remove (or the message box), not to the page, when one is removed.
  const removeAt = (index: number, id: string) => {
    review.remove(id);
    requestAnimationFrame(() => {
      const buttons = list.current?.querySelectorAll<HTMLButtonElement>("button[data-remove]") ?? [];
      (buttons[Math.min(index, buttons.length - 1)] ?? document.getElementById("prompt"))?.focus();
    });
  };
  return (
    <section className="review-tray" aria-label="Waiting review comments">
      {comments.length > 0 && (
        <h3>
          {comments.length === 1
            ? "1 review comment goes with your next message"
            : `${comments.length} review comments go with your next message`}
        </h3>
      )}
      <ul ref={list}>
        {comments.map((c, i) => {
          const where = `${c.path}, ${whereLabel(c)}`;
          return (
            <li key={c.id}>
              <span className="review-tray-what" title={`${where}: ${c.text}`}>
                <code>{short(c)}</code> {c.text}
              </span>
              <button
                type="button"
                className="linkish"
                data-remove
                aria-label={`Remove the comment on ${where}`}
                onClick={() => removeAt(i, c.id)}
              >
                Remove
              </button>
            </li>
          );
        })}
        {later && (
          <li className="review-tray-unfinished">
            <span className="review-tray-what" title={later.text}>
              Not added yet: <code>{short(later.target)}</code> {later.text}
            </span>
            <button
              type="button"
              className="linkish"
              onClick={() => setProblem(review.finish())}
              aria-label={`Add the unfinished comment on ${later.target.path}, ${whereLabel(later.target)}`}
            >
              Add it
            </button>
            <button
              type="button"
              className="linkish"
              onClick={() => {
                setProblem(null);
                review.discard();
              }}
              aria-label={`Discard the unfinished comment on ${later.target.path}, ${whereLabel(later.target)}`}
            >
              Discard
            </button>
          </li>
        )}
      </ul>
      {problem && (
        <p className="inline-error small" role="alert">
          {problem}
        </p>
      )}
    </section>
  );
}

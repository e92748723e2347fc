// The review comments waiting beside the message box: what each points at and says, and Remove;
// and the drafts whose form was closed before they were added (Escape, or their view went away),
// with Add it and Discard. The added ones go with the next message (the composer's mode line says
// when a message does not take them); a draft goes only once added.
import { useRef, useState } from "react";
import "./review.css";
import { InlineProblem } from "../../shared/InlineProblem.tsx";
import { type ReviewComment, whereLabel } from "./reviewComments.ts";
import { isEdit, type ReviewComments } from "./useReviewComments.ts";

const short = (c: Pick<ReviewComment, "path" | "side" | "start" | "end">) =>
  `${c.path}:${c.start === c.end ? c.start : `${c.start}–${c.end}`}${c.side === "old" ? " (removed)" : ""}`;

export function ReviewTray({ review }: { review: ReviewComments }) {
  const { comments } = review;
  const list = useRef<HTMLUListElement>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const later = review.drafts.filter((d) => d.id !== review.open?.id);
  if (comments.length === 0 && later.length === 0) return null;
  // The keyboard goes to the next button of the list (or the message box), not to the page, when a
  // row it was on goes away.
  const thenFocus = (index: number) =>
    requestAnimationFrame(() => {
      const buttons = list.current?.querySelectorAll<HTMLButtonElement>("button") ?? [];
      (buttons[Math.min(index, buttons.length - 1)] ?? document.getElementById("prompt"))?.focus();
    });
  const buttonIndex = (button: HTMLButtonElement) =>
    [...(list.current?.querySelectorAll("button") ?? [])].indexOf(button);
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
        {comments.map((c) => {
          const where = `${c.path}, ${whereLabel(c)}`;
          return (
            <li key={c.id}>
              <span className="review-tray-what" title={`${where}: ${c.text}`}>
                <code>{short(c)}</code> {c.text}
              </span>
              <button
                type="button"
                className="linkish"
                aria-label={`Remove the comment on ${where}`}
                onClick={(e) => {
                  thenFocus(buttonIndex(e.currentTarget));
                  review.remove(c.id);
                }}
              >
                Remove
              </button>
            </li>
          );
        })}
        {later.map((d) => {
          const where = `${d.target.path}, ${whereLabel(d.target)}`;
          return (
            <li key={d.id} className="review-tray-unfinished">
              <span className="review-tray-what" title={d.text}>
                {isEdit(d.target) ? "Change not saved: " : "Not added yet: "}
                <code>{short(d.target)}</code> {d.text}
              </span>
              <button
                type="button"
                className="linkish"
                aria-label={`${isEdit(d.target) ? "Save the change to" : "Add"} the comment on ${where}`}
                onClick={(e) => {
                  const refused = review.finish(d.id);
                  setProblem(refused);
                  if (!refused) thenFocus(buttonIndex(e.currentTarget));
                }}
              >
                {isEdit(d.target) ? "Save it" : "Add it"}
              </button>
              <button
                type="button"
                className="linkish"
                aria-label={`Discard the unfinished comment on ${where}`}
                onClick={(e) => {
                  setProblem(null);
                  thenFocus(buttonIndex(e.currentTarget) - 1);
                  review.discard(d.id);
                }}
              >
                Discard
              </button>
            </li>
          );
        })}
      </ul>
      <InlineProblem text={problem} small />
    </section>
  );
}

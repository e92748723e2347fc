// The review comments waiting beside the message box: what each points at and says, and Remove.
// They go with the next message (the composer's mode line says when a `!` or `/` command does not
// take them).
import { type ReviewComment, whereLabel } from "./reviewComments.ts";

export function ReviewTray(props: { comments: readonly ReviewComment[]; onRemove: (id: string) => void }) {
  const { comments } = props;
  if (comments.length === 0) return null;
  return (
    <section className="review-tray" aria-label="Waiting review comments">
      <h3>
        {comments.length === 1
          ? "1 review comment goes with your next message"
          : `${comments.length} review comments go with your next message`}
      </h3>
      <ul>
        {comments.map((c) => {
          const where = `${c.path}, ${whereLabel(c)}`;
          return (
            <li key={c.id}>
              <span className="review-tray-what" title={`${where}: ${c.text}`}>
                <code>{`${c.path}:${c.start === c.end ? c.start : `${c.start}–${c.end}`}`}</code>
                {c.side === "old" ? " (removed)" : ""} {c.text}
              </span>
              <button
                type="button"
                className="linkish"
                aria-label={`Remove the comment on ${where}`}
                onClick={() => props.onRemove(c.id)}
              >
                Remove
              </button>
            </li>
          );
        })}
      </ul>
    </section>
  );
}

// A review comment inside a diff: the form under the lines it points at, and the comment drawn
// there once kept (with Edit and Remove). The diff view decides where these rows go.
import { useEffect, useId, useRef, useState } from "react";
import { maxCommentChars, type ReviewComment, whereLabel } from "./reviewComments.ts";

export function CommentForm(props: {
  /** "src/app.ts, lines 12–14": what the comment points at. */
  where: string;
  /** Kept by the diff, so a refreshed diff that moves the form does not lose what was typed. */
  text: string;
  onText: (text: string) => void;
  editing: boolean;
  /** Keeps the comment; the refusal's sentence when it cannot be kept. */
  onSave: (text: string) => string | null;
  onCancel: () => void;
}) {
  const { text } = props;
  const [problem, setProblem] = useState<string | null>(null);
  const box = useRef<HTMLTextAreaElement>(null);
  const problemId = useId();
  useEffect(() => box.current?.focus(), []);
  const save = () => setProblem(props.onSave(text));
  return (
    <form
      className="review-form"
      onSubmit={(e) => {
        e.preventDefault();
        save();
      }}
    >
      <textarea
        ref={box}
        value={text}
        rows={3}
        aria-label={`Comment on ${props.where}`}
        aria-describedby={problem ? problemId : undefined}
        placeholder="What should change here? (Ctrl+Enter to keep it)"
        onChange={(e) => {
          props.onText(e.target.value);
          setProblem(null);
        }}
        onKeyDown={(e) => {
          if (e.key === "Enter" && (e.ctrlKey || e.metaKey) && !e.nativeEvent.isComposing) {
            e.preventDefault();
            save();
          } else if (e.key === "Escape") {
            // The comment's Escape, not the window's (which would stop a running reply).
            e.preventDefault();
            e.stopPropagation();
            props.onCancel();
          }
        }}
      />
      {problem && (
        <p id={problemId} className="inline-error small" role="alert">
          {problem}
        </p>
      )}
      <div className="review-form-bar">
        <span className="muted small">
          {text.length > maxCommentChars * 0.9 ? `${text.length} of ${maxCommentChars} characters. ` : ""}
          Goes with your next message.
        </span>
        <button type="button" className="small" onClick={props.onCancel}>
          Cancel
        </button>
        <button type="submit" className="small primary">
          {props.editing ? "Save comment" : "Add comment"}
        </button>
      </div>
    </form>
  );
}

export function CommentCard(props: { comment: ReviewComment; onEdit: () => void; onRemove: () => void }) {
  const { comment } = props;
  const where = `${comment.path}, ${whereLabel(comment)}`;
  return (
    <section className="review-card" aria-label={`Your comment on ${where}`}>
      <p className="review-card-text">{comment.text}</p>
      <p className="muted small review-card-bar">
        Waiting to go with your next message.{" "}
        <button type="button" className="linkish" aria-label={`Edit the comment on ${where}`} onClick={props.onEdit}>
          Edit
        </button>{" "}
        <button
          type="button"
          className="linkish"
          aria-label={`Remove the comment on ${where}`}
          onClick={props.onRemove}
        >
          Remove
        </button>
      </p>
    </section>
  );
}

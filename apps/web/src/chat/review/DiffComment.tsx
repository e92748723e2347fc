// A review comment where it is written and shown: the form (what is typed goes to the comment's
// draft on every key, so nothing typed goes when a diff folds, scrolls away or is read again; the
// view that opens the form moves the keyboard to it), and an added comment with Edit and Remove.
import { useEffect, useId, useRef, useState } from "react";
import "./review.css";
import { maxCommentChars, type ReviewComment, whereLabel } from "./reviewComments.ts";
import { type Draft, type FormFocus, isEdit, type ReviewComments } from "./useReviewComments.ts";

export function CommentForm(props: {
  /** "src/app.ts, lines 12–14": what the comment points at. */
  where: string;
  /** The draft it writes, and where the keyboard was in a form of it (taken back when drawn anew). */
  draft: string;
  focus: FormFocus;
  /** What the form holds when it appears (the unfinished comment's text). */
  initialText: string;
  onType: (text: string) => void;
  editing: boolean;
  /** Keeps the comment; the refusal's sentence when it cannot be kept. */
  onSave: () => string | null;
  /** Escape: the form closes, what was typed stays (listed beside the box). */
  onClose: () => void;
  onDiscard: () => void;
}) {
  const [text, setText] = useState(props.initialText);
  const [problem, setProblem] = useState<string | null>(null);
  const problemId = useId();
  const box = useRef<HTMLTextAreaElement>(null);
  const { focus, draft } = props;
  // Drawn anew while the keyboard was in it (its diff moved it), with nowhere else to be: back in.
  useEffect(() => {
    const element = box.current;
    if (!element || focus.id !== draft || (document.activeElement && document.activeElement !== document.body)) return;
    const { start, end } = focus; // focusing reports the new box's caret (its end) first
    element.focus();
    element.setSelectionRange(start, end);
  }, [focus, draft]);
  const caret = (element: HTMLTextAreaElement) => {
    focus.id = draft;
    focus.start = element.selectionStart;
    focus.end = element.selectionEnd;
  };
  const save = () => setProblem(props.onSave());
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
        onFocus={(e) => caret(e.currentTarget)}
        onSelect={(e) => caret(e.currentTarget)}
        aria-label={`Comment on ${props.where}`}
        aria-describedby={problem ? problemId : undefined}
        placeholder="What should change here? (Ctrl+Enter to add it)"
        onChange={(e) => {
          setText(e.target.value);
          props.onType(e.target.value);
          caret(e.target);
          setProblem(null);
        }}
        onKeyDown={(e) => {
          if (e.key === "Enter" && (e.ctrlKey || e.metaKey) && !e.nativeEvent.isComposing) {
            e.preventDefault();
            save();
          } else if (e.key === "Escape" && !e.shiftKey) {
            // The form's Escape, not the file viewer's (which would close the file). Shift+Esc goes on
            // to the window: to the message box, the form left open.
            e.preventDefault();
            e.stopPropagation();
            props.onClose();
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
        <button type="button" className="small" onClick={props.onDiscard}>
          Discard
        </button>
        <button type="submit" className="small primary">
          {props.editing ? "Save comment" : "Add comment"}
        </button>
      </div>
    </form>
  );
}

/** The form of one of the chat's drafts, drawn by the view `owner`; `after` runs once it closed, was discarded or added. */
export function DraftForm(props: {
  review: ReviewComments;
  draft: Draft;
  owner: string;
  path: string;
  after: (how: "closed" | "discarded" | "added") => void;
}) {
  const { review, draft, owner, after } = props;
  return (
    <CommentForm
      draft={draft.id}
      focus={review.formFocus}
      where={`${props.path}, ${whereLabel(draft.target)}`}
      initialText={review.textOf(draft.id)}
      onType={(text) => review.type(draft.id, text)}
      editing={isEdit(draft.target)}
      onClose={() => {
        review.close(draft.id, owner);
        after("closed");
      }}
      onDiscard={() => {
        review.discard(draft.id);
        after("discarded");
      }}
      onSave={() => {
        const refused = review.finish(draft.id);
        if (!refused) after("added");
        return refused;
      }}
    />
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

// Review comments on a file read in the Files tab: text selected in the file offers "Comment on
// lines 3–5" (the viewer has no line numbers to click: its code is one coloured block), and the
// comments waiting on this file are listed under the viewer's head with Edit and Remove.
import { type RefObject, useContext, useEffect, useRef, useState } from "react";
import { CommentCard, CommentForm } from "./DiffComment.tsx";
import { pointAtFile, selectedLines, whereLabel } from "./reviewComments.ts";
import { ReviewContext } from "./reviewContext.ts";
import type { CommentTarget } from "./useReviewComments.ts";

type Lines = { start: number; end: number };

/** The lines of `content` selected inside `code`, kept while the focus moves to the button that uses them. */
function useSelectedLines(viewer: RefObject<HTMLElement | null>, content: string | null): Lines | null {
  const [lines, setLines] = useState<Lines | null>(null);
  useEffect(() => {
    setLines(null);
    if (content === null) return;
    const offsetOf = (node: Node, offset: number, within: HTMLElement) => {
      const before = document.createRange();
      before.selectNodeContents(within);
      before.setEnd(node, offset);
      return before.toString().length;
    };
    const onChange = () => {
      // The file's text alone: the block's head (its language, Copy) is not part of it.
      const within = viewer.current?.querySelector<HTMLElement>("pre code") ?? null;
      const selection = document.getSelection();
      if (!within || !selection) return;
      if (selection.rangeCount === 0) return setLines(null); // let go of (a comment added, the page's own)
      const range = selection.getRangeAt(0);
      const inside = within.contains(range.commonAncestorContainer);
      if (selection.isCollapsed || !inside) {
        // A click in the code lets go of the lines; one on a button elsewhere (Comment) keeps them.
        if (inside || !selection.isCollapsed) setLines(null);
        return;
      }
      const from = offsetOf(range.startContainer, range.startOffset, within);
      const to = offsetOf(range.endContainer, range.endOffset, within);
      setLines(selectedLines(content, from, to));
    };
    document.addEventListener("selectionchange", onChange);
    return () => document.removeEventListener("selectionchange", onChange);
  }, [viewer, content]);
  return lines;
}

export function FileComments(props: {
  path: string;
  /** The file's text; null while it loads, or for a file shown without it (binary, too large). */
  content: string | null;
  /** The viewer: the selection inside its code block names the lines. */
  viewer: RefObject<HTMLElement | null>;
}) {
  const { path, content } = props;
  const review = useContext(ReviewContext);
  const chosen = useSelectedLines(props.viewer, content);
  const wantFocus = useRef(false);
  if (!review || content === null) return null;
  const target = chosen && pointAtFile(path, content, chosen.start, chosen.end);
  const unfinished = review.unfinished;
  const writing = unfinished?.open && unfinished.target.from === "file" && unfinished.target.path === path;
  const editingId = writing && "id" in unfinished.target ? unfinished.target.id : null;
  const autoFocus = wantFocus.current;
  wantFocus.current = false;
  const open = (t: CommentTarget, text?: string) => {
    wantFocus.current = true;
    review.start(t, text);
  };
  return (
    <div className="file-review">
      {target && !writing && (
        <button type="button" className="small" onClick={() => open(target)}>
          {`Comment on ${whereLabel(target)}`}
        </button>
      )}
      {writing && unfinished && (
        <CommentForm
          key={editingId ?? `${unfinished.target.start}-${unfinished.target.end}`}
          where={`${path}, ${whereLabel(unfinished.target)}`}
          initialText={review.typed()}
          onType={review.type}
          editing={editingId !== null && editingId !== ""}
          autoFocus={autoFocus}
          onClose={review.close}
          onDiscard={review.discard}
          onSave={() => {
            const refused = review.finish();
            if (!refused) document.getSelection()?.removeAllRanges();
            return refused;
          }}
        />
      )}
      {review.comments
        .filter((c) => c.path === path && c.from === "file" && c.id !== editingId)
        .map((comment) => (
          <CommentCard
            key={comment.id}
            comment={comment}
            onEdit={() => open(comment, comment.text)}
            onRemove={() => review.remove(comment.id)}
          />
        ))}
    </div>
  );
}

// Review comments on a file read in the Files tab: text selected in the file offers "Comment on
// lines 3–5" (the viewer has no line numbers to click: its code is one coloured block), and the
// comments added on this file are listed under the viewer's head with Edit and Remove. The form
// is drawn here only while this viewer shows it; closed or gone, its draft waits beside the box.
import { type RefObject, useContext, useEffect, useRef, useState } from "react";
import { CommentCard, DraftForm } from "./DiffComment.tsx";
import { pointAtFile, selectedLines, whereLabel } from "./reviewComments.ts";
import { ReviewContext } from "./reviewContext.ts";
import { useOwnedDraft } from "./useOwnedDraft.ts";
import { type CommentTarget, isEdit } from "./useReviewComments.ts";

type Lines = { start: number; end: number };

/** The part of `range` inside `within`, or null when they do not meet (a drag may run past the code). */
function clampTo(range: Range, within: HTMLElement): Range | null {
  if (!range.intersectsNode(within)) return null;
  const all = document.createRange();
  all.selectNodeContents(within);
  const part = range.cloneRange();
  if (part.compareBoundaryPoints(Range.START_TO_START, all) < 0) part.setStart(all.startContainer, all.startOffset);
  if (part.compareBoundaryPoints(Range.END_TO_END, all) > 0) part.setEnd(all.endContainer, all.endOffset);
  return part.collapsed ? null : part;
}

/** The lines of `content` selected inside the viewer's code, kept while the focus moves to the button that uses them. */
function useSelectedLines(viewer: RefObject<HTMLElement | null>, content: string | null): Lines | null {
  const [lines, setLines] = useState<Lines | null>(null);
  useEffect(() => {
    if (content === null) return setLines(null);
    const onChange = () => {
      // The file's text alone: the block's head (its language, Copy) is not part of it.
      const within = viewer.current?.querySelector<HTMLElement>("pre code") ?? null;
      const selection = document.getSelection();
      if (!within || !selection) return;
      if (selection.rangeCount === 0) return setLines(null); // let go of (a comment added, the page's own)
      const range = selection.getRangeAt(0);
      const part = selection.isCollapsed ? null : clampTo(range, within);
      if (!part) {
        // A click in the code lets go of the lines; one on a button elsewhere (Comment) keeps them.
        if (within.contains(range.commonAncestorContainer) || !selection.isCollapsed) setLines(null);
        return;
      }
      const offsetOf = (node: Node, offset: number) => {
        const before = document.createRange();
        before.selectNodeContents(within);
        before.setEnd(node, offset);
        return before.toString().length;
      };
      setLines(
        selectedLines(
          content,
          offsetOf(part.startContainer, part.startOffset),
          offsetOf(part.endContainer, part.endOffset),
        ),
      );
    };
    // A selection made before this listened (a click handled before the file's first effects ran) counts too.
    onChange();
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
  const box = useRef<HTMLDivElement>(null);
  const { owner, draft, open: openDraft } = useOwnedDraft(review);
  if (!review || content === null) return null;
  const target = chosen && pointAtFile(path, content, chosen.start, chosen.end);
  const open = (t: CommentTarget) => openDraft(t, () => box.current);
  const editing = draft && isEdit(draft.target) ? draft.target.id : null;
  return (
    <div className="file-review" ref={box}>
      {target && !draft && (
        <button type="button" className="small" onClick={() => open(target)}>
          {`Comment on ${whereLabel(target)}`}
        </button>
      )}
      {draft && (
        <DraftForm
          key={draft.id}
          review={review}
          draft={draft}
          owner={owner}
          path={path}
          after={(how) => how === "added" && document.getSelection()?.removeAllRanges()}
        />
      )}
      {review.comments
        .filter((c) => c.path === path && c.from === "file" && c.id !== editing)
        .map((comment) => (
          <CommentCard
            key={comment.id}
            comment={comment}
            onEdit={() => open(comment)}
            onRemove={() => review.remove(comment.id)}
          />
        ))}
    </div>
  );
}

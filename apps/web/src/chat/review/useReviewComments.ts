// The review comments waiting in a chat's message box: the chat's own, like its typed text
// (drafts.ts), kept in localStorage so a reload or another chat opened meanwhile loses none.
// `take` hands them to the message that goes out and empties the box's list.
import { useCallback, useMemo, useRef, useState } from "react";
import { isReviewComment, maxCommentChars, maxWaitingComments, type ReviewComment } from "./reviewComments.ts";

const prefix = "turnkey.review.";
const keyOf = (sessionID: string | null) => prefix + (sessionID ?? "new");

export function loadComments(sessionID: string | null): ReviewComment[] {
  try {
    const parsed: unknown = JSON.parse(localStorage.getItem(keyOf(sessionID)) ?? "[]");
    return Array.isArray(parsed) ? parsed.filter(isReviewComment) : [];
  } catch {
    return [];
  }
}

function saveComments(sessionID: string | null, comments: readonly ReviewComment[]): void {
  try {
    if (comments.length === 0) localStorage.removeItem(keyOf(sessionID));
    else localStorage.setItem(keyOf(sessionID), JSON.stringify(comments));
  } catch {
    // Storage full or disabled: the comments are still on screen until the window closes.
  }
}

/** Why a comment cannot be kept, in a sentence that says what to do; null when it can. */
export function refusal(text: string, waiting: number, editing: boolean): string | null {
  if (text.trim() === "") return "Write what should change here, or Cancel.";
  if (text.length > maxCommentChars)
    return `A comment can be at most ${maxCommentChars.toLocaleString("en")} characters; this one has ${text.length.toLocaleString("en")}. Shorten it, or write the rest in the message.`;
  if (!editing && waiting >= maxWaitingComments)
    return `${maxWaitingComments} comments are already waiting for the next message. Send them first, then comment further.`;
  return null;
}

export interface ReviewComments {
  comments: readonly ReviewComment[];
  /** Adds a comment, or changes the text of one with the same id; the refusal's sentence when it cannot. */
  put: (comment: Omit<ReviewComment, "id"> & { id?: string }) => string | null;
  remove: (id: string) => void;
}

export function useReviewComments(selected: string | null) {
  const [state, setState] = useState(() => ({ sessionID: selected, comments: loadComments(selected) }));
  // Another chat opened: its own comments (read during render, so the first frame already shows them).
  let current = state;
  if (state.sessionID !== selected) {
    current = { sessionID: selected, comments: loadComments(selected) };
    setState(current);
  }
  const latest = useRef(current);
  latest.current = current;

  const change = useCallback((next: (comments: readonly ReviewComment[]) => ReviewComment[]) => {
    const { sessionID, comments } = latest.current;
    const updated = { sessionID, comments: next(comments) };
    latest.current = updated;
    saveComments(sessionID, updated.comments);
    setState(updated);
  }, []);

  const put = useCallback<ReviewComments["put"]>(
    (comment) => {
      const { comments } = latest.current;
      const editing = comment.id !== undefined && comments.some((c) => c.id === comment.id);
      const refused = refusal(comment.text, comments.length, editing);
      if (refused) return refused;
      const id = comment.id ?? `rc-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
      const kept = { ...comment, id, text: comment.text.trim() };
      change((all) => (editing ? all.map((c) => (c.id === id ? kept : c)) : [...all, kept]));
      return null;
    },
    [change],
  );
  const remove = useCallback((id: string) => change((all) => all.filter((c) => c.id !== id)), [change]);
  /** The waiting comments, for the message going out now; the box's list is empty after. */
  const take = useCallback((): ReviewComment[] => {
    const taken = [...latest.current.comments];
    if (taken.length > 0) change(() => []);
    return taken;
  }, [change]);

  // One object while nothing changes: every diff in the window reads it from ReviewContext.
  const comments = current.comments;
  return useMemo(() => ({ comments, put, remove, take }), [comments, put, remove, take]);
}

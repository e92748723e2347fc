// The review comments waiting in a chat's message box, and the one being written: the chat's own,
// like its typed text (drafts.ts), kept in localStorage so a reload, another chat opened meanwhile,
// a diff folded or scrolled away, or another window of the app loses none of them. `take` hands
// the waiting ones to the message that goes out and empties the box's list.
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { isReviewComment, maxCommentChars, maxWaitingComments, type ReviewComment } from "./reviewComments.ts";

/** What a comment points at before it is kept (a kept one has its id: then it is being changed). */
export type CommentTarget = Omit<ReviewComment, "id" | "text"> | ReviewComment;

/** The comment being written: its form is open in the diffs that show its lines, or closed with its text kept. */
export interface UnfinishedComment {
  target: CommentTarget;
  text: string;
  open: boolean;
}

const prefix = "turnkey.review.";
const keyOf = (sessionID: string | null) => prefix + (sessionID ?? "new");
const unfinishedKeyOf = (sessionID: string | null) => `turnkey.review-unfinished.${sessionID ?? "new"}`;

function read(key: string): unknown {
  try {
    return JSON.parse(localStorage.getItem(key) ?? "null");
  } catch {
    return null;
  }
}
function write(key: string, value: unknown): void {
  try {
    if (value === null || (Array.isArray(value) && value.length === 0)) localStorage.removeItem(key);
    else localStorage.setItem(key, JSON.stringify(value));
  } catch {
    // Storage full or disabled: the comments are still on screen until the window closes.
  }
}

export function loadComments(sessionID: string | null): ReviewComment[] {
  const stored = read(keyOf(sessionID));
  return Array.isArray(stored) ? stored.filter(isReviewComment) : [];
}

function loadUnfinished(sessionID: string | null): UnfinishedComment | null {
  const stored = read(unfinishedKeyOf(sessionID)) as Partial<UnfinishedComment> | null;
  if (!stored || typeof stored.text !== "string" || typeof stored.target !== "object") return null;
  const target = { id: "", text: "", ...stored.target };
  if (!isReviewComment(target)) return null;
  return { target: stored.target as CommentTarget, text: stored.text, open: stored.open === true };
}

/** Why a comment cannot be kept, in a sentence that says what to do; null when it can. */
export function refusal(text: string, waiting: number, editing: boolean): string | null {
  if (text.trim() === "") return "Write what should change here, or Discard.";
  if (text.length > maxCommentChars)
    return `A comment can be at most ${maxCommentChars.toLocaleString("en")} characters; this one has ${text.length.toLocaleString("en")}. Shorten it, or write the rest in the message.`;
  if (!editing && waiting >= maxWaitingComments)
    return `${maxWaitingComments} comments are already waiting for the next message. Send them first, then comment further.`;
  return null;
}

const isKept = (target: CommentTarget): target is ReviewComment => "id" in target && target.id !== "";

interface Shown {
  sessionID: string | null;
  comments: readonly ReviewComment[];
  unfinished: UnfinishedComment | null;
}
const shownFor = (sessionID: string | null): Shown => ({
  sessionID,
  comments: loadComments(sessionID),
  unfinished: loadUnfinished(sessionID),
});

export function useReviewComments(selected: string | null) {
  const [state, setState] = useState(() => shownFor(selected));
  // Another chat opened: its own comments (read during render, so the first frame already shows them).
  let current = state;
  if (state.sessionID !== selected) {
    current = shownFor(selected);
    setState(current);
  }
  const latest = useRef(current);
  latest.current = current;
  // The unfinished comment's text as typed: kept on every key without drawing every diff again.
  const typed = useRef(current.unfinished?.text ?? "");
  if (state.sessionID !== selected) typed.current = current.unfinished?.text ?? "";

  const change = useCallback((next: Partial<Omit<Shown, "sessionID">>) => {
    const updated = { ...latest.current, ...next };
    latest.current = updated;
    if (next.comments) write(keyOf(updated.sessionID), next.comments);
    if (next.unfinished !== undefined) {
      typed.current = next.unfinished?.text ?? "";
      write(unfinishedKeyOf(updated.sessionID), next.unfinished);
    }
    setState(updated);
  }, []);

  // Another window of the app changed this chat's comments: this one shows them too, and never
  // writes back a list it read before (which would drop theirs or send them twice).
  useEffect(() => {
    const onStorage = (event: StorageEvent) => {
      const { sessionID } = latest.current;
      if (event.key !== keyOf(sessionID) && event.key !== unfinishedKeyOf(sessionID)) return;
      const fresh = shownFor(sessionID);
      typed.current = fresh.unfinished?.text ?? "";
      latest.current = fresh;
      setState(fresh);
    };
    addEventListener("storage", onStorage);
    return () => removeEventListener("storage", onStorage);
  }, []);

  /** Adds a comment, or changes the text of one with the same id; the refusal's sentence when it cannot. */
  const put = useCallback(
    (comment: CommentTarget & { text: string }): string | null => {
      const { comments } = latest.current;
      const editing = isKept(comment) && comments.some((c) => c.id === comment.id);
      const refused = refusal(comment.text, comments.length, editing);
      if (refused) return refused;
      const id = isKept(comment)
        ? comment.id
        : `rc-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
      const kept: ReviewComment = { ...comment, id, text: comment.text.trim() };
      change({ comments: editing ? comments.map((c) => (c.id === id ? kept : c)) : [...comments, kept] });
      return null;
    },
    [change],
  );
  const remove = useCallback(
    (id: string) => change({ comments: latest.current.comments.filter((c) => c.id !== id) }),
    [change],
  );

  /**
   * Opens the form on `target`. What was being written goes with it when it was a new comment (the
   * person points again); an edit of a kept comment is let go (the comment itself is unchanged).
   */
  const start = useCallback(
    (target: CommentTarget, text?: string) => {
      const was = latest.current.unfinished;
      const carried = was && !isKept(was.target) ? typed.current : "";
      change({ unfinished: { target, text: text ?? carried, open: true } });
    },
    [change],
  );
  /** A key typed in the form: stored, nothing drawn again. */
  const type = useCallback((text: string) => {
    typed.current = text;
    const { sessionID, unfinished } = latest.current;
    if (unfinished) write(unfinishedKeyOf(sessionID), { ...unfinished, text });
  }, []);
  /** The form closes; what was typed stays, listed beside the box, unless it was nothing. */
  const close = useCallback(() => {
    const { unfinished } = latest.current;
    if (!unfinished) return;
    const text = typed.current;
    change({ unfinished: text.trim() === "" ? null : { ...unfinished, text, open: false } });
  }, [change]);
  const discard = useCallback(() => change({ unfinished: null }), [change]);
  /** Keeps the comment being written; the refusal's sentence when it cannot be kept. */
  const finish = useCallback((): string | null => {
    const { unfinished } = latest.current;
    if (!unfinished) return null;
    const refused = put({ ...unfinished.target, text: typed.current });
    if (!refused) change({ unfinished: null });
    return refused;
  }, [put, change]);

  /** The waiting comments, for the message going out now; the box's list is empty after. */
  const take = useCallback((): ReviewComment[] => {
    const taken = [...latest.current.comments];
    if (taken.length > 0) change({ comments: [] });
    return taken;
  }, [change]);

  // One object while nothing changes: every diff in the window reads it from ReviewContext.
  const { comments, unfinished } = current;
  return useMemo(
    () => ({
      comments,
      unfinished,
      /** What the unfinished comment's form holds now (typing does not draw the window again). */
      typed: () => typed.current,
      put,
      remove,
      start,
      type,
      close,
      discard,
      finish,
      take,
    }),
    [comments, unfinished, put, remove, start, type, close, discard, finish, take],
  );
}

export type ReviewComments = ReturnType<typeof useReviewComments>;

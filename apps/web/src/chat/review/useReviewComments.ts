// The review comments of a chat: the ones added (waiting in the message box for the next prompt)
// and the ones being written (drafts: not sent until added). Each chat's own, like its typed text
// (drafts.ts): held in memory for this window and kept in localStorage, so a reload, another chat
// opened meanwhile, a diff folded or scrolled away, or another window of the app loses none.
// At most one draft has its form open, drawn by the view that opened it; a draft whose form closes
// (Escape, its view gone) waits beside the box with Add it and Discard. Typing in a form is stored
// on every key without drawing the window again.
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { isReviewComment, maxCommentChars, maxWaitingComments, type ReviewComment } from "./reviewComments.ts";

/** What a comment points at before it is added; a kept comment (with its id) when it is being changed. */
export type CommentTarget = Omit<ReviewComment, "id" | "text"> | ReviewComment;

export interface Draft {
  id: string;
  target: CommentTarget;
  text: string;
}

interface Shown {
  sessionID: string | null;
  comments: readonly ReviewComment[];
  drafts: readonly Draft[];
  /** The draft whose form is open, in the view that opened it. */
  open: string | null;
}

const keyOf = (sessionID: string | null) => `turnkey.review.${sessionID ?? "new"}`;
const draftsKeyOf = (sessionID: string | null) => `turnkey.review-drafts.${sessionID ?? "new"}`;
const newId = (kind: string) => `${kind}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
export const isEdit = (target: CommentTarget): target is ReviewComment => "id" in target && target.id !== "";

function read(key: string): unknown {
  try {
    return JSON.parse(localStorage.getItem(key) ?? "null");
  } catch {
    return null;
  }
}
function write(key: string, list: readonly unknown[]): void {
  try {
    if (list.length === 0) localStorage.removeItem(key);
    else localStorage.setItem(key, JSON.stringify(list));
  } catch {
    // Storage full or disabled: this window still holds them (`memory`) until it closes.
  }
}

export function loadComments(sessionID: string | null): ReviewComment[] {
  const stored = read(keyOf(sessionID));
  return Array.isArray(stored) ? stored.filter(isReviewComment) : [];
}
export function loadDrafts(sessionID: string | null): Draft[] {
  const stored = read(draftsKeyOf(sessionID));
  if (!Array.isArray(stored)) return [];
  return stored.filter(
    (d): d is Draft =>
      typeof d === "object" &&
      d !== null &&
      typeof d.id === "string" &&
      typeof d.text === "string" &&
      isReviewComment({ id: "", text: "", ...d.target }),
  );
}

/** Why a comment cannot be added, in a sentence that says what to do; null when it can. */
export function refusal(text: string, waiting: number, editing: boolean): string | null {
  if (text.trim() === "") return "Write what should change here, or Discard.";
  if (text.length > maxCommentChars)
    return `A comment can be at most ${maxCommentChars.toLocaleString("en")} characters; this one has ${text.length.toLocaleString("en")}. Shorten it, or write the rest in the message.`;
  if (!editing && waiting >= maxWaitingComments)
    return `${maxWaitingComments} comments are already waiting for the next message. Send them first, then comment further.`;
  return null;
}

const sameLines = (a: CommentTarget, b: CommentTarget) =>
  a.path === b.path && a.side === b.side && a.start === b.start && a.end === b.end && a.from === b.from;

/** A draft worth keeping when its form closes: it says something, or something else than the comment it edits. */
const worthKeeping = (d: Draft) => d.text.trim() !== "" && !(isEdit(d.target) && d.text === d.target.text);

/** A chat's comments as this window holds them (`memory`), else as stored. */
const shownFor = (memory: Map<string, Shown>, sessionID: string | null): Shown =>
  memory.get(sessionID ?? "new") ?? {
    sessionID,
    comments: loadComments(sessionID),
    drafts: loadDrafts(sessionID),
    open: null,
  };

/** The open form closes: its draft stays only if it is worth keeping. */
const closed = (shown: Shown): Pick<Shown, "drafts" | "open"> => ({
  open: null,
  drafts: shown.drafts.filter((d) => d.id !== shown.open || worthKeeping(d)),
});

export function useReviewComments(selected: string | null) {
  // The chats this window has shown: what it holds even when storage could not take it.
  const memory = useRef(new Map<string, Shown>()).current;
  const [state, setState] = useState(() => shownFor(memory, selected));
  // Another chat opened: its own comments (read during render, so the first frame already shows them).
  let current = state;
  if (state.sessionID !== selected) {
    current = shownFor(memory, selected);
    setState(current);
  }
  // The latest of this chat's comments: what was drawn, or newer (a key typed in a form draws nothing).
  const latest = useRef(current);
  const drawn = useRef(current);
  if (drawn.current !== current) {
    drawn.current = current;
    latest.current = current;
  }

  /** Changes a chat's comments, the open one's or another's (a view of a chat left behind closing its form). */
  const change = useCallback(
    (sessionID: string | null, next: (shown: Shown) => Partial<Shown>) => {
      const mine = latest.current.sessionID === sessionID;
      const before = mine ? latest.current : shownFor(memory, sessionID);
      const after = { ...before, ...next(before) };
      memory.set(sessionID ?? "new", after);
      if (after.comments !== before.comments) write(keyOf(sessionID), after.comments);
      if (after.drafts !== before.drafts) write(draftsKeyOf(sessionID), after.drafts);
      if (mine) {
        latest.current = after;
        setState(after);
      }
    },
    [memory],
  );
  const here = useCallback(
    (next: (shown: Shown) => Partial<Shown>) => change(latest.current.sessionID, next),
    [change],
  );

  // Another window of the app changed this chat's comments: this one shows them, and never writes
  // back a list it read before (which would drop theirs or send them twice).
  useEffect(() => {
    const onStorage = (event: StorageEvent) => {
      const { sessionID, open } = latest.current;
      if (event.key !== keyOf(sessionID) && event.key !== draftsKeyOf(sessionID)) return;
      const fresh: Shown = { sessionID, comments: loadComments(sessionID), drafts: loadDrafts(sessionID), open };
      if (!fresh.drafts.some((d) => d.id === open)) fresh.open = null;
      memory.set(sessionID ?? "new", fresh);
      latest.current = fresh;
      setState(fresh);
    };
    addEventListener("storage", onStorage);
    return () => removeEventListener("storage", onStorage);
  }, [memory]);

  /**
   * Opens a form on `target` (the one open before closes, its text kept beside the box): a draft on
   * the same lines, or editing the same comment, opens again with its text. Returns the draft's id.
   */
  const start = useCallback(
    (target: CommentTarget): string => {
      const { drafts } = { ...latest.current, ...closed(latest.current) };
      const again = drafts.find((d) =>
        isEdit(target)
          ? isEdit(d.target) && d.target.id === target.id
          : !isEdit(d.target) && sameLines(d.target, target),
      );
      const draft = again ?? { id: newId("draft"), target, text: isEdit(target) ? target.text : "" };
      here(() => ({ drafts: again ? drafts : [...drafts, draft], open: draft.id }));
      return draft.id;
    },
    [here],
  );
  /** Points the open draft (a new comment) at other lines: Shift+click stretching the choice. */
  const retarget = useCallback(
    (id: string, target: CommentTarget) =>
      here((s) => ({ drafts: s.drafts.map((d) => (d.id === id && !isEdit(d.target) ? { ...d, target } : d)) })),
    [here],
  );
  /** A key typed in a form: stored, nothing drawn again (the form holds its own text on screen). */
  const type = useCallback(
    (id: string, text: string) => {
      const shown = latest.current;
      const drafts = shown.drafts.map((d) => (d.id === id ? { ...d, text } : d));
      const after = { ...shown, drafts };
      latest.current = after;
      memory.set(shown.sessionID ?? "new", after);
      write(draftsKeyOf(shown.sessionID), drafts);
    },
    [memory],
  );
  /** The form of draft `id` closes (Escape, or its view went away, in chat `sessionID`). */
  const close = useCallback(
    (id: string, sessionID: string | null = latest.current.sessionID) =>
      change(sessionID, (s) => (s.open === id ? closed(s) : {})),
    [change],
  );
  const discard = useCallback(
    (id: string) => here((s) => ({ drafts: s.drafts.filter((d) => d.id !== id), open: s.open === id ? null : s.open })),
    [here],
  );
  /** Adds a comment, or changes the text of the one it edits; the refusal's sentence when it cannot. */
  const put = useCallback(
    (comment: CommentTarget & { text: string }): string | null => {
      const { comments } = latest.current;
      const editing = isEdit(comment) && comments.some((c) => c.id === comment.id);
      const refused = refusal(comment.text, comments.length, editing);
      if (refused) return refused;
      const id = editing ? comment.id : newId("rc");
      const kept: ReviewComment = { ...comment, id, text: comment.text.trim() };
      here((s) => ({ comments: editing ? s.comments.map((c) => (c.id === id ? kept : c)) : [...s.comments, kept] }));
      return null;
    },
    [here],
  );
  /** Adds draft `id` as a comment; the refusal's sentence when it cannot be added. */
  const finish = useCallback(
    (id: string): string | null => {
      const draft = latest.current.drafts.find((d) => d.id === id);
      if (!draft) return null;
      const refused = put({ ...draft.target, text: draft.text });
      if (!refused) discard(id);
      return refused;
    },
    [put, discard],
  );
  const remove = useCallback(
    (id: string) => here((s) => ({ comments: s.comments.filter((c) => c.id !== id) })),
    [here],
  );

  /**
   * The added comments, for the message going out now; the box's list is empty after. A draft that
   * was changing one of them becomes a new comment's draft (that comment is gone with the message).
   */
  const take = useCallback((): ReviewComment[] => {
    const taken = [...latest.current.comments];
    if (taken.length === 0) return taken;
    const ids = new Set(taken.map((c) => c.id));
    here((s) => ({
      comments: [],
      drafts: s.drafts.map((d) => {
        if (!isEdit(d.target) || !ids.has(d.target.id)) return d;
        const { id: _sent, text: _was, ...lines } = d.target;
        return { ...d, target: lines };
      }),
    }));
    return taken;
  }, [here]);

  const { sessionID, comments, drafts, open } = current;
  // One object while nothing changes: every diff in the window reads it from ReviewContext.
  return useMemo(
    () => ({
      sessionID,
      comments,
      drafts,
      open,
      /** What draft `id` holds now (typing does not draw the window again). */
      textOf: (id: string) => latest.current.drafts.find((d) => d.id === id)?.text ?? "",
      start,
      retarget,
      type,
      close,
      discard,
      finish,
      put,
      remove,
      take,
    }),
    [sessionID, comments, drafts, open, start, retarget, type, close, discard, finish, put, remove, take],
  );
}

export type ReviewComments = ReturnType<typeof useReviewComments>;

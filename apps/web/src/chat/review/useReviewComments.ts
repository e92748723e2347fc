// The review comments of a chat: the ones added (waiting in the message box for the next prompt)
// and the ones being written (drafts: not sent until added). Each chat's own, like its typed text
// (drafts.ts), kept in localStorage (held by the window while storage cannot take them), so a
// reload, another chat opened meanwhile, a diff folded or scrolled away, or another window of the
// app loses none. At most one draft has its form open, drawn only by the view that opened it; a
// draft whose form closes (Escape, its view gone, another chat opened) waits beside the box with Add
// it and Discard. Typing in a form is stored on every key without drawing the window again.
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { isReviewComment, maxCommentChars, maxWaitingComments, type ReviewComment } from "./reviewComments.ts";

/** What a comment points at before it is added; a kept comment (with its id) when it is being changed. */
export type CommentTarget = Omit<ReviewComment, "id" | "text"> | ReviewComment;

export interface Draft {
  id: string;
  target: CommentTarget;
  text: string;
}

/** The form the keyboard is in (a draft's id) and its caret. */
export interface FormFocus {
  id: string | null;
  start: number;
  end: number;
}

interface Shown {
  sessionID: string | null;
  comments: readonly ReviewComment[];
  drafts: readonly Draft[];
  /** The draft whose form is open, and the view that opened it (the only one that draws it). */
  open: { id: string; owner: string } | null;
}

const keyOf = (sessionID: string | null) => `turnkey.review.${sessionID ?? "new"}`;
const draftsKeyOf = (sessionID: string | null) => `turnkey.review-drafts.${sessionID ?? "new"}`;
const chatOfKey = (key: string | null): string | null =>
  /^turnkey\.review(?:-drafts)?\.(.+)$/.exec(key ?? "")?.[1] ?? null;
const newId = (kind: string) => `${kind}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
export const isEdit = (target: CommentTarget): target is ReviewComment => "id" in target && target.id !== "";

function read(key: string): unknown {
  try {
    return JSON.parse(localStorage.getItem(key) ?? "null");
  } catch {
    return null;
  }
}
/** Stores a list; false when storage could not take it (full, disabled). */
function write(key: string, list: readonly unknown[]): boolean {
  try {
    if (list.length === 0) localStorage.removeItem(key);
    else localStorage.setItem(key, JSON.stringify(list));
    return true;
  } catch {
    return false;
  }
}

export function loadComments(sessionID: string | null): ReviewComment[] {
  const stored = read(keyOf(sessionID));
  return Array.isArray(stored) ? stored.filter(isReviewComment) : [];
}
function loadDrafts(sessionID: string | null): Draft[] {
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
function refusal(text: string, waiting: number, editing: boolean): string | null {
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

/** A chat's comments as this window holds them (storage could not take them), else as stored. */
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
  drafts: shown.drafts.filter((d) => d.id !== shown.open?.id || worthKeeping(d)),
});

/**
 * Stores a chat's comments. The window holds them itself (`memory`) only while storage cannot take
 * them: otherwise a chat not on screen is read from storage, where another window may change it.
 */
function keep(memory: Map<string, Shown>, shown: Shown, before: Shown | null): void {
  const key = shown.sessionID ?? "new";
  const unsaved = memory.has(key);
  const comments = (!unsaved && before?.comments === shown.comments) || write(keyOf(shown.sessionID), shown.comments);
  const drafts = (!unsaved && before?.drafts === shown.drafts) || write(draftsKeyOf(shown.sessionID), shown.drafts);
  if (comments && drafts) memory.delete(key);
  else memory.set(key, { ...shown, open: null });
}

export function useReviewComments(selected: string | null) {
  // The chats whose comments storage could not take: this window holds them until it closes.
  const memory = useRef(new Map<string, Shown>()).current;
  const [state, setState] = useState(() => shownFor(memory, selected));
  // The latest of this chat's comments: what was drawn, or newer (a key typed in a form draws nothing).
  const latest = useRef(state);
  // Another chat opened: its own comments (read during render, so the first frame already shows
  // them). No form stays open across: the left chat's open draft waits beside its box.
  let current = state;
  if (state.sessionID !== selected) {
    const left = latest.current;
    if (left.open && left.sessionID === state.sessionID) keep(memory, { ...left, ...closed(left) }, left);
    current = shownFor(memory, selected);
    setState(current);
  }
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
      keep(memory, after, before);
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

  // Another window of the app changed a chat's comments: this one shows them, and never writes
  // back a list it read before (which would drop theirs or send them twice). The form open here
  // keeps what was typed in it.
  useEffect(() => {
    const onStorage = (event: StorageEvent) => {
      const chat = chatOfKey(event.key);
      const shown = latest.current;
      if (chat === null || chat !== (shown.sessionID ?? "new")) return;
      const { sessionID, open } = shown;
      const mine = open ? shown.drafts.find((d) => d.id === open.id) : undefined;
      const stored = loadDrafts(sessionID).filter((d) => d.id !== mine?.id);
      const fresh: Shown = {
        sessionID,
        comments: loadComments(sessionID),
        drafts: mine ? [...stored, mine] : stored,
        open: mine ? open : null,
      };
      latest.current = fresh;
      setState(fresh);
    };
    addEventListener("storage", onStorage);
    return () => removeEventListener("storage", onStorage);
  }, []);

  /**
   * Opens a form on `target` (the one open before closes, its text kept beside the box): a draft on
   * the same lines, or editing the same comment, opens again with its text. Returns the draft's id.
   */
  const start = useCallback(
    (target: CommentTarget, owner: string): string => {
      const { drafts } = { ...latest.current, ...closed(latest.current) };
      const again = drafts.find((d) =>
        isEdit(target)
          ? isEdit(d.target) && d.target.id === target.id
          : !isEdit(d.target) && sameLines(d.target, target),
      );
      const draft = again ?? { id: newId("draft"), target, text: isEdit(target) ? target.text : "" };
      here(() => ({ drafts: again ? drafts : [...drafts, draft], open: { id: draft.id, owner } }));
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
      const after = { ...shown, drafts: shown.drafts.map((d) => (d.id === id ? { ...d, text } : d)) };
      latest.current = after;
      keep(memory, after, shown);
    },
    [memory],
  );
  /** The form of draft `id` closes (Escape, or the view `owner` that drew it went away, in chat `sessionID`). */
  const close = useCallback(
    (id: string, owner: string, sessionID: string | null = latest.current.sessionID) =>
      change(sessionID, (s) => (s.open?.id === id && s.open.owner === owner ? closed(s) : {})),
    [change],
  );
  const discard = useCallback(
    (id: string) =>
      here((s) => ({ drafts: s.drafts.filter((d) => d.id !== id), open: s.open?.id === id ? null : s.open })),
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
   * was changing one of them becomes a new comment's draft (that comment is gone with the message),
   * or goes when it changed nothing.
   */
  const take = useCallback((): ReviewComment[] => {
    const taken = [...latest.current.comments];
    if (taken.length === 0) return taken;
    const sent = new Map(taken.map((c) => [c.id, c]));
    here((s) => {
      // An edit left unchanged says nothing more: it went with its comment.
      const unchanged = (d: Draft) => isEdit(d.target) && sent.get(d.target.id)?.text === d.text;
      const drafts = s.drafts
        .filter((d) => !unchanged(d))
        .map((d) => {
          if (!isEdit(d.target) || !sent.has(d.target.id)) return d;
          const { id: _sent, text: _was, ...lines } = d.target;
          return { ...d, target: lines };
        });
      return { comments: [], drafts, open: drafts.some((d) => d.id === s.open?.id) ? s.open : null };
    });
    return taken;
  }, [here]);

  // Where the keyboard was in a comment's form: a diff drawn again around it (a line added above)
  // mounts the form anew, and it takes the keyboard back, caret and all.
  const formFocus = useRef<FormFocus>({ id: null, start: 0, end: 0 }).current;
  const { sessionID, comments, drafts, open } = current;
  // One object while nothing changes: every diff in the window reads it from ReviewContext.
  return useMemo(
    () => ({
      sessionID,
      comments,
      drafts,
      open,
      formFocus,
      /** What draft `id` holds now (typing does not draw the window again). */
      textOf: (id: string) => latest.current.drafts.find((d) => d.id === id)?.text ?? "",
      start,
      retarget,
      type,
      close,
      discard,
      finish,
      remove,
      take,
    }),
    [formFocus, sessionID, comments, drafts, open, start, retarget, type, close, discard, finish, remove, take],
  );
}

export type ReviewComments = ReturnType<typeof useReviewComments>;

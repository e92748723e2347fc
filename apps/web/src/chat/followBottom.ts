// Follow new content only while the reader is at the bottom. Scrolling up to read stops the
// following until they come back down (or press "Jump to latest"); re-renders never move the
// view, only new content does, and only while following.
import { type RefObject, useCallback, useEffect, useLayoutEffect, useRef, useState } from "react";

const followEvent = "turnkey:follow-latest";

/**
 * The user sent something from this window's box: the list follows the bottom again, so what they
 * sent and what it brings (the reply, a question, a permission card) come into view, as in every
 * chat app. Only the user's own send: a prompt a goal, a schedule or another window sends leaves a
 * reader where they are. (An event, like drafts.ts's replaceDraft: the box and the list are apart.)
 */
export function followLatest(): void {
  window.dispatchEvent(new Event(followEvent));
}

/** Within this distance of the bottom the reader counts as "at the bottom". */
export const nearBottomPx = 80;

export function distanceFromBottom(el: { scrollHeight: number; scrollTop: number; clientHeight: number }): number {
  return el.scrollHeight - el.scrollTop - el.clientHeight;
}

/**
 * `contentKey` changes whenever content was added or grew (a message, a delta); `resetKey` (the
 * session) starts following again. Returns whether the view is at the bottom, the scroll handler
 * and a jump to the bottom.
 */
export function useFollowBottom(
  scrollRef: RefObject<HTMLElement | null>,
  contentRef: RefObject<HTMLElement | null>,
  contentKey: string,
  resetKey: string,
) {
  const following = useRef(true);
  const lastTop = useRef(0);
  const [atBottom, setAtBottom] = useState(true);

  const onScroll = useCallback(() => {
    const el = scrollRef.current;
    if (!el) return;
    const top = el.scrollTop;
    // Content growing below keeps scrollTop where it is; only moving up means "I am reading".
    const movedUp = top < lastTop.current - 1;
    following.current = distanceFromBottom(el) <= nearBottomPx || (following.current && !movedUp);
    lastTop.current = top;
    setAtBottom(following.current);
  }, [scrollRef]);

  const stick = useCallback(() => {
    const el = scrollRef.current;
    if (!el || !following.current) return;
    // The browser tells of a scroll at the next frame: a delta rendered before then must not take
    // a reader who just scrolled up back down, so read where they are first.
    onScroll();
    if (!following.current) return;
    el.scrollTop = el.scrollHeight;
    lastTop.current = el.scrollTop;
  }, [scrollRef, onScroll]);

  const jumpToLatest = useCallback(() => {
    following.current = true;
    setAtBottom(true);
    stick();
  }, [stick]);

  /** The list moved the view itself (the virtual list keeping rows in place): not the reader. */
  const noteOwnScroll = useCallback(() => {
    if (scrollRef.current) lastTop.current = scrollRef.current.scrollTop;
  }, [scrollRef]);

  /** Stop following without a scroll by the reader: the list is about to move elsewhere (find). */
  const release = useCallback(() => {
    following.current = false;
    setAtBottom(false);
  }, []);

  useEffect(() => {
    addEventListener(followEvent, jumpToLatest);
    return () => removeEventListener(followEvent, jumpToLatest);
  }, [jumpToLatest]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: a new session starts at its end
  useLayoutEffect(() => {
    following.current = true;
    setAtBottom(true);
  }, [resetKey]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: contentKey is the trigger
  useLayoutEffect(stick, [contentKey, resetKey, stick]);

  // Rows measured after render (the virtual list, images, highlighted code) grow the content
  // without a new key: follow those too.
  useEffect(() => {
    const content = contentRef.current;
    if (!content || typeof ResizeObserver === "undefined") return;
    const observer = new ResizeObserver(() => stick());
    observer.observe(content);
    return () => observer.disconnect();
  }, [contentRef, stick]);

  /** Read while rendering: following means the view is, or is about to be, at the bottom. */
  return { atBottom, onScroll, jumpToLatest, following, release, noteOwnScroll };
}

// Brings the current match of "Find in this chat" on screen: scrolls the virtual list to its
// message (the row may not be in the page yet), then, once the row is rendered, paints the match.
// Scrolling to a match lets go of the bottom (like the reader scrolling up); a match already in
// view moves nothing, so a streaming reply keeps being followed.
import type { Virtualizer } from "@tanstack/react-virtual";
import { type RefObject, useLayoutEffect, useRef } from "react";
import type { MessageView } from "../conversation.ts";
import type { Found } from "./FindBar.tsx";
import { bringIntoView, paintMatch, rangeOfMatch } from "./markMatch.ts";

function rowInView(virtualizer: Virtualizer<HTMLElement, Element>, index: number): boolean {
  const row = virtualizer.measurementsCache[index];
  const top = virtualizer.scrollOffset ?? 0;
  const height = virtualizer.scrollRect?.height ?? 0;
  const rendered = virtualizer.getVirtualItems().some((item) => item.index === index);
  return !!row && rendered && row.start >= top && row.end <= top + height;
}

export function useFoundInView(
  found: Found | null,
  messages: MessageView[],
  virtualizer: Virtualizer<HTMLElement, Element>,
  scrollRef: RefObject<HTMLElement | null>,
  release: () => void,
): void {
  const scrolled = useRef<Found | null>(null);
  const painted = useRef<Found | null>(null);
  // After every render: the row comes into the page some renders after the scroll was asked for.
  useLayoutEffect(() => {
    if (!found) {
      if (painted.current) paintMatch(null);
      scrolled.current = painted.current = null;
      return;
    }
    if (painted.current === found) return;
    const index = messages.findIndex((m) => m.id === found.messageID);
    if (index === -1) return;
    if (scrolled.current !== found) {
      scrolled.current = found;
      if (!rowInView(virtualizer, index)) {
        release();
        virtualizer.scrollToIndex(index, { align: "center" });
      }
    }
    const scroller = scrollRef.current;
    const row = scroller?.querySelector(`[data-index="${index}"]`);
    if (!scroller || !row) return;
    painted.current = found;
    const range = rangeOfMatch(row, found.query, found.occurrence);
    paintMatch(range);
    if (range) bringIntoView(scroller, range);
  });
}

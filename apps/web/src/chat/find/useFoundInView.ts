// Brings the current match of "Find in this chat" on screen: scrolls the virtual list to its
// message (the row may not be in the page yet), then, once the row is rendered, paints the match.
// Scrolling to a match lets go of the bottom (like the reader scrolling up); a match already in
// view moves nothing, so a streaming reply keeps being followed.
import type { Virtualizer } from "@tanstack/react-virtual";
import type { RefObject } from "react";
import type { MessageView } from "../conversation.ts";
import { rowInView, useRowWhenRendered } from "../useRowWhenRendered.ts";
import type { Found } from "./FindBar.tsx";
import { bringIntoView, paintMatch, rangeOfMatch } from "./markMatch.ts";

export function useFoundInView(
  found: Found | null,
  messages: MessageView[],
  virtualizer: Virtualizer<HTMLElement, Element>,
  scrollRef: RefObject<HTMLElement | null>,
  release: () => void,
): void {
  useRowWhenRendered(found, messages, scrollRef, {
    scrollTo(index) {
      if (rowInView(virtualizer, index)) return;
      release();
      virtualizer.scrollToIndex(index, { align: "center" });
    },
    act(row, match) {
      const range = rangeOfMatch(row, match.query, match.occurrence);
      paintMatch(range);
      const scroller = scrollRef.current;
      if (range && scroller) bringIntoView(scroller, range);
    },
    clear: () => paintMatch(null),
  });
}

// "Go to" a prompt from the session panel's list: scroll the virtualized list to it (letting go of
// the bottom, like the reader scrolling up), then, once its row is rendered, move the focus there
// so the keyboard and a screen reader follow, and mark it until the next jump.
import type { Virtualizer } from "@tanstack/react-virtual";
import type { RefObject } from "react";
import type { MessageView } from "./conversation.ts";
import { type RowRequest, useRowWhenRendered } from "./useRowWhenRendered.ts";

/** A new object for every request, so asking for the same prompt twice jumps twice. */
export type JumpRequest = RowRequest;

/** Returns the id of the message jumped to (marked in the list). */
export function useJumpTo(
  jump: JumpRequest | null,
  messages: MessageView[],
  virtualizer: Virtualizer<HTMLElement, Element>,
  scrollRef: RefObject<HTMLElement | null>,
  release: () => void,
): string | null {
  useRowWhenRendered(jump, messages, scrollRef, {
    scrollTo(index) {
      release();
      virtualizer.scrollToIndex(index, { align: "start" });
    },
    act: (row) => row.focus({ preventScroll: true }),
  });
  return jump?.messageID ?? null;
}

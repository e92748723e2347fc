// "Go to" a prompt from the session panel's list: the conversation is virtualized, so the prompt's
// row may not be in the page; scroll the list to it (letting go of the bottom, like the reader
// scrolling up), then, once its row is rendered, move the focus there so the keyboard and a screen
// reader follow, and mark it until the next jump.
import type { Virtualizer } from "@tanstack/react-virtual";
import { type RefObject, useLayoutEffect, useRef } from "react";
import type { MessageView } from "./conversation.ts";

/** A new object for every request, so asking for the same prompt twice jumps twice. */
export interface JumpRequest {
  messageID: string;
}

/** Returns the id of the message jumped to (marked in the list). */
export function useJumpTo(
  jump: JumpRequest | null,
  messages: MessageView[],
  virtualizer: Virtualizer<HTMLElement, Element>,
  scrollRef: RefObject<HTMLElement | null>,
  release: () => void,
): string | null {
  const scrolled = useRef<JumpRequest | null>(null);
  const focused = useRef<JumpRequest | null>(null);
  // After every render: the row comes into the page some renders after the scroll was asked for.
  useLayoutEffect(() => {
    if (!jump || focused.current === jump) return;
    const index = messages.findIndex((m) => m.id === jump.messageID);
    if (index === -1) return;
    if (scrolled.current !== jump) {
      scrolled.current = jump;
      release();
      virtualizer.scrollToIndex(index, { align: "start" });
    }
    const row = scrollRef.current?.querySelector<HTMLElement>(`[data-index="${index}"]`);
    if (!row) return;
    focused.current = jump;
    row.focus({ preventScroll: true });
  });
  return jump?.messageID ?? null;
}

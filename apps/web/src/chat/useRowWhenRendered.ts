// The conversation is virtualized, so a message asked for (a prompt to go to from the session
// panel, a match of "Find in this chat") may have no row in the page: scroll the list to it once
// per request, then, some renders later when its row is rendered, act on the row once. One copy of
// that dance for every feature that needs a row on screen (jumpToMessage.ts, find/useFoundInView.ts).
import type { Virtualizer } from "@tanstack/react-virtual";
import { type RefObject, useLayoutEffect, useRef } from "react";
import type { MessageView } from "./conversation.ts";

export interface RowRequest {
  messageID: string;
}

/**
 * `request`: a new object each time, so asking for the same message twice acts twice. `scrollTo`
 * runs once per request with the message's index; `act` once its row is in the page; `clear` when
 * the request goes away after `act` ran.
 */
export function useRowWhenRendered<R extends RowRequest>(
  request: R | null,
  messages: MessageView[],
  scrollRef: RefObject<HTMLElement | null>,
  handlers: { scrollTo(index: number): void; act(row: HTMLElement, request: R): void; clear?(): void },
): void {
  const scrolled = useRef<R | null>(null);
  const acted = useRef<R | null>(null);
  // After every render: the row comes into the page some renders after the scroll was asked for.
  useLayoutEffect(() => {
    if (!request) {
      if (acted.current) handlers.clear?.();
      scrolled.current = acted.current = null;
      return;
    }
    if (acted.current === request) return;
    const index = messages.findIndex((m) => m.id === request.messageID);
    if (index === -1) return;
    if (scrolled.current !== request) {
      scrolled.current = request;
      handlers.scrollTo(index);
    }
    const row = scrollRef.current?.querySelector<HTMLElement>(`[data-index="${index}"]`);
    if (!row) return;
    acted.current = request;
    handlers.act(row, request);
  });
}

/** Whether the message's row is rendered and wholly inside the scrolled view. */
export function rowInView(virtualizer: Virtualizer<HTMLElement, Element>, index: number): boolean {
  const row = virtualizer.measurementsCache[index];
  const top = virtualizer.scrollOffset ?? 0;
  const height = virtualizer.scrollRect?.height ?? 0;
  const rendered = virtualizer.getVirtualItems().some((item) => item.index === index);
  return !!row && rendered && row.start >= top && row.end <= top + height;
}

// The conversation's scroll area: a virtual list (only the messages on screen are in the page, so
// a 2,000-message session opens and scrolls like a short one), inline permission requests and
// whatever cards other features put after the messages (`children`), the working/retry line,
// and "Jump to latest" while the reader is scrolled up. Scrolling stays off the parser: rows
// are memoized, their markdown is parsed once (and ahead, in idle time), and each row's height,
// once measured, is kept (rows not measured yet are estimated from their text).

import {
  defaultRangeExtractor,
  elementScroll,
  measureElement,
  observeElementRect,
  useVirtualizer,
} from "@tanstack/react-virtual";
import type { ChatPart } from "@turnkey/contracts";
import { type ReactNode, useEffect, useMemo, useRef } from "react";
import { ProblemBoundary } from "../shared/ProblemBoundary.tsx";
import { type Conversation, type MessageView, type PendingPermission, promptsAwaiting } from "./conversation.ts";
import { FindBar, type Finder } from "./find/FindBar.tsx";
import { useFoundInView } from "./find/useFoundInView.ts";
import { useFollowBottom } from "./followBottom.ts";
import { type JumpRequest, useJumpTo } from "./jumpToMessage.ts";
import { renderMarkdownAhead } from "./Markdown.tsx";
import { Message, type MessageActions } from "./Message.tsx";
import { WorkingLine } from "./WorkingLine.tsx";

/** The model the reply under way is asked of: the newest message that names one. */
const replyModel = (messages: readonly MessageView[]) => messages.findLast((m) => m.model)?.model ?? null;

export function PermissionPrompt(props: {
  permission: PendingPermission;
  onReply: (response: "once" | "always" | "reject") => void;
}) {
  const { permission } = props;
  return (
    <section className="permission" aria-label="Permission request">
      <p>
        OpenCode asks to use <strong>{permission.permission}</strong>
        {permission.patterns.length > 0 && (
          <>
            : <code>{permission.patterns.join(", ")}</code>
          </>
        )}
      </p>
      {permission.whyAsked && <p className="small permission-why">Not answered on its own: {permission.whyAsked}</p>}
      <div className="actions">
        <button type="button" className="primary" onClick={() => props.onReply("once")}>
          Allow once
        </button>
        <button type="button" className="secondary" onClick={() => props.onReply("always")}>
          Always allow
        </button>
        <button type="button" className="danger" onClick={() => props.onReply("reject")}>
          Deny
        </button>
      </div>
    </section>
  );
}

/** A cheap fingerprint of what the last message shows, so streaming text keeps the view following. */
function partSize(part: ChatPart): number {
  if (part.type === "text" || part.type === "reasoning") return part.text.length;
  if (part.type === "tool") return part.state.status.length + (part.state.output?.length ?? 0);
  return 1;
}
function contentKeyOf(conversation: Conversation): string {
  const last: MessageView | undefined = conversation.messages.at(-1);
  let size = 0;
  for (const part of last?.parts ?? []) size += partSize(part);
  return `${conversation.messages.length}:${last?.id}:${last?.parts.length}:${size}:${conversation.permissions.length}:${conversation.busy}:${conversation.retry?.attempt}`;
}

const estimatedRowPx = 120;
/** A row's height before it was measured: close enough that the scroll bar and the rows above
 *  the view barely move once it is (about 90 characters a line at the default width). */
const estimates = new WeakMap<MessageView, number>();
export function estimateRowPx(message: MessageView): number {
  const known = estimates.get(message);
  if (known !== undefined) return known;
  let lines = 0;
  for (const part of message.parts) {
    if (part.type === "text" || part.type === "reasoning")
      for (const line of part.text.split("\n")) lines += Math.max(1, Math.ceil(line.length / 90));
    else lines += 2;
  }
  const estimate = 36 + Math.min(lines, 400) * 22;
  estimates.set(message, estimate); // messages are immutable: a changed one is a new object
  return estimate;
}
/** Text parts of replies, oldest first: what is parsed ahead while the page is idle. */
function markdownParts(messages: MessageView[]): { id: string; text: string }[] {
  return messages.flatMap((m) =>
    m.role === "assistant" ? m.parts.flatMap((p) => (p.type === "text" && p.text ? [p] : [])) : [],
  );
}
const assumedRect = { width: 800, height: 700 };
/**
 * While following, the rows that fill the view from the end (by their known or estimated heights)
 * with half a view to spare, and two more: what a reader at the bottom sees, and no more. Opening a
 * long session renders (and parses) these few, not a view's worth of overscan on top; rows above
 * come in once the reader scrolls up.
 */
export function lastRowsFilling(count: number, viewPx: number, sizeOf: (index: number) => number): number[] {
  let from = count;
  for (let filled = 0; from > 0 && filled < 1.5 * viewPx; ) filled += sizeOf(--from);
  from = Math.max(0, from - 2);
  return Array.from({ length: count - from }, (_, i) => from + i);
}
const noActions: MessageActions = { onRetry: () => undefined, onResume: () => undefined };

export function MessageList(props: {
  conversation: Conversation;
  onPermission: (id: string, response: "once" | "always" | "reject") => void;
  actions?: MessageActions;
  readOnly?: boolean;
  children?: ReactNode;
  /** Find in this chat: its bar shows over the list, and the list scrolls to its match. */
  finder?: Finder;
  /** A prompt to go to (from the session panel): scrolled to, focused and marked. */
  jumpTo?: JumpRequest | null;
  /**
   * OpenCode is still on this chat's reply, also while it waits for the person (when the window
   * shows their card instead of "working": `conversation.busy` false); by default `busy`.
   */
  replying?: boolean;
}) {
  const { conversation } = props;
  const { messages } = conversation;
  const scrollRef = useRef<HTMLElement>(null);
  const contentRef = useRef<HTMLDivElement>(null);
  const { atBottom, onScroll, jumpToLatest, following, release, noteOwnScroll } = useFollowBottom(
    scrollRef,
    contentRef,
    contentKeyOf(conversation),
    conversation.sessionID,
  );
  const messagesRef = useRef(messages);
  messagesRef.current = messages;
  const actionsRef = useRef(props.actions ?? noActions);
  actionsRef.current = props.actions ?? noActions;
  // The same callbacks every render, so memoized rows stay memoized when the parent re-renders.
  const actions = useMemo<MessageActions>(
    () => ({
      onRetry: (id) => actionsRef.current.onRetry(id),
      onResume: (id) => actionsRef.current.onResume(id),
      onBranch: (id) => actionsRef.current.onBranch?.(id),
      onEdit: (id) => actionsRef.current.onEdit?.(id),
    }),
    [],
  );
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new session or new messages to parse ahead
  useEffect(() => renderMarkdownAhead(markdownParts(messagesRef.current)), [conversation.sessionID, messages.length]);
  const virtualizerRef = useRef<{ scrollRect: { height: number } | null; measurementsCache: { size: number }[] }>(null);
  const virtualizer = useVirtualizer({
    count: messages.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: (index) => {
      const message = messagesRef.current[index];
      return message ? estimateRowPx(message) : estimatedRowPx;
    },
    // The library's own: the resize observer's box (reading it forces no layout), or for a row
    // mounting again its kept height. Rows always have height (padding); zero means no layout
    // (tests), so keep the estimate.
    measureElement: (el, entry, instance) => measureElement(el, entry, instance) || estimatedRowPx,
    overscan: 6,
    // While following, the view is (or is about to be) at the bottom: render the last rows from
    // the first frame, not the top ones that a freshly loaded list's scroll offset of 0 suggests.
    rangeExtractor: (range) => {
      if (!following.current || range.count === 0) return defaultRangeExtractor(range);
      const known = virtualizerRef.current;
      return lastRowsFilling(range.count, known?.scrollRect?.height || assumedRect.height, (index) => {
        const message = messagesRef.current[index];
        return known?.measurementsCache[index]?.size ?? (message ? estimateRowPx(message) : estimatedRowPx);
      });
    },
    getItemKey: (index) => messagesRef.current[index]?.id ?? index,
    scrollToFn: (offset, options, instance) => {
      elementScroll(offset, options, instance);
      noteOwnScroll();
    },
    // Before the first layout, and where there is no layout (a hidden window, tests), assume a
    // window-sized view rather than showing nothing.
    initialRect: assumedRect,
    observeElementRect: (instance, onRect) =>
      observeElementRect(instance, (rect) => onRect(rect.height > 0 ? rect : assumedRect)),
  });
  virtualizerRef.current = virtualizer;
  const found = props.finder?.found ?? null;
  useFoundInView(found, messages, virtualizer, scrollRef, release);
  const jumped = useJumpTo(props.jumpTo ?? null, messages, virtualizer, scrollRef, release);
  const rows = virtualizer.getVirtualItems();
  const lastID = messages.at(-1)?.id;
  const interrupted = new Set(conversation.interrupted);
  const awaiting = promptsAwaiting(messages, props.replying ?? conversation.busy, interrupted);

  return (
    <div className="messages-frame">
      {props.finder?.opened ? <FindBar messages={messages} finder={props.finder} /> : null}
      {/* Not a live region: screen readers hear the short status line in ChatApp, not every fragment. */}
      <section className="messages" ref={scrollRef} onScroll={onScroll} aria-label="Conversation history">
        <div ref={contentRef} className="messages-content" aria-busy={conversation.busy}>
          {messages.length === 0 && <p className="muted empty">Ask OpenCode anything about your project.</p>}
          {/* Rows in normal flow inside one moved block: when a row above the view gets its real
              height, only this block moves, not every row on screen. */}
          <div className="virtual-space" style={{ height: virtualizer.getTotalSize() }}>
            <div className="virtual-rows" style={{ transform: `translateY(${rows[0]?.start ?? 0}px)` }}>
              {rows.map((item) => {
                const message = messages[item.index]!;
                return (
                  <div
                    key={item.key}
                    data-index={item.index}
                    ref={virtualizer.measureElement}
                    className={`message-row message-row-${message.role}${found?.messageID === message.id ? " find-current" : ""}${jumped === message.id ? " jump-target" : ""}`}
                    tabIndex={jumped === message.id ? -1 : undefined}
                  >
                    <ProblemBoundary what="This message" resetKey={message}>
                      <Message
                        message={message}
                        interrupted={interrupted.has(message.id)}
                        awaiting={awaiting.get(message.id)}
                        last={message.id === lastID}
                        readOnly={props.readOnly ?? false}
                        actions={actions}
                      />
                    </ProblemBoundary>
                  </div>
                );
              })}
            </div>
          </div>
          {conversation.permissions.map((p) => (
            <PermissionPrompt key={p.id} permission={p} onReply={(response) => props.onPermission(p.id, response)} />
          ))}
          {props.children}
          {conversation.busy && conversation.permissions.length === 0 && (
            <WorkingLine retry={conversation.retry} model={conversation.retry ? replyModel(messages) : null} />
          )}
        </div>
      </section>
      {!atBottom && (
        <button type="button" className="jump-latest small" onClick={jumpToLatest}>
          Jump to latest ↓
        </button>
      )}
    </div>
  );
}

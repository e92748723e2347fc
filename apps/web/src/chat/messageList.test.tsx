// @vitest-environment happy-dom
// The conversation's list and the sidebar on their own: scrolling, rename, delete, failed and
// interrupted replies (tool calls and code blocks: toolCalls.test.tsx).

import { act, cleanup, fireEvent, render, screen } from "@testing-library/react";
import type { ChatEvent, ChatSession } from "@turnkey/contracts";
import { afterEach, describe, expect, it, vi } from "vitest";
import { type Conversation, conversationReducer, emptyConversation } from "./conversation.ts";
import { estimateRowPx, MessageList } from "./MessageList.tsx";
import { restoreUnsent } from "./outbox.ts";
import { SessionList } from "./SessionList.tsx";
import { applyEvents as apply, fakeScroller, session, textMessage } from "./testHarness.tsx";

afterEach(cleanup);

const S = "ses_a";
const loaded = (count: number): Conversation =>
  conversationReducer(emptyConversation(S), {
    type: "loaded",
    sessionID: S,
    messages: Array.from({ length: count }, (_, i) =>
      textMessage(`msg_${String(i).padStart(4, "0")}`, S, i % 2 ? "assistant" : "user", `line ${i}`),
    ),
  });

const delta = (text: string): ChatEvent => ({
  type: "text.delta",
  sessionID: S,
  messageID: "msg_live",
  partID: "p_live",
  field: "text",
  delta: text,
});

describe("scrolling (bug 1)", () => {
  it("stays where the reader scrolled while new text streams in, and offers Jump to latest", () => {
    const props = { onPermission: () => undefined };
    let state = apply(loaded(40), delta("Once"));
    const view = render(<MessageList conversation={state} {...props} />);
    const scroller = document.querySelector<HTMLElement>(".messages")!;
    const metrics = fakeScroller(scroller, { scrollHeight: 5000, clientHeight: 600 });

    // Following: new content takes the view to the bottom.
    state = apply(state, delta(" upon"));
    view.rerender(<MessageList conversation={state} {...props} />);
    expect(scroller.scrollTop).toBe(4400);
    expect(screen.queryByRole("button", { name: /Jump to latest/ })).toBeNull();

    // The reader scrolls back to the top to read.
    scroller.scrollTop = 0;
    fireEvent.scroll(scroller);
    for (const piece of [" a", " time", " there"]) {
      metrics.scrollHeight += 40;
      state = apply(state, delta(piece));
      view.rerender(<MessageList conversation={state} {...props} />);
    }
    view.rerender(<MessageList conversation={state} {...props} />); // the clock ticks: nothing moves
    expect(scroller.scrollTop).toBe(0);

    fireEvent.click(screen.getByRole("button", { name: /Jump to latest/ }));
    expect(scroller.scrollTop).toBe(metrics.scrollHeight - 600);
    metrics.scrollHeight += 100;
    state = apply(state, delta(" was"));
    view.rerender(<MessageList conversation={state} {...props} />);
    expect(scroller.scrollTop).toBe(metrics.scrollHeight - 600);
  });

  it("a scroll up that new text beats to the page is not undone (the browser tells of a scroll a frame late)", () => {
    const props = { onPermission: () => undefined };
    let state = apply(loaded(40), delta("Once"));
    const view = render(<MessageList conversation={state} {...props} />);
    const scroller = document.querySelector<HTMLElement>(".messages")!;
    const metrics = fakeScroller(scroller, { scrollHeight: 5000, clientHeight: 600 });
    state = apply(state, delta(" upon"));
    view.rerender(<MessageList conversation={state} {...props} />);
    expect(scroller.scrollTop).toBe(4400);

    // The reader scrolls to the top; before the scroll event is dispatched, a delta is rendered.
    scroller.scrollTop = 0;
    metrics.scrollHeight += 40;
    state = apply(state, delta(" a time"));
    view.rerender(<MessageList conversation={state} {...props} />);
    expect(scroller.scrollTop).toBe(0);
    fireEvent.scroll(scroller);
    expect(screen.getByRole("button", { name: /Jump to latest/ })).toBeTruthy();
    metrics.scrollHeight += 40;
    state = apply(state, delta(" there"));
    view.rerender(<MessageList conversation={state} {...props} />);
    expect(scroller.scrollTop).toBe(0);
  });

  it("renders only the messages near the view of a 2,000-message session", () => {
    render(<MessageList conversation={loaded(2000)} onPermission={() => undefined} />);
    const rows = document.querySelectorAll(".message-row").length;
    expect(rows).toBeGreaterThan(0);
    expect(rows).toBeLessThan(60);
  });

  it("opens a long session at its end rendering the rows that fill the view and little more (bench 10's open)", () => {
    const conversation = loaded(2000);
    render(<MessageList conversation={conversation} onPermission={() => undefined} />);
    const indexes = [...document.querySelectorAll<HTMLElement>(".message-row")].map((r) => Number(r.dataset.index));
    expect(indexes.at(-1)).toBe(1999);
    // Without layout the view is assumed 700 px tall: rows for a view and a half, two more at most
    // (not a view's worth of overscan on top: each row rendered is markdown parsed before the first paint).
    let needed = 0;
    for (let filled = 0; filled < 1.5 * 700; needed++) filled += estimateRowPx(conversation.messages[1999 - needed]!);
    expect(indexes.length).toBeGreaterThan(0);
    expect(indexes.length).toBeLessThanOrEqual(needed + 2);
  });
});

describe("how a reply ends", () => {
  const assistant = {
    id: "msg_2",
    sessionID: S,
    role: "assistant" as const,
    createdAt: 2,
    completedAt: null,
    model: null,
    error: null,
  };
  const prompt: ChatEvent[] = [
    { type: "session.status", sessionID: S, status: "busy", attempt: null, message: null },
    { type: "message.updated", sessionID: S, message: { ...assistant, id: "msg_1", role: "user", completedAt: 1 } },
    { type: "part.updated", sessionID: S, messageID: "msg_1", part: { type: "text", id: "p1", text: "hi" } },
    { type: "message.updated", sessionID: S, message: assistant },
  ];

  it("shows opencode's retries while they happen: the model, its words, and the next try counted down (bug 6)", () => {
    vi.useFakeTimers({ now: 1_000_000, toFake: ["Date", "setInterval", "clearInterval"] });
    try {
      const state = apply(
        emptyConversation(S),
        ...prompt,
        {
          type: "message.updated",
          sessionID: S,
          message: { ...assistant, model: { providerID: "acme", modelID: "m1" } },
        },
        {
          type: "session.status",
          sessionID: S,
          status: "retry",
          attempt: 2,
          message: "Rate limited by the provider",
          next: 1_008_000,
        },
      );
      const { rerender } = render(<MessageList conversation={state} onPermission={() => undefined} />);
      const line = () => document.querySelector(".working.retrying")?.textContent;
      expect(line()).toBe(
        "acme/m1 did not answer: Rate limited by the provider. OpenCode tries again in 8 s (attempt 2); Stop gives up.",
      );
      act(() => vi.advanceTimersByTime(3_000));
      expect(line()).toContain("OpenCode tries again in 5 s (attempt 2)");
      act(() => vi.advanceTimersByTime(6_000));
      expect(line()).toContain("OpenCode tries again now (attempt 2)");
      // The next try began: the same line goes back to saying OpenCode is working.
      rerender(<MessageList conversation={apply(state, prompt[0]!)} onPermission={() => undefined} />);
      expect(document.querySelector(".working")?.textContent).toBe("OpenCode is working…");
    } finally {
      vi.useRealTimers();
    }
  });

  it("a failed reply shows its reason and Retry, not an empty bubble (bug 6)", () => {
    const onRetry = vi.fn();
    const state = apply(
      emptyConversation(S),
      ...prompt,
      {
        type: "message.updated",
        sessionID: S,
        message: { ...assistant, completedAt: 3, error: { name: "APIError", message: "Invalid API key." } },
      },
      { type: "session.error", sessionID: S, error: { name: "APIError", message: "Invalid API key." } },
      { type: "session.status", sessionID: S, status: "idle", attempt: null, message: null },
    );
    render(
      <MessageList
        conversation={state}
        onPermission={() => undefined}
        actions={{ onRetry, onResume: () => undefined }}
      />,
    );
    expect(screen.getByText("The reply failed.").parentElement?.textContent).toBe("The reply failed. Invalid API key.");
    fireEvent.click(screen.getByRole("button", { name: "Retry" }));
    expect(onRetry).toHaveBeenCalledWith("msg_2");
    expect(screen.queryByText("OpenCode is working…")).toBeNull();
  });

  it("a reply the user stopped says Stopped, one cut by a restart says Interrupted (bug 7)", () => {
    const aborted = { ...assistant, completedAt: 3, error: { name: "MessageAbortedError", message: "Aborted" } };
    const stopped = apply(emptyConversation(S), ...prompt, { type: "message.updated", sessionID: S, message: aborted });
    const first = render(<MessageList conversation={stopped} onPermission={() => undefined} />);
    expect(screen.getByText("Stopped.")).toBeTruthy();
    first.unmount();
    const cut = apply(
      emptyConversation(S),
      ...prompt,
      { type: "session.error", sessionID: S, error: { name: "SidecarStopped", message: "cut" } },
      { type: "message.updated", sessionID: S, message: aborted },
    );
    expect(cut.error).toBeNull();
    render(<MessageList conversation={cut} onPermission={() => undefined} />);
    expect(screen.queryByText("Stopped.")).toBeNull();
    expect(screen.getByRole("button", { name: "Resume" })).toBeTruthy();
  });

  it("keeps events that arrived while the history was loading", () => {
    const live = apply(emptyConversation(S), ...prompt, delta("streamed"));
    const history = conversationReducer(live, {
      type: "loaded",
      sessionID: S,
      messages: [textMessage("msg_1", S, "user", "hi")],
    });
    expect(history.messages.map((m) => m.id)).toEqual(["msg_1", "msg_2", "msg_live"]);
    expect(history.busy).toBe(true);
  });
});

describe("the session list", () => {
  const sessions: ChatSession[] = [session("ses_1", "First", 20), session("ses_2", "Second", 10)];
  const base = {
    sessions,
    selected: "ses_1",
    onSelect: () => undefined,
    onNew: () => undefined,
    onDelete: () => undefined,
    readOnly: false,
    now: 1_000,
  };

  it("rename keeps focus across re-renders, saves when left, Escape cancels (bug 4)", () => {
    const onRename = vi.fn();
    const view = render(<SessionList {...base} onRename={onRename} />);
    fireEvent.click(screen.getByRole("button", { name: "Rename First" }));
    const field = screen.getByLabelText("New title") as HTMLInputElement;
    expect(document.activeElement).toBe(field);
    fireEvent.change(field, { target: { value: "Trip plans" } });
    const search = screen.getByLabelText("Search sessions");
    view.rerender(<SessionList {...base} now={2_000} onRename={onRename} />); // the clock ticks
    expect(field.value).toBe("Trip plans");
    act(() => search.focus());
    fireEvent.blur(field, { relatedTarget: search });
    expect(document.activeElement).toBe(search); // not pulled back
    expect(onRename).toHaveBeenCalledWith("ses_1", "Trip plans");
    expect(screen.queryByLabelText("New title")).toBeNull();

    fireEvent.click(screen.getByRole("button", { name: "Rename Second" }));
    const again = screen.getByLabelText("New title");
    fireEvent.change(again, { target: { value: "Nope" } });
    fireEvent.keyDown(again, { key: "Escape" });
    expect(onRename).toHaveBeenCalledTimes(1);
    expect(screen.queryByLabelText("New title")).toBeNull();
  });

  it("delete asks once and Cancel or Escape cancel it (bug 11)", () => {
    const onDelete = vi.fn();
    render(<SessionList {...base} onRename={() => undefined} onDelete={onDelete} />);
    fireEvent.click(screen.getByRole("button", { name: "Delete First" }));
    fireEvent.click(screen.getByRole("button", { name: "Cancel" }));
    expect(screen.queryByRole("button", { name: "Delete First for good" })).toBeNull();
    fireEvent.click(screen.getByRole("button", { name: "Delete First" }));
    fireEvent.keyDown(screen.getByRole("button", { name: "Delete First for good" }), { key: "Escape" });
    expect(screen.queryByRole("button", { name: "Delete First for good" })).toBeNull();
    fireEvent.click(screen.getByRole("button", { name: "Delete First" }));
    fireEvent.click(screen.getByRole("button", { name: "Delete First for good" }));
    expect(onDelete).toHaveBeenCalledWith("ses_1");
  });

  it("arrow keys move through the list; F2 renames", () => {
    render(<SessionList {...base} onRename={() => undefined} />);
    const first = screen.getByRole("button", { name: /^First/ });
    act(() => first.focus());
    fireEvent.keyDown(first, { key: "ArrowDown" });
    expect(document.activeElement?.textContent).toMatch(/^Second/);
    fireEvent.keyDown(document.activeElement!, { key: "F2" });
    expect((screen.getByLabelText("New title") as HTMLInputElement).value).toBe("Second");
  });
});

describe("restoreUnsent", () => {
  it.each([
    ["sent", "", "sent"],
    ["sent", "  ", "sent"],
    ["sent", "new", "sent\n\nnew"],
    ["sent", "sent", "sent"],
    ["sent", "sent\n\nnew", "sent\n\nnew"],
  ])("%j back into %j gives %j", (sent, current, expected) => {
    expect(restoreUnsent(sent, current)).toBe(expected);
  });
});

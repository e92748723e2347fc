// @vitest-environment happy-dom

import { cleanup, fireEvent, render, screen } from "@testing-library/react";
import type { ChatEvent } from "@turnkey/contracts";
import { afterEach, describe, expect, it, vi } from "vitest";
import { Composer } from "./Composer.tsx";
import { type Conversation, conversationReducer, emptyConversation, messageText } from "./conversation.ts";
import { MessageList } from "./MessageList.tsx";

afterEach(cleanup);

const S = "ses_a";
const replay = (events: ChatEvent[], from: Conversation = emptyConversation(S)) =>
  events.reduce((state, event) => conversationReducer(state, { type: "event", event }), from);

const assistant = {
  id: "msg_2",
  sessionID: S,
  role: "assistant" as const,
  createdAt: 2,
  completedAt: null,
  model: null,
  error: null,
};
const streaming: ChatEvent[] = [
  { type: "session.status", sessionID: S, status: "busy", attempt: null, message: null },
  { type: "message.updated", sessionID: S, message: { ...assistant, id: "msg_1", role: "user", completedAt: 1 } },
  { type: "part.updated", sessionID: S, messageID: "msg_1", part: { type: "text", id: "p1", text: "show code" } },
  { type: "message.updated", sessionID: S, message: assistant },
  { type: "text.delta", sessionID: S, messageID: "msg_2", partID: "p2", field: "text", delta: "Here:\n\n```js\n" },
  { type: "text.delta", sessionID: "ses_other", messageID: "msg_9", partID: "p9", field: "text", delta: "NOT MINE" },
  { type: "text.delta", sessionID: S, messageID: "msg_2", partID: "p2", field: "text", delta: "console.log(1)\n```\n" },
  {
    type: "part.updated",
    sessionID: S,
    messageID: "msg_2",
    part: {
      type: "tool",
      id: "p3",
      tool: "bash",
      callID: "c1",
      state: { status: "completed", title: "List files", input: { command: "ls" }, output: "a.txt", error: null },
    },
  },
];

describe("conversation reducer", () => {
  it("builds the reply from deltas, ignoring other sessions", () => {
    const state = replay(streaming);
    expect(state.busy).toBe(true);
    expect(state.messages.map((m) => m.role)).toEqual(["user", "assistant"]);
    expect(messageText(state.messages[1]!)).toBe("Here:\n\n```js\nconsole.log(1)\n```\n");
    expect(JSON.stringify(state)).not.toContain("NOT MINE");
  });

  it("tracks permissions until answered, and goes idle", () => {
    const state = replay([
      ...streaming,
      {
        type: "permission.asked",
        sessionID: S,
        permission: { id: "per_1", permission: "bash", patterns: ["rm -rf build"], toolCallID: "c2" },
      },
    ]);
    expect(state.permissions).toEqual([{ id: "per_1", permission: "bash", patterns: ["rm -rf build"] }]);
    const answered = replay(
      [{ type: "permission.replied", sessionID: S, permissionID: "per_1", response: "reject" }],
      state,
    );
    expect(answered.permissions).toEqual([]);
    const idle = replay(
      [{ type: "session.status", sessionID: S, status: "idle", attempt: null, message: null }],
      answered,
    );
    expect(idle.busy).toBe(false);
  });

  it("keeps a streaming part's text when a read-back sends it empty, and applies later deltas once", () => {
    const delta = (text: string): ChatEvent => ({
      type: "text.delta",
      sessionID: S,
      messageID: "msg_2",
      partID: "p2",
      field: "text",
      delta: text,
    });
    const part = (text: string): ChatEvent => ({
      type: "part.updated",
      sessionID: S,
      messageID: "msg_2",
      part: { type: "text", id: "p2", text },
    });
    const before = replay([
      { type: "message.updated", sessionID: S, message: assistant },
      delta("tick 0 "),
      delta("tick 1 "),
    ]);
    // The relay's stream broke during "tick 2 "; its read-back finds the part as opencode keeps it
    // mid-stream (empty), then the new stream's deltas follow.
    const after = replay([part(""), delta("tick 3 ")], before);
    expect(messageText(after.messages.at(-1)!)).toBe("tick 0 tick 1 tick 3 ");
    // The part ends: opencode's whole text, the gap's included, replaces what was pieced together.
    const ended = replay([part("tick 0 tick 1 tick 2 tick 3 ")], after);
    expect(messageText(ended.messages.at(-1)!)).toBe("tick 0 tick 1 tick 2 tick 3 ");
    // A history read while it streams (the window's own re-read) keeps the shown text too.
    const loaded = { ...assistant, parts: [{ type: "text" as const, id: "p2", text: "" }] };
    const reread = conversationReducer(after, { type: "loaded", sessionID: S, messages: [loaded] });
    expect(messageText(reread.messages.at(-1)!)).toBe("tick 0 tick 1 tick 3 ");
    expect(messageText(replay([delta("tick 4 ")], reread).messages.at(-1)!)).toBe("tick 0 tick 1 tick 3 tick 4 ");
  });

  it("shows errors except the user's own abort", () => {
    const aborted = replay([
      { type: "session.error", sessionID: S, error: { name: "MessageAbortedError", message: "Aborted" } },
    ]);
    expect(aborted.error).toBeNull();
    const cut = replay([
      { type: "session.error", sessionID: S, error: { name: "SidecarStopped", message: "cut off" } },
    ]);
    expect(cut.error).toEqual({ name: "SidecarStopped", message: "cut off" });
  });
});

describe("MessageList", () => {
  it("renders streamed markdown as a code block, tool calls compactly, and permission buttons", () => {
    const onPermission = vi.fn();
    const state = replay([
      ...streaming,
      {
        type: "text.delta",
        sessionID: S,
        messageID: "msg_2",
        partID: "p4",
        field: "text",
        delta: "<b>raw</b> **bold**",
      },
      {
        type: "permission.asked",
        sessionID: S,
        permission: { id: "per_1", permission: "bash", patterns: ["make"], toolCallID: null },
      },
    ]);
    const { container } = render(<MessageList conversation={state} onPermission={onPermission} />);
    expect(container.querySelector("pre code")?.textContent).toBe("console.log(1)\n");
    expect(container.querySelector("strong")?.textContent).toBe("bold");
    expect(container.querySelector("b")).toBeNull(); // raw HTML is never rendered
    expect(container.querySelector(".tool .tool-line")?.textContent).toBe("Ran ls done");
    fireEvent.click(screen.getByRole("button", { name: "Allow once" }));
    expect(onPermission).toHaveBeenCalledWith("per_1", "once");
  });
});

describe("Composer", () => {
  const props = {
    draft: "hello",
    onDraft: () => undefined,
    busy: false,
    sending: false,
    canSend: true,
    models: null,
    model: "",
    onModel: () => undefined,
  };

  it("sends on Enter, not on Shift+Enter", () => {
    const onSend = vi.fn();
    render(<Composer {...props} onSend={onSend} onStop={() => undefined} />);
    const box = screen.getByLabelText("Message");
    fireEvent.keyDown(box, { key: "Enter", shiftKey: true });
    expect(onSend).not.toHaveBeenCalled();
    fireEvent.keyDown(box, { key: "Enter" });
    expect(onSend).toHaveBeenCalledTimes(1);
  });

  it("stops a running reply on Escape and shows Stop instead of Send", () => {
    const onStop = vi.fn();
    render(<Composer {...props} busy onSend={() => undefined} onStop={onStop} />);
    fireEvent.keyDown(screen.getByLabelText("Message"), { key: "Escape" });
    expect(onStop).toHaveBeenCalledTimes(1);
    expect(screen.queryByRole("button", { name: "Send" })).toBeNull();
    fireEvent.click(screen.getByRole("button", { name: "Stop" }));
    expect(onStop).toHaveBeenCalledTimes(2);
  });

  it("cannot send while OpenCode is down, but keeps the text", () => {
    render(<Composer {...props} canSend={false} onSend={() => undefined} onStop={() => undefined} />);
    expect(screen.getByRole("button", { name: "Send" })).toHaveProperty("disabled", true);
    expect((screen.getByLabelText("Message") as HTMLTextAreaElement).value).toBe("hello");
  });
});

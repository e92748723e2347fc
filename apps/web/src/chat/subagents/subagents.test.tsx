// @vitest-environment happy-dom
// Subagent sessions in the chat window: counted on the chat that started them rather than listed,
// opened read-only from their `task` tool call, with the way back.
import { cleanup, fireEvent, render, screen, within } from "@testing-library/react";
import type { ChatMessage } from "@turnkey/contracts";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { ChatApp } from "../ChatApp.tsx";
import { fake, session, textMessage } from "../testHarness.tsx";

vi.mock("../../shared/api.ts", async () => (await import("../testHarness.tsx")).apiModule());
vi.mock("../../shared/useBackendEvents.ts", async () => (await import("../testHarness.tsx")).backendEventsModule());

beforeEach(() => fake.reset());
afterEach(cleanup);

const taskReply = (status: "running" | "completed"): ChatMessage => ({
  ...textMessage("msg_2", "ses_parent", "assistant", ""),
  parts: [
    {
      type: "tool",
      id: "prt_task",
      tool: "task",
      callID: "call_1",
      state: {
        status,
        title: "Look around",
        input: { description: "Look around", prompt: "hello sub", subagent_type: "general" },
        output: null,
        error: null,
        childSessionID: "ses_child",
      },
    },
  ],
});

function setUp(status: "running" | "completed" = "completed") {
  fake.api.sessions.mockResolvedValue([{ ...session("ses_parent", "Parent chat", 10), children: ["ses_child"] }]);
  fake.api.messages.mockImplementation(async (id: string) =>
    id === "ses_child"
      ? [
          textMessage("msg_c1", "ses_child", "user", "hello sub"),
          textMessage("msg_c2", "ses_child", "assistant", "Echo: hello sub"),
        ]
      : [textMessage("msg_1", "ses_parent", "user", "delegate it"), taskReply(status)],
  );
}

describe("subagent sessions", () => {
  it("counts a chat's subagents in the list instead of listing them as chats", async () => {
    setUp();
    render(<ChatApp />);
    const nav = await screen.findByRole("navigation", { name: "Sessions" });
    expect(await within(nav).findByText("1 subagent")).toBeTruthy();
    expect(
      within(nav)
        .getAllByRole("button")
        .filter((b) => b.classList.contains("session-title")),
    ).toHaveLength(1);
  });

  it("opens the subagent's chat from its task call, read-only, and goes back to the chat that started it", async () => {
    setUp();
    render(<ChatApp />);
    fireEvent.click(await screen.findByRole("button", { name: /^Parent chat/ }));
    fireEvent.click(await screen.findByRole("button", { name: "Open the subagent's chat" }));
    expect(await screen.findByText("Echo: hello sub")).toBeTruthy();
    expect(fake.api.messages).toHaveBeenCalledWith("ses_child");
    expect(screen.getByText(/A subagent's chat: Look around\. .*read-only/)).toBeTruthy();
    expect(screen.queryByLabelText("Message")).toBeNull(); // nothing is written to it from here
    fireEvent.click(screen.getByRole("button", { name: "Back to “Parent chat”" }));
    expect(await screen.findByText("delegate it")).toBeTruthy();
    expect(screen.getByLabelText("Message")).toBeTruthy();
    expect(screen.queryByText(/A subagent's chat/)).toBeNull();
  });

  it("offers to watch a subagent that is still working", async () => {
    setUp("running");
    render(<ChatApp />);
    fireEvent.click(await screen.findByRole("button", { name: /^Parent chat/ }));
    expect(await screen.findByRole("button", { name: "Watch the subagent's chat" })).toBeTruthy();
  });
});

// @vitest-environment happy-dom
// The session panel's prompts are the chat's timeline: each is a button that brings its prompt
// into the conversation, moves the focus there (keyboard and screen reader follow) and marks it;
// the same prompt asked again jumps again.
import { cleanup, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { ChatApp } from "./ChatApp.tsx";
import { fake, session, textMessage } from "./testHarness.tsx";

vi.mock("../shared/api.ts", async () => (await import("./testHarness.tsx")).apiModule());
vi.mock("../shared/useBackendEvents.ts", async () => (await import("./testHarness.tsx")).backendEventsModule());

beforeEach(() => {
  fake.reset();
  fake.api.sessions.mockResolvedValue([session("ses_1", "Three tries", 10)]);
  fake.api.messages.mockResolvedValue([
    textMessage("msg_1", "ses_1", "user", "first try"),
    textMessage("msg_2", "ses_1", "assistant", "Did the first."),
    textMessage("msg_3", "ses_1", "user", "second try"),
    textMessage("msg_4", "ses_1", "assistant", "Did the second."),
    textMessage("msg_5", "ses_1", "user", "third try"),
    textMessage("msg_6", "ses_1", "assistant", "Did the third."),
  ]);
});
afterEach(cleanup);

const rowOf = (el: Element | null) => el?.closest(".message-row") ?? null;

describe("the timeline of prompts", () => {
  it("goes to a prompt from the panel: focused and marked in the conversation", async () => {
    render(<ChatApp />);
    fireEvent.click(await screen.findByRole("button", { name: /^Three tries/ }));
    await screen.findByText("Did the third.");
    const panel = screen.getByRole("complementary", { name: "Session details" });
    const goTo = await within(panel).findByRole("button", { name: "Go to “second try” in the conversation" });
    fireEvent.click(goTo);
    const row = rowOf(screen.getByText("second try"));
    await waitFor(() => expect(document.activeElement).toBe(row));
    expect(row?.classList.contains("jump-target")).toBe(true);
    expect(rowOf(screen.getByText("third try"))?.classList.contains("jump-target")).toBe(false);
    // Elsewhere and back: the same prompt again takes the focus again.
    (document.getElementById("prompt") as HTMLTextAreaElement).focus();
    fireEvent.click(within(panel).getByRole("button", { name: "Go to “first try” in the conversation" }));
    await waitFor(() => expect(document.activeElement).toBe(rowOf(screen.getByText("first try"))));
    fireEvent.click(within(panel).getByRole("button", { name: "Go to “second try” in the conversation" }));
    await waitFor(() => expect(document.activeElement).toBe(rowOf(screen.getByText("second try"))));
  });
});

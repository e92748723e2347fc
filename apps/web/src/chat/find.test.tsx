// @vitest-environment happy-dom
// Find in this chat (Ctrl/Cmd+F), in the whole window against a fake backend: counting over the
// conversation's data (prompts and replies, any case), next/previous with wrapping, no match,
// Escape back to the message box, and a 2,000-message chat searched over its data.

import { act, cleanup, fireEvent, render, screen, waitFor } from "@testing-library/react";
import type { ChatSession } from "@turnkey/contracts";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { ChatApp } from "./ChatApp.tsx";
import { findMatches, matchCount, matchLimit } from "./find/findMatches.ts";
import { fake, session, textMessage } from "./testHarness.tsx";

vi.mock("../shared/api.ts", async () => (await import("./testHarness.tsx")).apiModule());
vi.mock("../shared/useBackendEvents.ts", async () => (await import("./testHarness.tsx")).backendEventsModule());

beforeEach(() => fake.reset());
afterEach(cleanup);

async function openTrip(others: ChatSession[] = []) {
  fake.api.sessions.mockResolvedValue([session("ses_1", "Plan the trip", 10), ...others]);
  const trip = [
    textMessage("msg_1", "ses_1", "user", "Lisbon or Porto?"),
    textMessage("msg_2", "ses_1", "assistant", "**Lisbon** has trams; lisbon is hilly."),
    textMessage("msg_3", "ses_1", "user", "And the food?"),
    textMessage("msg_4", "ses_1", "assistant", "Pastéis in LISBON, francesinha in Porto."),
  ];
  fake.api.messages.mockImplementation(async (id) => (id === "ses_1" ? trip : []));
  render(<ChatApp />);
  fireEvent.click(await screen.findByRole("button", { name: /^Plan the trip/ }));
  await screen.findByText("And the food?");
}

const field = () => screen.getByRole("searchbox", { name: "Find in this chat" }) as HTMLInputElement;
const count = () => document.querySelector(".find-count")?.textContent;
/** The text of the outlined message (the one holding the current match). */
const current = () => {
  const texts = [...document.querySelectorAll(".find-current .user-text, .find-current .markdown")];
  return texts.length ? texts.map((el) => el.textContent).join("") : null;
};
const bar = () => screen.queryByRole("searchbox", { name: "Find in this chat" });
function find(text: string) {
  fireEvent.keyDown(document.body, { key: "f", ctrlKey: true });
  fireEvent.change(field(), { target: { value: text } });
}

describe("find in this chat", () => {
  it("counts prompts and replies in any case, and Enter / Shift+Enter move through them, wrapping", async () => {
    await openTrip();
    expect(bar()).toBeNull();
    find("LISBON");
    expect(document.activeElement).toBe(field());
    // After the typing pause: 4 matches, the newest current.
    await waitFor(() => expect(count()).toBe("4 of 4"));
    await waitFor(() => expect(current()).toContain("Pastéis"));
    fireEvent.keyDown(field(), { key: "Enter" });
    expect(count()).toBe("1 of 4");
    await waitFor(() => expect(current()).toBe("Lisbon or Porto?"));
    fireEvent.keyDown(field(), { key: "Enter" });
    expect(count()).toBe("2 of 4");
    fireEvent.keyDown(field(), { key: "Enter", shiftKey: true });
    fireEvent.keyDown(field(), { key: "Enter", shiftKey: true });
    expect(count()).toBe("4 of 4");
    fireEvent.click(screen.getByRole("button", { name: "Previous match" }));
    expect(count()).toBe("3 of 4");
    await waitFor(() => expect(current()).toContain("trams"));
    fireEvent.click(screen.getByRole("button", { name: "Next match" }));
    expect(count()).toBe("4 of 4");
  });

  it("Enter before the typing pause searches at once; a new query starts at its newest match", async () => {
    await openTrip();
    find("porto");
    fireEvent.keyDown(field(), { key: "Enter" });
    expect(count()).toBe("2 of 2");
    fireEvent.change(field(), { target: { value: "food" } });
    fireEvent.keyDown(field(), { key: "Enter" });
    expect(count()).toBe("1 of 1");
    await waitFor(() => expect(current()).toBe("And the food?"));
  });

  it("says No match, with nothing to move to and no message outlined", async () => {
    await openTrip();
    find("madrid");
    await waitFor(() => expect(count()).toBe("No match"));
    expect((screen.getByRole("button", { name: "Next match" }) as HTMLButtonElement).disabled).toBe(true);
    expect((screen.getByRole("button", { name: "Previous match" }) as HTMLButtonElement).disabled).toBe(true);
    fireEvent.keyDown(field(), { key: "Enter" });
    expect(count()).toBe("No match");
    expect(current()).toBeNull();
  });

  it("Escape closes the bar, clears the outline and gives the focus back to the message box", async () => {
    await openTrip();
    find("food");
    fireEvent.keyDown(field(), { key: "Enter" });
    await waitFor(() => expect(current()).toBe("And the food?"));
    act(() => fake.emit({ type: "session.status", sessionID: "ses_1", status: "busy", attempt: null, message: null }));
    fireEvent.keyDown(field(), { key: "Escape" });
    expect(bar()).toBeNull();
    expect(document.activeElement).toBe(screen.getByLabelText("Message"));
    await waitFor(() => expect(current()).toBeNull());
    // The reply was not stopped: Escape belonged to the find bar.
    expect(fake.api.abort).not.toHaveBeenCalled();
  });

  it("closes when another chat opens, so that chat opens at its end", async () => {
    await openTrip([session("ses_2", "Other", 5)]);
    find("lisbon");
    fireEvent.keyDown(field(), { key: "Enter" });
    expect(count()).toBe("4 of 4");
    fireEvent.keyDown(document.body, { key: "ArrowDown", altKey: true });
    await screen.findByText("Ask OpenCode anything about your project.");
    await waitFor(() => expect(bar()).toBeNull());
    expect(current()).toBeNull();
  });

  // Whether a match in view leaves a streaming reply followed depends on layout: chromium checks it
  // (web/test/chatWindow.test.ts); happy-dom has no layout.
  it("counts text that streams in while the bar is open", async () => {
    await openTrip();
    find("tram");
    fireEvent.keyDown(field(), { key: "Enter" });
    expect(count()).toBe("1 of 1");
    act(() =>
      fake.emit({
        type: "text.delta",
        sessionID: "ses_1",
        messageID: "msg_5",
        partID: "msg_5_p",
        field: "text",
        delta: "Take tram 28.",
      }),
    );
    expect(count()).toBe("1 of 2");
  });

  it("the ? overlay lists it", async () => {
    await openTrip();
    fireEvent.keyDown(document.body, { key: "?" });
    expect(screen.getByText(/^Find in this chat/)).toBeTruthy();
  });
});

describe("findMatches", () => {
  it("searches 2,000 messages over their data, oldest first, and stops counting at the limit", () => {
    const messages = Array.from({ length: 2000 }, (_, i) =>
      textMessage(
        `msg_${i}`,
        "ses_1",
        i % 2 ? "assistant" : "user",
        i === 7 ? "The Needle, a needle" : `line ${i}, `.repeat(5),
      ),
    );
    expect(findMatches(messages, "needle")).toEqual([
      { messageID: "msg_7", occurrence: 0 },
      { messageID: "msg_7", occurrence: 1 },
    ]);
    expect(findMatches(messages, "  ")).toEqual([]);
    expect(findMatches(messages, "e").length).toBe(matchLimit);
    expect(matchCount("e", matchLimit, 0)).toBe(`1 of ${matchLimit}+`);
    expect(matchCount("", 0, -1)).toBe("");
  });
});

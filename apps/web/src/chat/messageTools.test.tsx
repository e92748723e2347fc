// @vitest-environment happy-dom
// Copy and "Branch from here" under the messages, in the whole window against a fake backend: a
// reply branches into a new chat that holds the conversation up to and including it (opencode's
// fork is asked for the message after it) and opens; a prompt and a reply copy their own text;
// nothing branches while OpenCode is not running. And the session panel's "Compact chat".
import { cleanup, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { ChatApp } from "./ChatApp.tsx";
import { branchCut } from "./conversation.ts";
import { fake, session, setStatus, status, textMessage } from "./testHarness.tsx";

vi.mock("../shared/api.ts", async () => (await import("./testHarness.tsx")).apiModule());
vi.mock("../shared/useBackendEvents.ts", async () => (await import("./testHarness.tsx")).backendEventsModule());

const written: string[] = [];
beforeEach(() => {
  fake.reset();
  written.length = 0;
  Object.defineProperty(navigator, "clipboard", {
    configurable: true,
    value: { writeText: async (text: string) => void written.push(text) },
  });
  fake.api.sessions.mockResolvedValue([session("ses_1", "Two tries", 10)]);
  fake.api.messages.mockImplementation(async (id: string) =>
    id === "ses_1"
      ? [
          textMessage("msg_u1", id, "user", "try it **one** way"),
          textMessage("msg_a1", id, "assistant", "Done the *first* way."),
          textMessage("msg_u2", id, "user", "now another"),
          textMessage("msg_a2", id, "assistant", "Done the second way."),
        ]
      : [
          textMessage("msg_u1", id, "user", "try it **one** way"),
          textMessage("msg_a1", id, "assistant", "Branched copy."),
        ],
  );
});
afterEach(cleanup);

async function openTwoTries() {
  render(<ChatApp />);
  fireEvent.click(await screen.findByRole("button", { name: /^Two tries/ }));
  await screen.findByText("Done the second way.");
}

/** The message (an article) whose text includes `text`, markdown rendered or not. */
const messageWith = (text: string) => {
  const found = screen.getAllByRole("article").find((a) => a.textContent?.includes(text));
  if (!found) throw new Error(`no message says "${text}"`);
  return found;
};

describe("message tools", () => {
  it("branches at a reply into a new chat that opens, asking opencode to keep what came before the next prompt", async () => {
    await openTwoTries();
    fireEvent.click(within(messageWith("Done the first way.")).getByRole("button", { name: "Branch from here" }));
    await waitFor(() => expect(fake.api.fork).toHaveBeenCalledWith("ses_1", "msg_u2"));
    expect(await screen.findByText("Branched copy.")).toBeTruthy();
    expect(screen.getByRole("button", { name: /^Branched \(fork #1\)/ })).toBeTruthy();
    // The last reply branches the whole chat.
    fireEvent.click(await screen.findByRole("button", { name: /^Two tries/ }));
    await screen.findByText("Done the second way.");
    fireEvent.click(within(messageWith("Done the second way.")).getByRole("button", { name: "Branch from here" }));
    await waitFor(() => expect(fake.api.fork).toHaveBeenLastCalledWith("ses_1", undefined));
  });

  it("refuses to branch at a reply the list no longer holds, instead of copying the whole chat", () => {
    const messages = [textMessage("msg_u1", "ses_1", "user", "a"), textMessage("msg_a1", "ses_1", "assistant", "b")];
    expect(branchCut(messages, "msg_a1")).toEqual({ before: undefined });
    expect(branchCut(messages, "msg_u1")).toEqual({ before: "msg_a1" });
    expect(branchCut(messages, "msg_gone")).toBeNull();
  });

  it("copies a prompt as typed and a reply's markdown", async () => {
    await openTwoTries();
    fireEvent.click(within(messageWith("Done the first way.")).getByRole("button", { name: "Copy reply" }));
    await screen.findByRole("button", { name: "Copied" });
    const prompt = messageWith("try it **one** way");
    fireEvent.click(within(prompt).getByRole("button", { name: "Copy prompt" }));
    await waitFor(() => expect(written).toEqual(["Done the *first* way.", "try it **one** way"]));
    expect(within(prompt).queryByRole("button", { name: "Branch from here" })).toBeNull();
  });

  it("offers no branch while OpenCode is not running", async () => {
    await openTwoTries();
    setStatus(status("stopped"));
    await waitFor(() => expect(screen.queryAllByRole("button", { name: "Branch from here" })).toEqual([]));
    expect(screen.getAllByRole("button", { name: "Copy reply" }).length).toBeGreaterThan(0);
  });

  it("compacts the chat with its model from the session panel, and not while OpenCode is stopped", async () => {
    await openTwoTries();
    const panel = screen.getByRole("complementary", { name: "Session details" });
    fireEvent.click(within(panel).getByRole("button", { name: "Compact chat" }));
    await waitFor(() =>
      expect(fake.api.compact).toHaveBeenCalledWith("ses_1", { providerID: "stub", modelID: "echo" }),
    );
    setStatus(status("stopped"));
    await waitFor(() => expect(within(panel).queryByRole("button", { name: "Compact chat" })).toBeNull());
  });
});

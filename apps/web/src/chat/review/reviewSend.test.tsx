// @vitest-environment happy-dom
// Review comments in the whole window against a fake backend: a comment on the session's changes
// goes with the next message, after what was typed, and leaves the list beside the box; it can go
// alone; a `!` command leaves it waiting and the line under the box says so; a message OpenCode
// refused comes back to the box with the comments in it; an edited earlier prompt and a `/` name
// sent before the chat's commands are known go without them; a comment not added yet stays behind,
// and the line under the box says so; each chat has its own.

import { cleanup, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import type { ChangesResponse } from "@turnkey/contracts";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { ChatApp } from "../ChatApp.tsx";
import { deferred, fake, session, textMessage } from "../testHarness.tsx";

vi.mock("../../shared/api.ts", async () => (await import("../testHarness.tsx")).apiModule());
vi.mock("../../shared/useBackendEvents.ts", async () => (await import("../testHarness.tsx")).backendEventsModule());

const patch = ["--- notes.txt", "+++ notes.txt", "@@ -1,3 +1,3 @@", " alpha", "-beta", "+BETA", " gamma", ""].join(
  "\n",
);
const changes: ChangesResponse = {
  messages: [
    { messageID: "msg_1", files: [{ path: "notes.txt", status: "modified", additions: 1, deletions: 1, patch }] },
  ],
  session: [
    { path: "notes.txt", status: "modified", additions: 1, deletions: 1, patches: [{ messageID: "msg_1", patch }] },
  ],
};

beforeEach(() => {
  fake.reset();
  fake.api.sessions.mockResolvedValue([session("ses_1", "Work", 10), session("ses_2", "Other", 9)]);
  fake.api.changes.mockResolvedValue(changes);
});
afterEach(cleanup);

const box = () => screen.getByLabelText("Message") as HTMLTextAreaElement;
const tray = () => screen.queryByRole("region", { name: "Waiting review comments" });

async function commentOnBeta(text: string, catalogLoads = true) {
  fireEvent.click(await screen.findByRole("button", { name: /^Work/ }));
  if (catalogLoads) await screen.findByLabelText("Agent");
  const panel = await screen.findByRole("complementary");
  fireEvent.click(await within(panel).findByRole("tab", { name: "Changes (1)" }));
  fireEvent.click(await within(panel).findByRole("button", { name: "notes.txt" }));
  fireEvent.click(await screen.findByRole("button", { name: "Comment on line 2" }));
  const form = screen.getByRole("textbox", { name: "Comment on notes.txt, line 2" });
  fireEvent.change(form, { target: { value: text } });
  fireEvent.click(screen.getByRole("button", { name: "Add comment" }));
  await waitFor(() => expect(tray()).not.toBeNull());
}

describe("review comments go with the next message", () => {
  it("after what was typed, and the list beside the box empties", async () => {
    render(<ChatApp />);
    await commentOnBeta("lower case, please");
    fireEvent.change(box(), { target: { value: "fix what I marked" } });
    fireEvent.keyDown(box(), { key: "Enter" });
    await waitFor(() => expect(fake.api.send).toHaveBeenCalledTimes(1));
    expect(fake.api.send.mock.calls[0]?.[1]).toBe(
      "fix what I marked\n\nReview comment:\n\nIn `notes.txt`, line 2:\n```diff\n+BETA\n```\nlower case, please",
    );
    expect(tray()).toBeNull();
    expect(box().value).toBe("");
    expect(screen.queryByRole("region", { name: /^Your comment on/ })).toBeNull();
  });

  it("alone, with Send enabled by the comment", async () => {
    render(<ChatApp />);
    await commentOnBeta("why capitals?");
    const send = screen.getByRole("button", { name: "Send" }) as HTMLButtonElement;
    expect(send.disabled).toBe(false);
    fireEvent.click(send);
    await waitFor(() => expect(fake.api.send).toHaveBeenCalledTimes(1));
    expect(fake.api.send.mock.calls[0]?.[1]).toMatch(/^Review comment:\n\nIn `notes\.txt`, line 2:/);
  });

  it("not with a ! command, and the line under the box says they wait", async () => {
    render(<ChatApp />);
    await commentOnBeta("lower case, please");
    fireEvent.change(box(), { target: { value: "!ls" } });
    expect(
      screen.getByText(/Shell command: Enter runs `ls`.*The review comment waits for your next message\./),
    ).toBeTruthy();
    fireEvent.keyDown(box(), { key: "Enter" });
    await waitFor(() => expect(fake.api.shell).toHaveBeenCalledTimes(1));
    expect(fake.api.shell.mock.calls[0]?.[1]).toMatchObject({ command: "ls" });
    expect(tray()?.textContent).toContain("1 review comment goes with your next message");
    // A lone "!" is a message, but "!" with the comments after it would run in the shell: they wait.
    fireEvent.change(box(), { target: { value: "!" } });
    expect(screen.getByText(/A lone ! goes as a message of its own .* The review comment waits/)).toBeTruthy();
  });

  it("back in the box with the message when OpenCode refuses it", async () => {
    fake.api.send.mockRejectedValueOnce(new Error("The model is not available."));
    render(<ChatApp />);
    await commentOnBeta("lower case, please");
    fireEvent.change(box(), { target: { value: "fix it" } });
    fireEvent.keyDown(box(), { key: "Enter" });
    await waitFor(() => expect(box().value).toContain("fix it\n\nReview comment:"));
    expect(box().value).toContain("lower case, please");
    expect(screen.getByText(/The model is not available\. Your message is back in the box\./)).toBeTruthy();
  });

  it("not with an edited earlier prompt, which undoes the changes they quote", async () => {
    fake.api.messages.mockResolvedValue([
      textMessage("msg_1", "ses_1", "user", "capitalise beta"),
      textMessage("msg_2", "ses_1", "assistant", "Done."),
    ]);
    render(<ChatApp />);
    await commentOnBeta("lower case, please");
    const you = (await screen.findAllByRole("article", { name: "You" }))[0]!;
    fireEvent.click(within(you).getByRole("button", { name: "Edit prompt" }));
    expect(screen.getByText(/An edited prompt goes without them/)).toBeTruthy();
    fireEvent.keyDown(box(), { key: "Enter" });
    await waitFor(() => expect(fake.api.send).toHaveBeenCalledTimes(1));
    expect(fake.api.send.mock.calls[0]?.[1]).toBe("capitalise beta");
    expect(tray()?.textContent).toContain("1 review comment goes with your next message");
  });

  it("not as a / command's arguments while the chat's commands are still unknown", async () => {
    // The window has just opened: OpenCode has not said yet which `/` names are its commands.
    const catalog = deferred<Awaited<ReturnType<typeof fake.api.workbench>>>();
    const usual = fake.api.workbench.getMockImplementation()!;
    fake.api.workbench.mockImplementation(() => catalog.promise);
    try {
      render(<ChatApp />);
      await commentOnBeta("lower case, please", false);
      fireEvent.change(box(), { target: { value: "/init" } });
      fireEvent.keyDown(box(), { key: "Enter" });
      await waitFor(() => expect(fake.api.send).toHaveBeenCalledTimes(1));
      expect(fake.api.send.mock.calls[0]?.[1]).toBe("/init");
      expect(tray()?.textContent).toContain("1 review comment goes with your next message");
    } finally {
      fake.api.workbench.mockImplementation(usual);
    }
  });

  it("says a comment not added yet stays behind, and it does", async () => {
    render(<ChatApp />);
    await commentOnBeta("added");
    fireEvent.click(screen.getByRole("button", { name: "Comment on line 3" }));
    const form = screen.getByRole("textbox", { name: "Comment on notes.txt, line 3" });
    fireEvent.change(form, { target: { value: "still thinking" } });
    fireEvent.keyDown(form, { key: "Escape" });
    fireEvent.change(box(), { target: { value: "go" } });
    expect(screen.getByText(/A comment not added yet \(beside the box\) stays behind: add it to send it/)).toBeTruthy();
    fireEvent.keyDown(box(), { key: "Enter" });
    await waitFor(() => expect(fake.api.send).toHaveBeenCalledTimes(1));
    expect(fake.api.send.mock.calls[0]?.[1]).toContain("added");
    expect(fake.api.send.mock.calls[0]?.[1]).not.toContain("still thinking");
    expect(tray()?.textContent).toContain("Not added yet: notes.txt:3 still thinking");
  });

  it("each chat keeps its own", async () => {
    render(<ChatApp />);
    await commentOnBeta("lower case, please");
    fireEvent.click(screen.getByRole("button", { name: /^Other/ }));
    await waitFor(() => expect(tray()).toBeNull());
    fireEvent.click(screen.getByRole("button", { name: /^Work/ }));
    await waitFor(() => expect(tray()?.textContent).toContain("lower case, please"));
  });
});

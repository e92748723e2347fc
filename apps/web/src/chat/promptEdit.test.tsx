// @vitest-environment happy-dom
// Edit and resend an earlier prompt, in the whole window against a fake backend: Edit puts the
// prompt (and its attached image) in the composer beside a note of what sending does; sending undoes
// the chat from that prompt (opencode's revert) and sends the edited text, and the undone turns
// leave the conversation (opencode's ids sort by creation, as these do); Cancel changes nothing; a draft typed before is set aside, never lost;
// while a reply streams Edit says why it cannot; a refused undo sends nothing and keeps the edit.
import { cleanup, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import type { ChatMessage } from "@turnkey/contracts";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { ChatApp } from "./ChatApp.tsx";
import { fake, session, textMessage } from "./testHarness.tsx";

vi.mock("../shared/api.ts", async () => (await import("./testHarness.tsx")).apiModule());
vi.mock("../shared/useBackendEvents.ts", async () => (await import("./testHarness.tsx")).backendEventsModule());

const image = "data:image/png;base64,iVBORw0KGgo=";
const withImage: ChatMessage = {
  ...textMessage("msg_3", "ses_1", "user", "now another"),
  parts: [
    { type: "text", id: "msg_3_p", text: "now another" },
    { type: "file", id: "msg_3_f", mime: "image/png", filename: "shot.png", url: image },
  ],
};

beforeEach(() => {
  fake.reset();
  fake.api.sessions.mockResolvedValue([session("ses_1", "Two tries", 10)]);
  fake.api.messages.mockResolvedValue([
    textMessage("msg_1", "ses_1", "user", "try it one way"),
    textMessage("msg_2", "ses_1", "assistant", "Done the first way."),
    withImage,
    textMessage("msg_4", "ses_1", "assistant", "Done the second way."),
  ]);
});
afterEach(cleanup);

const box = () => screen.getByLabelText("Message") as HTMLTextAreaElement;
const prompt = (text: string) => {
  const found = screen.getAllByRole("article", { name: "You" }).find((a) => a.textContent?.includes(text));
  if (!found) throw new Error(`no prompt says "${text}"`);
  return found;
};
async function openTwoTries() {
  render(<ChatApp />);
  fireEvent.click(await screen.findByRole("button", { name: /^Two tries/ }));
  await screen.findByText("Done the second way.");
}
const editBar = () => screen.queryByRole("region", { name: "Editing an earlier prompt" });

describe("editing an earlier prompt", () => {
  it("puts the prompt and its image in the composer, and sending undoes from it and sends the edited text", async () => {
    await openTwoTries();
    fireEvent.click(within(prompt("now another")).getByRole("button", { name: "Edit prompt" }));
    expect(box().value).toBe("now another");
    expect(within(screen.getByRole("list", { name: "Attached files" })).getByText("shot.png")).toBeTruthy();
    expect(editBar()?.textContent).toMatch(/Sending undoes this prompt and everything after it/);
    fireEvent.change(box(), { target: { value: "now a third way" } });
    fireEvent.keyDown(box(), { key: "Enter" });
    await waitFor(() => expect(fake.api.prompt).toHaveBeenCalledTimes(1));
    expect(fake.api.revert).toHaveBeenCalledWith("ses_1", "msg_3");
    expect(fake.api.revert.mock.invocationCallOrder[0]).toBeLessThan(fake.api.prompt.mock.invocationCallOrder[0]!);
    const [id, request] = fake.api.prompt.mock.calls[0]! as unknown as [string, { text: string; files?: unknown[] }];
    expect(id).toBe("ses_1");
    expect(request.text).toBe("now a third way");
    expect(request.files).toEqual([{ mime: "image/png", filename: "shot.png", url: image }]);
    // The undone turns are gone from the chat; the earlier one stays.
    await waitFor(() => expect(screen.queryByText("Done the second way.")).toBeNull());
    expect(screen.getByText("Done the first way.")).toBeTruthy();
    expect(editBar()).toBeNull();
    expect(box().value).toBe("");
  });

  it("Cancel leaves the chat as it was and gives back the draft typed before, which Edit never overwrote", async () => {
    await openTwoTries();
    fireEvent.change(box(), { target: { value: "half a thought" } });
    fireEvent.click(within(prompt("try it one way")).getByRole("button", { name: "Edit prompt" }));
    expect(box().value).toBe("try it one way");
    expect(editBar()?.textContent).toMatch(/What you had typed is kept and comes back afterwards/);
    fireEvent.click(screen.getByRole("button", { name: "Cancel edit" }));
    expect(box().value).toBe("half a thought");
    expect(editBar()).toBeNull();
    expect(fake.api.revert).not.toHaveBeenCalled();
    expect(fake.api.prompt).not.toHaveBeenCalled();
    expect(screen.getByText("Done the second way.")).toBeTruthy();
  });

  it("gives the draft typed before back after the edited prompt goes out", async () => {
    await openTwoTries();
    fireEvent.change(box(), { target: { value: "half a thought" } });
    fireEvent.click(within(prompt("try it one way")).getByRole("button", { name: "Edit prompt" }));
    fireEvent.keyDown(box(), { key: "Enter" });
    await waitFor(() => expect(fake.api.prompt).toHaveBeenCalledTimes(1));
    expect(fake.api.revert).toHaveBeenCalledWith("ses_1", "msg_1");
    await waitFor(() => expect(box().value).toBe("half a thought"));
  });

  it("sends what was typed while the undo ran, not the text of the moment Send was pressed (review 4, L3)", async () => {
    let finishRevert: () => void = () => undefined;
    const original = fake.api.revert.getMockImplementation()!;
    fake.api.revert.mockImplementationOnce(
      (...args: Parameters<typeof original>) =>
        new Promise((resolve) => {
          finishRevert = () => resolve(original(...args));
        }),
    );
    await openTwoTries();
    fireEvent.click(within(prompt("try it one way")).getByRole("button", { name: "Edit prompt" }));
    fireEvent.change(box(), { target: { value: "try it the other wya" } });
    fireEvent.keyDown(box(), { key: "Enter" });
    await waitFor(() => expect(fake.api.revert).toHaveBeenCalled());
    // The undo takes a moment (it restores files); the person fixes the typo they just saw.
    fireEvent.change(box(), { target: { value: "try it the other way" } });
    finishRevert();
    await waitFor(() => expect(fake.api.prompt).toHaveBeenCalledTimes(1));
    expect(fake.api.prompt.mock.calls[0]![1]).toMatchObject({ text: "try it the other way" });
    await waitFor(() => expect(editBar()).toBeNull());
  });

  it("sends the edited prompt to no other chat when one is opened during the undo (review 4, L8)", async () => {
    fake.api.sessions.mockResolvedValue([session("ses_1", "Two tries", 10), session("ses_2", "Unrelated", 9)]);
    fake.api.messages.mockImplementation(async (id: string) =>
      id === "ses_1"
        ? [textMessage("msg_1", "ses_1", "user", "try it one way"), textMessage("msg_2", "ses_1", "assistant", "Done.")]
        : [
            textMessage("msg_9", "ses_2", "user", "something else"),
            textMessage("msg_10", "ses_2", "assistant", "Other."),
          ],
    );
    let finishRevert: () => void = () => undefined;
    const original = fake.api.revert.getMockImplementation()!;
    fake.api.revert.mockImplementationOnce(
      (...args: Parameters<typeof original>) =>
        new Promise((resolve) => {
          finishRevert = () => resolve(original(...args));
        }),
    );
    render(<ChatApp />);
    fireEvent.click(await screen.findByRole("button", { name: /^Two tries/ }));
    await screen.findByText("Done.");
    fireEvent.click(within(prompt("try it one way")).getByRole("button", { name: "Edit prompt" }));
    fireEvent.change(box(), { target: { value: "try it the other way" } });
    fireEvent.keyDown(box(), { key: "Enter" });
    await waitFor(() => expect(fake.api.revert).toHaveBeenCalledWith("ses_1", "msg_1"));
    fireEvent.click(screen.getByRole("button", { name: /^Unrelated/ }));
    await screen.findByText("Other.");
    finishRevert();
    expect(await screen.findByText(/edited prompt was not sent because another chat was opened/)).toBeTruthy();
    expect(fake.api.prompt).not.toHaveBeenCalled();
    // Back in its own chat, the edited text waits in the box.
    fireEvent.click(screen.getByRole("button", { name: /^Two tries/ }));
    await waitFor(() => expect(box().value).toBe("try it the other way"));
  });

  it("says why a prompt cannot be edited while a reply streams, and changes nothing", async () => {
    await openTwoTries();
    fireEvent.change(box(), { target: { value: "half a thought" } });
    fake.emit({ type: "session.status", sessionID: "ses_1", status: "busy", attempt: null, message: null });
    // The window shows the reply running (Stop) before Edit is pressed: pressed earlier, on a loaded
    // machine, the click could land before the busy state was drawn and start an edit (CI, round 9).
    await screen.findByRole("button", { name: "Stop" });
    fireEvent.click(await within(prompt("now another")).findByRole("button", { name: "Edit prompt" }));
    expect(await screen.findByText(/cannot be edited while OpenCode is replying/)).toBeTruthy();
    expect(box().value).toBe("half a thought");
    expect(editBar()).toBeNull();
  });

  it("keeps the edit and sends nothing when opencode refuses the undo", async () => {
    fake.api.revert.mockRejectedValueOnce(new Error("OpenCode could not undo: the session is busy. Try again."));
    await openTwoTries();
    fireEvent.click(within(prompt("now another")).getByRole("button", { name: "Edit prompt" }));
    fireEvent.keyDown(box(), { key: "Enter" });
    expect(await screen.findByText(/could not undo/)).toBeTruthy();
    expect(fake.api.prompt).not.toHaveBeenCalled();
    expect(box().value).toBe("now another");
    expect(editBar()).not.toBeNull();
    expect(screen.getByText("Done the second way.")).toBeTruthy();
  });
});

describe("a prompt typed after Undo", () => {
  it("takes the undone turns' place: they do not come back when opencode drops the undo", async () => {
    await openTwoTries();
    const panel = screen.getByRole("complementary", { name: "Session details" });
    fireEvent.click(await within(panel).findByRole("button", { name: /^Undo from “now another/ }));
    await waitFor(() => expect(screen.queryByText("Done the second way.")).toBeNull());
    fireEvent.change(box(), { target: { value: "something else" } });
    fireEvent.keyDown(box(), { key: "Enter" });
    await waitFor(() => expect(fake.api.prompt).toHaveBeenCalledTimes(1));
    // opencode removes the undone messages and clears the session's undo as the prompt starts.
    fake.emit({
      type: "session.updated",
      sessionID: "ses_1",
      session: { ...session("ses_1", "Two tries", 12), revert: null },
    });
    await waitFor(() => expect(screen.getByText("Done the first way.")).toBeTruthy());
    expect(screen.queryByText("Done the second way.")).toBeNull();
    expect(screen.queryByText("now another")).toBeNull();
  });
});

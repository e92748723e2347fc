// @vitest-environment happy-dom
// Files attached in the message box stay with the chat they were attached in, like its text: every
// path that puts a message back in a box (a failed send, a held message cancelled, an edited prompt
// not sent) gives its files back to that chat's box, never to whichever chat is open by then, and
// never drops them (review 4, L8's leftover).

import { act, cleanup, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { TurnkeyApiError } from "@turnkey/client";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { ChatApp } from "./ChatApp.tsx";
import { deferred, fake, session, textMessage } from "./testHarness.tsx";

vi.mock("../shared/api.ts", async () => (await import("./testHarness.tsx")).apiModule());
vi.mock("../shared/useBackendEvents.ts", async () => (await import("./testHarness.tsx")).backendEventsModule());

beforeEach(() => {
  fake.reset();
  fake.api.sessions.mockResolvedValue([session("ses_1", "First", 10), session("ses_2", "Second", 9)]);
  fake.api.messages.mockImplementation(async (id: string) => [textMessage(`msg_${id}`, id, "assistant", `in ${id}`)]);
});
afterEach(cleanup);

const box = () => screen.getByLabelText("Message") as HTMLTextAreaElement;
const attached = () =>
  (screen.queryByRole("list", { name: "Attached files" })?.textContent ?? "").match(/\w+\.png/g) ?? [];
async function attach(name: string) {
  const image = new File([new Uint8Array([137, 80, 78, 71])], name, { type: "image/png" });
  fireEvent.change(screen.getByTestId("attach-input"), { target: { files: [image] } });
  await within(await screen.findByRole("list", { name: "Attached files" })).findByText(name);
}
async function open(title: string, id: string) {
  fireEvent.click(await screen.findByRole("button", { name: new RegExp(`^${title}`) }));
  await screen.findByText(`in ${id}`);
}

function withPicture() {
  fake.api.messages.mockImplementation(async (id: string) => [
    {
      ...textMessage("msg_1", id, "user", "with a picture"),
      parts: [
        { type: "text", id: "p1", text: "with a picture" },
        { type: "file", id: "f1", mime: "image/png", filename: "old.png", url: "data:image/png;base64,iVBORw0KGgo=" },
      ],
    },
    textMessage("msg_2", id, "assistant", `in ${id}`),
  ]);
}
/** The undo (opencode's revert) waits until the test lets it finish. */
function holdRevert() {
  const hold: { finish: () => void } = { finish: () => undefined };
  const original = fake.api.revert.getMockImplementation()!;
  fake.api.revert.mockImplementationOnce(
    (...args: Parameters<typeof original>) =>
      new Promise((resolve) => {
        hold.finish = () => resolve(original(...args));
      }),
  );
  return hold;
}

describe("files attached in the message box", () => {
  it("belong to their chat: opening another shows its own, coming back shows them again", async () => {
    render(<ChatApp />);
    await open("First", "ses_1");
    await attach("first.png");
    await open("Second", "ses_2");
    expect(attached()).toEqual([]);
    await attach("second.png");
    await open("First", "ses_1");
    expect(attached()).toEqual(["first.png"]);
    await open("Second", "ses_2");
    expect(attached()).toEqual(["second.png"]);
  });

  it("of a message that failed after another chat was opened go back to its own chat's box", async () => {
    const sent = deferred<never>();
    fake.api.send.mockReturnValueOnce(sent.promise);
    render(<ChatApp />);
    await open("First", "ses_1");
    await attach("plan.png");
    fireEvent.change(box(), { target: { value: "look at this" } });
    fireEvent.keyDown(box(), { key: "Enter" });
    await waitFor(() => expect(fake.api.send).toHaveBeenCalledTimes(1));
    expect(attached()).toEqual([]);
    await open("Second", "ses_2");
    await act(async () => sent.reject(new TurnkeyApiError(502, "sidecar_error", "The model provider failed.")));
    expect(attached()).toEqual([]); // not into the chat open now
    expect(box().value).toBe("");
    await open("First", "ses_1");
    expect(box().value).toBe("look at this");
    expect(attached()).toEqual(["plan.png"]);
  });

  it("of an edited prompt diverted by opening another chat during the undo go back to its chat, the edit's and those set aside", async () => {
    withPicture();
    const revert = holdRevert();
    render(<ChatApp />);
    await open("First", "ses_1");
    await attach("aside.png");
    fireEvent.click(screen.getByRole("button", { name: "Edit prompt" }));
    expect(attached()).toEqual(["old.png"]);
    fireEvent.change(box(), { target: { value: "with a better picture" } });
    fireEvent.keyDown(box(), { key: "Enter" });
    await waitFor(() => expect(fake.api.revert).toHaveBeenCalledWith("ses_1", "msg_1"));
    await open("Second", "ses_2");
    await attach("second.png");
    revert.finish();
    await screen.findByText(/edited prompt was not sent because another chat was opened/);
    expect(attached()).toEqual(["second.png"]);
    expect(fake.api.prompt).not.toHaveBeenCalled();
    await open("First", "ses_1");
    expect(box().value).toBe("with a better picture");
    expect(attached()).toEqual(["old.png", "aside.png"]);
  });

  it("set aside by Edit come back when the edited prompt is emptied during the undo and nothing goes out", async () => {
    withPicture();
    const revert = holdRevert();
    render(<ChatApp />);
    await open("First", "ses_1");
    await attach("aside.png");
    fireEvent.click(screen.getByRole("button", { name: "Edit prompt" }));
    fireEvent.keyDown(box(), { key: "Enter" });
    await waitFor(() => expect(fake.api.revert).toHaveBeenCalledWith("ses_1", "msg_1"));
    fireEvent.change(box(), { target: { value: "" } });
    fireEvent.click(screen.getByRole("button", { name: "Remove old.png" }));
    revert.finish();
    await screen.findByText(/edited prompt could not go out/);
    expect(attached()).toEqual(["aside.png"]);
  });
});

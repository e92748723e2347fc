// @vitest-environment happy-dom
// A message typed while OpenCode is not running is held with its attachments, in sight, with
// Cancel and (when OpenCode will not come back by itself) Start; it goes out once OpenCode runs,
// exactly once, and a window reload does not lose it.
import { cleanup, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { ChatApp } from "./ChatApp.tsx";
import { fake, project, session, setStatus, status } from "./testHarness.tsx";

vi.mock("../shared/api.ts", async () => (await import("./testHarness.tsx")).apiModule());
vi.mock("../shared/useBackendEvents.ts", async () => (await import("./testHarness.tsx")).backendEventsModule());

beforeEach(() => fake.reset());
afterEach(cleanup);

const box = () => screen.getByLabelText("Message") as HTMLTextAreaElement;
const held = () => screen.getByRole("region", { name: "Message waiting for OpenCode" });
const type = (text: string) => {
  fireEvent.change(box(), { target: { value: text } });
  fireEvent.keyDown(box(), { key: "Enter" });
};
async function attachImage(name = "shot.png") {
  const image = new File([new Uint8Array([137, 80, 78, 71])], name, { type: "image/png" });
  fireEvent.change(screen.getByTestId("attach-input"), { target: { files: [image] } });
  const tray = await screen.findByRole("list", { name: "Attached files" });
  expect(within(tray).getByText(name)).toBeTruthy();
}

describe("a message typed while OpenCode is not running", () => {
  it("is held while OpenCode is stopped, says how to start it, and goes out once it runs", async () => {
    fake.status = status("stopped");
    fake.api.start.mockImplementation(async () => status("starting"));
    render(<ChatApp />);
    type("write the tests");
    expect(within(held()).getByText("write the tests")).toBeTruthy();
    expect(within(held()).getByText(/Will send when OpenCode is ready/)).toBeTruthy();
    expect(within(held()).getByText(/OpenCode is stopped/)).toBeTruthy();
    expect(box().value).toBe("");
    // One message waits at a time; the button does not pretend it is sending.
    expect((screen.getByRole("button", { name: "Send" }) as HTMLButtonElement).disabled).toBe(true);
    fireEvent.click(within(held()).getByRole("button", { name: "Start OpenCode" }));
    await waitFor(() => expect(fake.api.start).toHaveBeenCalledTimes(1));
    setStatus(status("starting"));
    expect(within(held()).queryByText(/OpenCode is stopped/)).toBeNull(); // on its way now
    expect(fake.api.send).not.toHaveBeenCalled();
    setStatus(status("running"));
    await waitFor(() => expect(fake.api.send).toHaveBeenCalledTimes(1));
    expect(fake.api.send.mock.calls[0]?.slice(0, 2)).toEqual(["ses_new", "write the tests"]);
    expect(screen.queryByRole("region", { name: "Message waiting for OpenCode" })).toBeNull();
  });

  it("is held while OpenCode has failed, with the reason it will not come back by itself and Start", async () => {
    fake.status = status("failed");
    render(<ChatApp />);
    type("are you there?");
    expect(within(held()).getByText(/failed to start and will not try again by itself/)).toBeTruthy();
    expect(within(held()).getByRole("button", { name: "Start OpenCode" })).toBeTruthy();
    setStatus(status("running"));
    await waitFor(() => expect(fake.api.send).toHaveBeenCalledTimes(1));
    expect(fake.api.send.mock.calls[0]?.[1]).toBe("are you there?");
  });

  it("holds the attached files with the message (starting → running) and sends them with it", async () => {
    fake.status = status("starting");
    render(<ChatApp />);
    await attachImage();
    type("what is in this picture?");
    expect(within(held()).getByRole("list", { name: "Files waiting with the message" }).textContent).toContain(
      "shot.png",
    );
    expect(screen.queryByRole("list", { name: "Attached files" })).toBeNull(); // left the composer with it
    expect(within(held()).queryByRole("button", { name: "Start OpenCode" })).toBeNull(); // starting by itself
    setStatus(status("running"));
    await waitFor(() => expect(fake.api.prompt).toHaveBeenCalledTimes(1));
    const [, request] = fake.api.prompt.mock.calls[0]!;
    expect(request).toMatchObject({
      text: "what is in this picture?",
      files: [{ mime: "image/png", filename: "shot.png", url: expect.stringMatching(/^data:image\/png;base64,/) }],
    });
  });

  it("Cancel puts the text and the files back in the composer and sends nothing", async () => {
    fake.status = status("stopped");
    render(<ChatApp />);
    await attachImage();
    type("not yet");
    fireEvent.click(within(held()).getByRole("button", { name: "Cancel" }));
    expect(box().value).toBe("not yet");
    expect(within(screen.getByRole("list", { name: "Attached files" })).getByText("shot.png")).toBeTruthy();
    setStatus(status("running"));
    await screen.findByRole("button", { name: "Send" });
    expect(fake.api.send).not.toHaveBeenCalled();
  });

  it("survives a reload of the window, files included, and is sent once", async () => {
    fake.status = status("stopped");
    const first = render(<ChatApp />);
    await attachImage("diagram.png");
    type("after the reload");
    first.unmount();
    render(<ChatApp />);
    expect(within(held()).getByText("after the reload")).toBeTruthy();
    expect(within(held()).getByText("diagram.png")).toBeTruthy();
    setStatus(status("running"));
    await waitFor(() => expect(fake.api.prompt).toHaveBeenCalledTimes(1));
    expect(fake.api.prompt.mock.calls[0]?.[1]).toMatchObject({
      text: "after the reload",
      files: [{ filename: "diagram.png" }],
    });
    expect(localStorage.getItem("turnkey.held")).toBeNull();
  });

  it("starts a new chat in the project it was typed in, even after the window moved to another one", async () => {
    const other = { ...project, id: "prj_2", name: "other", path: "/srv/other" };
    fake.api.projects.mockResolvedValue([project, other]);
    fake.api.createSession.mockResolvedValue({
      session: { ...session("ses_a", "A", 5), projectId: "prj_1" },
      created: true,
    });
    fake.status = status("stopped");
    render(<ChatApp />);
    await screen.findByRole("option", { name: /other/ });
    type("meant for the first project");
    fireEvent.change(screen.getByLabelText("Project"), { target: { value: "prj_2" } });
    setStatus(status("running"));
    await waitFor(() => expect(fake.api.send).toHaveBeenCalledWith("ses_a", "meant for the first project", undefined));
    expect(fake.api.createSession).toHaveBeenCalledWith({ projectId: "prj_1" });
    // The other project's list does not take the first project's new chat.
    const nav = screen.getByRole("navigation", { name: "Sessions" });
    expect(within(nav).queryByText("A")).toBeNull();
  });

  it("is sent by one window only: one that sees another window take it lets it go", async () => {
    fake.status = status("stopped");
    render(<ChatApp />);
    type("only once, please");
    const stored = JSON.parse(localStorage.getItem("turnkey.held") ?? "null") as { id?: string } | null;
    expect(stored?.id).toBeTruthy();
    // The other window sends it first (what settleHeld writes there), and this one hears of it.
    localStorage.setItem("turnkey.held.settled", stored?.id ?? "");
    localStorage.removeItem("turnkey.held");
    dispatchEvent(new StorageEvent("storage", { key: "turnkey.held.settled", newValue: stored?.id ?? "" }));
    await waitFor(() => expect(screen.queryByRole("region", { name: "Message waiting for OpenCode" })).toBeNull());
    setStatus(status("running"));
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(fake.api.send).not.toHaveBeenCalled();
    expect(box().value).toBe(""); // not given back either: it went out from the other window
  });

  it("is still sent when another window settled a message of its own meanwhile", async () => {
    fake.status = status("stopped");
    render(<ChatApp />);
    type("mine to send");
    // Another window held and sent its own message: a different id.
    localStorage.setItem(
      "turnkey.held",
      JSON.stringify({ id: "held-other", sessionID: null, text: "theirs", attachments: [] }),
    );
    localStorage.setItem("turnkey.held.settled", "held-other");
    dispatchEvent(new StorageEvent("storage", { key: "turnkey.held.settled", newValue: "held-other" }));
    expect(within(held()).getByText("mine to send")).toBeTruthy();
    setStatus(status("running"));
    await waitFor(() => expect(fake.api.send).toHaveBeenCalledTimes(1));
    expect(fake.api.send.mock.calls[0]?.[1]).toBe("mine to send");
  });
});

// @vitest-environment happy-dom
// `!` shell commands from the composer, in the whole window against a fake backend: the composer
// says what Enter will do; the command (without the `!`) goes to opencode's session shell with the
// chat's agent and model, not as a prompt; a new chat becomes a session first; with files attached
// it stays a message; a lone `!` is a message; a refused command comes back to the box.
import { cleanup, fireEvent, render, screen, waitFor } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { ChatApp } from "./ChatApp.tsx";
import { shellTurnWording } from "./shellTurn.ts";
import { fake, session, textMessage } from "./testHarness.tsx";
import { shellCommand } from "./workbench/composerTokens.ts";

vi.mock("../shared/api.ts", async () => (await import("./testHarness.tsx")).apiModule());
vi.mock("../shared/useBackendEvents.ts", async () => (await import("./testHarness.tsx")).backendEventsModule());

beforeEach(() => {
  fake.reset();
  fake.api.sessions.mockResolvedValue([session("ses_1", "Work", 10)]);
});
afterEach(cleanup);

const box = () => screen.getByLabelText("Message") as HTMLTextAreaElement;
const type = (text: string) => fireEvent.change(box(), { target: { value: text } });

describe("! shell commands", () => {
  it("reads a shell command as opencode's TUI does", () => {
    expect(shellCommand("!git status")).toBe("git status");
    expect(shellCommand("  ! ls -la \n")).toBe("ls -la");
    expect(shellCommand("!")).toBeNull();
    expect(shellCommand("! ")).toBeNull();
    expect(shellCommand("run !this")).toBeNull();
  });

  it("says under the box that Enter runs a shell command, and sends it to the session shell", async () => {
    render(<ChatApp />);
    fireEvent.click(await screen.findByRole("button", { name: /^Work/ }));
    await screen.findByLabelText("Agent");
    type("hello");
    expect(screen.queryByText(/Shell command:/)).toBeNull();
    type("!ls -la");
    const hint = screen.getByText(/Shell command: Enter runs `ls -la` in this chat's project folder/);
    expect(box().getAttribute("aria-describedby")).toBe(hint.id);
    fireEvent.keyDown(box(), { key: "Enter" });
    await waitFor(() => expect(fake.api.shell).toHaveBeenCalledTimes(1));
    expect(fake.api.shell).toHaveBeenCalledWith("ses_1", {
      command: "ls -la",
      agent: "build",
      model: { providerID: "stub", modelID: "echo" },
    });
    expect(fake.api.prompt).not.toHaveBeenCalled();
    expect(box().value).toBe("");
    expect(screen.queryByText(/Shell command:/)).toBeNull();
  });

  it("starts a new chat first, then runs the command in it", async () => {
    render(<ChatApp />);
    await screen.findByLabelText("Agent");
    type("!pwd");
    fireEvent.keyDown(box(), { key: "Enter" });
    await waitFor(() => expect(fake.api.shell).toHaveBeenCalledTimes(1));
    expect(fake.api.createSession).toHaveBeenCalledTimes(1);
    expect(fake.api.shell.mock.calls[0]?.[0]).toBe("ses_new");
  });

  it("sends a lone `!` as a message", async () => {
    render(<ChatApp />);
    await screen.findByLabelText("Agent");
    type("!");
    expect(screen.queryByText(/Shell command:/)).toBeNull();
    fireEvent.keyDown(box(), { key: "Enter" });
    await waitFor(() => expect(fake.api.prompt).toHaveBeenCalledTimes(1));
    expect(fake.api.shell).not.toHaveBeenCalled();
  });

  it("puts a refused command back in the box with the reason", async () => {
    fake.api.shell.mockRejectedValueOnce(new Error("The request is not valid: command: must not be empty."));
    render(<ChatApp />);
    fireEvent.click(await screen.findByRole("button", { name: /^Work/ }));
    await screen.findByLabelText("Agent");
    type("!make test");
    fireEvent.keyDown(box(), { key: "Enter" });
    expect(await screen.findByText(/must not be empty\. Your message is back in the box\./)).toBeTruthy();
    expect(box().value).toBe("!make test");
  });

  it("with files attached, says it goes as a message, and sends it so", async () => {
    render(<ChatApp />);
    fireEvent.click(await screen.findByRole("button", { name: /^Work/ }));
    await screen.findByLabelText("Agent");
    const image = new File([new Uint8Array([137, 80, 78, 71])], "shot.png", { type: "image/png" });
    fireEvent.change(screen.getByTestId("attach-input"), { target: { files: [image] } });
    await screen.findByRole("list", { name: "Attached files" });
    type("!look at this");
    expect(screen.getByText(/Files are attached, so Enter sends this to OpenCode as a message/)).toBeTruthy();
    fireEvent.keyDown(box(), { key: "Enter" });
    await waitFor(() => expect(fake.api.prompt).toHaveBeenCalledTimes(1));
    expect(fake.api.shell).not.toHaveBeenCalled();
  });

  it("Edit on a shell command's turn puts the `!command` back, and sending runs the changed command in the shell", async () => {
    const reply = textMessage("msg_2", "ses_1", "assistant", "");
    fake.api.messages.mockResolvedValue([
      textMessage("msg_1", "ses_1", "user", shellTurnWording),
      {
        ...reply,
        parts: [
          {
            type: "tool",
            id: "msg_2_t",
            tool: "bash",
            callID: "c1",
            state: { status: "completed", title: "ls -la", input: { command: "ls -la" }, output: "a.txt", error: null },
          },
        ],
      },
    ]);
    render(<ChatApp />);
    fireEvent.click(await screen.findByRole("button", { name: /^Work/ }));
    fireEvent.click(await screen.findByRole("button", { name: "Edit prompt" }));
    expect(box().value).toBe("!ls -la");
    type("!ls -la src");
    fireEvent.keyDown(box(), { key: "Enter" });
    await waitFor(() => expect(fake.api.shell).toHaveBeenCalledTimes(1));
    expect(fake.api.revert).toHaveBeenCalledWith("ses_1", "msg_1");
    expect(fake.api.shell.mock.calls[0]?.[1]).toMatchObject({ command: "ls -la src" });
    expect(fake.api.prompt).not.toHaveBeenCalled();
  });
});

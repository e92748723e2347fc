// @vitest-environment happy-dom
// The chat window after its event stream to the backend broke and opened again (a backend restart,
// a sleep, a network blip): the events of the gap went to no one, so everything events keep
// current is read again, and a message typed while the stream is down is never lost.

import { act, cleanup, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { TurnkeyApiError } from "@turnkey/client";
import type { McpServer, PendingRequest } from "@turnkey/contracts";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { ChatApp } from "./ChatApp.tsx";
import { disconnect, fake, project, reconnect, session, setStatus, status, textMessage } from "./testHarness.tsx";

vi.mock("../shared/api.ts", async () => (await import("./testHarness.tsx")).apiModule());
vi.mock("../shared/useBackendEvents.ts", async () => (await import("./testHarness.tsx")).backendEventsModule());

beforeEach(() => fake.reset());
afterEach(cleanup);

const box = () => screen.getByLabelText("Message") as HTMLTextAreaElement;

const permission = (id: string, sessionID: string, command: string): PendingRequest => ({
  kind: "permission",
  id,
  sessionID,
  at: 1,
  permission: { id, permission: "bash", patterns: [command], toolCallID: null },
});

const mcp = (name: string, state: McpServer["state"]): McpServer => ({
  name,
  state,
  error: null,
  sentence: "",
  signIn: null,
  source: null,
});

async function openChat(name: RegExp) {
  const nav = await screen.findByRole("navigation", { name: "Sessions" });
  fireEvent.click(await within(nav).findByRole("button", { name }));
}

describe("the chat window's event stream opens again after a break", () => {
  it("reads again the sessions, what waits, the projects, the todos, the changes, MCP states and the Files tab", async () => {
    fake.api.sessions.mockResolvedValue([session("ses_1", "Chat", 10), session("ses_2", "Other chat", 9)]);
    fake.api.messages.mockResolvedValue([textMessage("msg_1", "ses_1", "user", "hello")]);
    render(<ChatApp />);
    await openChat(/^Chat/);
    await screen.findByText("hello");
    await waitFor(() => expect(fake.api.mcpServers).toHaveBeenCalledTimes(1));
    fireEvent.click(await screen.findByRole("tab", { name: "Files" }));
    await waitFor(() => expect(fake.api.gitStatus).toHaveBeenCalled());
    const gitReads = fake.api.gitStatus.mock.calls.length;
    const changeReads = fake.api.changes.mock.calls.length;

    // The gap: a chat made in another window, another chat's tool asks, the project works on,
    // the agent wrote its todos and changed a file, an MCP server connected. No event came.
    fake.api.sessions.mockResolvedValue([
      session("ses_3", "Made in another window", 11),
      session("ses_1", "Chat", 10),
      session("ses_2", "Other chat", 9),
    ]);
    fake.api.waiting.mockResolvedValue({
      sessions: [{ sessionID: "ses_2", projectId: null, pending: [permission("per_1", "ses_2", "rm -rf build")] }],
    });
    fake.api.projects.mockResolvedValue([{ ...project, busySessions: ["ses_2"] }]);
    fake.api.todos.mockResolvedValue([{ content: "Write the tests", status: "in_progress", priority: "high" }]);
    fake.api.mcpServers.mockResolvedValue({
      servers: [mcp("tools", "connected")],
      files: { project: null, global: "" },
    });
    reconnect();

    const nav = screen.getByRole("navigation", { name: "Sessions" });
    await within(nav).findByText("Made in another window");
    // Another chat's request that came in the gap is told like one that came by event.
    const notice = await screen.findByRole("status", { name: "Waiting in another chat" });
    expect(notice.textContent).toContain("“Other chat” is waiting for you.");
    await screen.findByRole("option", { name: "project (working)" });
    await waitFor(() => expect(fake.api.gitStatus.mock.calls.length).toBeGreaterThan(gitReads));
    fireEvent.click(screen.getByRole("tab", { name: "Session" }));
    await screen.findByText("Write the tests");
    // The MCP servers live in the Session tab: shown again, they are read again, as they are now.
    await waitFor(() => expect(fake.api.mcpServers).toHaveBeenCalledTimes(2));
    await screen.findByText(/1 of 1 connected/);
    // And read again by a break while they are shown.
    fake.api.mcpServers.mockResolvedValue({ servers: [mcp("tools", "failed")], files: { project: null, global: "" } });
    reconnect();
    await waitFor(() => expect(fake.api.mcpServers).toHaveBeenCalledTimes(3));
    await screen.findByText(/1 failed/);
    expect(fake.api.changes.mock.calls.length).toBeGreaterThan(changeReads);
    expect(fake.api.changes).toHaveBeenLastCalledWith("ses_1");
    expect(fake.api.session).toHaveBeenLastCalledWith("ses_1");
  });

  it("shows OpenCode's state as the backend tells it at connect, not the one before the break", async () => {
    render(<ChatApp />);
    await screen.findByLabelText("Message");
    disconnect();
    expect(screen.getByRole("alert").textContent).toMatch(/Reconnecting to the OpenCode Turnkey backend/);
    // The backend restarted meanwhile; its status at connect says OpenCode is starting.
    fake.status = status("starting");
    reconnect();
    expect(screen.queryByText(/Reconnecting to the OpenCode Turnkey backend/)).toBeNull();
    await screen.findByText(/A message you send now waits until it runs\./);
  });
});

describe("a message sent while the window has lost the backend", () => {
  it("waits on screen with a sentence and goes out once, when the stream is back", async () => {
    fake.api.sessions.mockResolvedValue([session("ses_1", "Chat", 10)]);
    render(<ChatApp />);
    await openChat(/^Chat/);
    disconnect();
    fireEvent.change(box(), { target: { value: "still there?" } });
    fireEvent.keyDown(box(), { key: "Enter" });
    await screen.findByText("Will send when this window is connected to the backend again and OpenCode is ready.");
    expect(box().value).toBe("");
    expect(fake.api.send).not.toHaveBeenCalled();
    reconnect();
    await waitFor(() => expect(fake.api.send).toHaveBeenCalledTimes(1));
    expect(fake.api.send.mock.calls[0]?.[1]).toBe("still there?");
    await waitFor(() => expect(screen.queryByText(/Will send when/)).toBeNull());
    setStatus(status("running"));
    expect(fake.api.send).toHaveBeenCalledTimes(1);
  });

  it("is back in the box with a sentence when the backend went away under the call", async () => {
    fake.api.sessions.mockResolvedValue([session("ses_1", "Chat", 10)]);
    const unreachable = new TurnkeyApiError(0, "backend_unreachable", "The backend could not be reached.");
    fake.api.send.mockRejectedValueOnce(unreachable);
    render(<ChatApp />);
    await openChat(/^Chat/);
    fireEvent.change(box(), { target: { value: "are you there?" } });
    await act(async () => fireEvent.keyDown(box(), { key: "Enter" }));
    await screen.findByText(/The backend could not be reached, so the message may not have gone out\./);
    expect(box().value).toBe("are you there?");
  });
});

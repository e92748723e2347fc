// @vitest-environment happy-dom
// A permission or question that comes while the chat window is in front: shown once, where the
// user looks. The open chat's own (and its subagents') go in its card with no notification on top;
// another chat's is told in the window with a way to it; with the window not in front the system
// notification tells it. A subagent's request in the card leads to that subagent's chat (review 4, L4).
import { act, cleanup, fireEvent, render, screen, within } from "@testing-library/react";
import type { ChatMessage, PendingRequest } from "@turnkey/contracts";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { ChatApp } from "../ChatApp.tsx";
import { fake, project, session, textMessage } from "../testHarness.tsx";

vi.mock("../../shared/api.ts", async () => (await import("../testHarness.tsx")).apiModule());
vi.mock("../../shared/useBackendEvents.ts", async () => (await import("../testHarness.tsx")).backendEventsModule());

const shown: { title: string; body: string | undefined }[] = [];
class FakeNotification {
  static permission = "granted";
  static requestPermission = async () => "granted";
  onclick: (() => void) | null = null;
  constructor(title: string, options?: { body?: string }) {
    shown.push({ title, body: options?.body });
  }
  close() {}
}

let focused = true;
beforeEach(() => {
  fake.reset();
  shown.length = 0;
  focused = true;
  vi.stubGlobal("Notification", FakeNotification);
  vi.spyOn(document, "hasFocus").mockImplementation(() => focused);
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

const permission = (id: string, sessionID: string, command: string): PendingRequest => ({
  kind: "permission",
  id,
  sessionID,
  at: 1,
  permission: { id, permission: "bash", patterns: [command], toolCallID: null },
});

const taskReply: ChatMessage = {
  ...textMessage("msg_2", "ses_1", "assistant", ""),
  parts: [
    {
      type: "tool",
      id: "prt_task",
      tool: "task",
      callID: "call_1",
      state: {
        status: "running",
        title: "Clean the build",
        input: { description: "Clean the build", prompt: "clean", subagent_type: "general" },
        output: null,
        error: null,
        childSessionID: "ses_c",
      },
    },
  ],
};

function setUp() {
  fake.api.sessions.mockResolvedValue([
    { ...session("ses_1", "Refactor", 10), children: ["ses_c"] },
    session("ses_2", "Other chat", 9),
  ]);
  fake.api.messages.mockImplementation(async (id: string) =>
    id === "ses_1"
      ? [textMessage("msg_1", "ses_1", "user", "clean it"), taskReply]
      : id === "ses_c"
        ? [textMessage("msg_c1", "ses_c", "user", "clean")]
        : [textMessage("msg_o", id, "user", `hello from ${id}`)],
  );
}

/** opencode asks (the relay's event), then the backend's list for that session changes. */
function ask(request: PendingRequest) {
  act(() => {
    if (request.kind === "permission")
      fake.emit({ type: "permission.asked", sessionID: request.sessionID, permission: request.permission });
    fake.emit({ type: "waiting", sessionID: request.sessionID, pending: [request] });
  });
}

async function openChat(name: RegExp) {
  const nav = await screen.findByRole("navigation", { name: "Sessions" });
  fireEvent.click(await within(nav).findByRole("button", { name }));
}

describe("a request while the chat window is in front", () => {
  it("showing that very chat: its card, and no notification or notice on top of it", async () => {
    setUp();
    render(<ChatApp />);
    await openChat(/^Refactor/);
    await screen.findByText("clean it");
    ask(permission("per_1", "ses_1", "rm -rf build"));
    await screen.findByRole("region", { name: "OpenCode is waiting for you" });
    ask(permission("per_2", "ses_c", "rm -rf dist")); // its subagent's shows in the same card
    await screen.findByText("rm -rf dist");
    expect(screen.queryByRole("status", { name: "Waiting in another chat" })).toBeNull();
    expect(shown).toEqual([]);
  });

  it("showing another chat: the window names the chat that waits and opens it; the subagent's chat is a click away", async () => {
    setUp();
    render(<ChatApp />);
    await openChat(/^Other chat/);
    await screen.findByText("hello from ses_2");
    ask(permission("per_1", "ses_c", "rm -rf build"));
    const notice = await screen.findByRole("status", { name: "Waiting in another chat" });
    expect(notice.textContent).toContain(
      "“Refactor” (a subagent of it asks) is waiting for you. It asks to use bash (rm -rf build).",
    );
    expect(shown).toEqual([]); // the window is in front: it says so itself
    fireEvent.click(within(notice).getByRole("button", { name: "Open “Refactor”" }));
    const card = await screen.findByRole("region", { name: "OpenCode is waiting for you" });
    expect(screen.queryByRole("status", { name: "Waiting in another chat" })).toBeNull();
    within(card).getByText("rm -rf build");
    // The subagent's title comes from its task call in "Refactor"'s messages: clicked before they
    // were read (the card comes first), the banner said "A subagent's task" (a fresh-clone CI run).
    await screen.findByText("clean it");
    fireEvent.click(within(card).getByRole("button", { name: "Open the subagent's chat" }));
    expect(await screen.findByText(/A subagent's chat: Clean the build\./)).toBeTruthy();
    expect(fake.api.messages).toHaveBeenCalledWith("ses_c");
    // Its own chat shows the request too, answered to it.
    const own = await screen.findByRole("region", { name: "OpenCode is waiting for you" });
    fireEvent.click(within(own).getByRole("button", { name: "Allow once" }));
    await vi.waitFor(() => expect(fake.api.replyPermission).toHaveBeenCalledWith("ses_c", "per_1", "once"));
    // Going back: the request was seen, so no notice comes again.
    fireEvent.click(screen.getByRole("button", { name: "Back to “Refactor”" }));
    await openChat(/^Other chat/);
    await screen.findByText("hello from ses_2");
    expect(screen.queryByRole("status", { name: "Waiting in another chat" })).toBeNull();
  });

  it("a subagent's chat opened before its parent's messages are read is named by its own session", async () => {
    setUp();
    let readParent: (messages: ChatMessage[]) => void = () => undefined;
    fake.api.messages.mockImplementation((id: string) =>
      id === "ses_1"
        ? new Promise<ChatMessage[]>((resolve) => {
            readParent = resolve;
          })
        : Promise.resolve([textMessage("msg_c1", "ses_c", "user", "clean")]),
    );
    fake.api.session.mockImplementation(async (id: string) => ({
      ...session(id, "Clean the build (@general subagent)", 11),
      projectId: project.id,
    }));
    render(<ChatApp />);
    await openChat(/^Refactor/);
    ask(permission("per_1", "ses_c", "rm -rf build"));
    const card = await screen.findByRole("region", { name: "OpenCode is waiting for you" });
    fireEvent.click(within(card).getByRole("button", { name: "Open the subagent's chat" }));
    expect(await screen.findByText(/A subagent's chat: Clean the build \(@general subagent\)\./)).toBeTruthy();
    expect(fake.api.session).toHaveBeenCalledWith("ses_c");
    // The parent's messages arriving late change nothing here.
    act(() => readParent([textMessage("msg_1", "ses_1", "user", "clean it"), taskReply]));
    expect(screen.getByText(/A subagent's chat: Clean the build \(@general subagent\)\./)).toBeTruthy();
  });

  it("a chat in another project is named by its project and opened there; Dismiss hides the line", async () => {
    setUp();
    const other = { ...project, id: "prj_2", name: "other ü", path: "/srv/other", waitingSessions: ["ses_far"] };
    fake.api.projects.mockResolvedValue([project, other]);
    render(<ChatApp />);
    await openChat(/^Other chat/);
    ask(permission("per_9", "ses_far", "make"));
    const notice = await screen.findByRole("status", { name: "Waiting in another chat" });
    expect(notice.textContent).toContain("A chat in “other ü” is waiting for you.");
    fireEvent.click(within(notice).getByRole("button", { name: "Dismiss" }));
    expect(screen.queryByRole("status", { name: "Waiting in another chat" })).toBeNull();
    ask(permission("per_10", "ses_far", "make install"));
    fireEvent.click(
      within(await screen.findByRole("status", { name: "Waiting in another chat" })).getByRole("button", {
        name: "Open that chat",
      }),
    );
    await vi.waitFor(() => expect(fake.api.sessions).toHaveBeenCalledWith("prj_2"));
    expect(fake.api.messages).toHaveBeenCalledWith("ses_far");
  });

  it("with the window not in front, the system notification tells it, naming the chat a subagent works for", async () => {
    setUp();
    render(<ChatApp />);
    await openChat(/^Other chat/);
    focused = false;
    ask(permission("per_1", "ses_c", "rm -rf build"));
    expect(shown).toEqual([{ title: "OpenCode is waiting for you", body: "It asks to use bash in “Refactor”." }]);
  });
});

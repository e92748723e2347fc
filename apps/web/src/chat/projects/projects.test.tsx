// @vitest-environment happy-dom
// Projects and the agent's questions in the chat window, against a fake backend: the picker
// lists sessions of the chosen project and creates new ones there, a first run asks for a
// folder, the folder browser opens one, and the waiting card (questions and permissions, with a
// badge on the session) answers through the API and empties when answered elsewhere.

import { act, cleanup, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import type { PendingRequest, TodoItem } from "@turnkey/contracts";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { ChatApp } from "../ChatApp.tsx";
import { fake, project, session, textMessage } from "../testHarness.tsx";
import { QuestionCard } from "./QuestionCard.tsx";

vi.mock("../../shared/api.ts", async () => (await import("../testHarness.tsx")).apiModule());
vi.mock("../../shared/useBackendEvents.ts", async () => (await import("../testHarness.tsx")).backendEventsModule());

beforeEach(() => fake.reset());
afterEach(cleanup);

const other = { ...project, id: "prj_2", name: "other ü", path: "/srv/other ü", branch: null };
const question = (id: string): PendingRequest => ({
  kind: "question",
  id,
  sessionID: "ses_1",
  at: 1,
  question: {
    id,
    sessionID: "ses_1",
    toolCallID: null,
    questions: [
      {
        question: "Which colour?",
        header: "Colour",
        options: [
          { label: "Red", description: "warm" },
          { label: "Blue", description: "cool" },
        ],
        multiple: false,
        custom: true,
      },
    ],
  },
});

describe("projects", () => {
  it("lists the chosen project's sessions, creates new chats there, and shows its folder and branch", async () => {
    fake.api.projects.mockResolvedValue([project, other]);
    render(<ChatApp />);
    await waitFor(() => expect(fake.api.sessions).toHaveBeenCalledWith("prj_1"));
    // Drawn icons, not characters that an emoji or symbol font may lack (an empty box then).
    expect(screen.getByText(/\/home\/zoë\/project/).querySelector("svg")).toBeTruthy();
    expect(screen.getByText(/main/).querySelector("svg")).toBeTruthy();
    expect(document.querySelector(".project-info")?.textContent).not.toMatch(/\p{Extended_Pictographic}|⎇/u);
    fireEvent.change(screen.getByLabelText("Project"), { target: { value: "prj_2" } });
    await waitFor(() => expect(fake.api.sessions).toHaveBeenCalledWith("prj_2"));
    expect(screen.getByText(/\/srv\/other ü/)).toBeTruthy();
    fireEvent.change(screen.getByLabelText("Message"), { target: { value: "hello" } });
    fireEvent.click(screen.getByRole("button", { name: "Send" }));
    await waitFor(() => expect(fake.api.createSession).toHaveBeenCalledWith({ projectId: "prj_2" }));
  });

  it("a chat not started yet lists the agents and models of its own project, not the default folder's", async () => {
    fake.api.projects.mockResolvedValue([project, other]);
    const base = await fake.api.workbench(null);
    const tester = {
      name: "tester",
      description: "Writes tests",
      mode: "primary" as const,
      builtIn: false,
      color: null,
    };
    fake.api.workbench.mockImplementation(async (_id: string | null, projectId?: string) =>
      projectId === "prj_2" ? { ...base, agents: [...base.agents, tester] } : base,
    );
    render(<ChatApp />);
    await waitFor(() => expect(fake.api.workbench).toHaveBeenCalledWith(null, "prj_1"));
    expect(fake.api.models).toHaveBeenCalledWith("prj_1");
    expect(screen.queryByRole("option", { name: /tester/ })).toBeNull();
    fireEvent.change(screen.getByLabelText("Project"), { target: { value: "prj_2" } });
    await waitFor(() => expect(fake.api.workbench).toHaveBeenCalledWith(null, "prj_2"));
    expect(fake.api.models).toHaveBeenCalledWith("prj_2");
    expect(await screen.findByRole("option", { name: /tester/ })).toBeTruthy();
  });

  it("opens on the project and session the address names (the desktop tray's projects and notifications)", async () => {
    fake.api.projects.mockResolvedValue([project, other]);
    fake.api.sessions.mockImplementation(async (projectId?: string) =>
      projectId === "prj_2" ? [session("ses_9", "Waiting one", 3)] : [],
    );
    fake.api.messages.mockImplementation(async (id: string) => [textMessage("m1", id, "user", "deploy it")]);
    window.history.replaceState(null, "", "/chat?project=prj_2&session=ses_9");
    try {
      render(<ChatApp />);
      await waitFor(() => expect(fake.api.sessions).toHaveBeenCalledWith("prj_2"));
      expect(fake.api.sessions).not.toHaveBeenCalledWith("prj_1");
      await waitFor(() => expect(fake.api.messages).toHaveBeenCalledWith("ses_9"));
      expect(await screen.findByText("deploy it")).toBeTruthy();
      expect(screen.getByText(/\/srv\/other ü/)).toBeTruthy();
      // Remembered as this window's choice, so a load without it stays there.
      expect(sessionStorage.getItem("turnkey.project")).toBe("prj_2");
    } finally {
      window.history.replaceState(null, "", "/chat");
    }
  });

  it("switches in place when the open window's fragment names a session (a tray notification's click)", async () => {
    fake.api.projects.mockResolvedValue([project, other]);
    fake.api.sessions.mockImplementation(async (projectId?: string) =>
      projectId === "prj_2" ? [session("ses_9", "Waiting one", 3)] : [session("ses_1", "Here", 2)],
    );
    fake.api.messages.mockImplementation(async (id: string) => [textMessage(`m_${id}`, id, "user", `text of ${id}`)]);
    window.history.replaceState(null, "", "/chat?project=prj_1&session=ses_1");
    try {
      render(<ChatApp />);
      expect(await screen.findByText("text of ses_1")).toBeTruthy();
      const box = screen.getByLabelText("Message") as HTMLTextAreaElement;
      fireEvent.change(box, { target: { value: "half a thought" } });
      window.location.hash = "open=1&project=prj_2&session=ses_9";
      expect(await screen.findByText("text of ses_9")).toBeTruthy();
      expect(screen.getByText(/\/srv\/other ü/)).toBeTruthy();
      // The same document: what React holds is still there, and the address bar is clean again.
      expect(screen.getByLabelText("Message")).toBe(box);
      expect(window.location.hash).toBe("");
      // What is shown, so a reload of this document reopens it and not the first target.
      await waitFor(() => expect(window.location.search).toBe("?project=prj_2&session=ses_9"));
    } finally {
      window.history.replaceState(null, "", "/chat");
    }
  });

  it("a project named alone (a tray recent project) opens a new chat there, not the other project's chat", async () => {
    fake.api.projects.mockResolvedValue([project, other]);
    fake.api.sessions.mockImplementation(async (projectId?: string) =>
      projectId === "prj_2" ? [session("ses_9", "Other one", 3)] : [session("ses_1", "Here", 2)],
    );
    fake.api.messages.mockImplementation(async (id: string) => [textMessage(`m_${id}`, id, "user", `text of ${id}`)]);
    window.history.replaceState(null, "", "/chat?project=prj_1&session=ses_1");
    try {
      render(<ChatApp />);
      expect(await screen.findByText("text of ses_1")).toBeTruthy();
      window.location.hash = "open=1&project=prj_2";
      expect(await screen.findByText(/\/srv\/other ü/)).toBeTruthy();
      // Nothing of prj_1's conversation left, so the next prompt starts a chat in prj_2.
      await waitFor(() => expect(screen.queryByText("text of ses_1")).toBeNull());
      fireEvent.change(screen.getByLabelText("Message"), { target: { value: "hello" } });
      fireEvent.click(screen.getByRole("button", { name: "Send" }));
      expect(window.location.search).toBe("?project=prj_2");
      await waitFor(() => expect(fake.api.createSession).toHaveBeenCalledWith({ projectId: "prj_2" }));
      expect(fake.api.prompt).not.toHaveBeenCalledWith("ses_1", expect.anything());
    } finally {
      window.history.replaceState(null, "", "/chat");
    }
  });

  it("opens a session named without its project (waiting in an unlisted folder) under its own folder", async () => {
    fake.api.projects.mockResolvedValue([project, other]);
    fake.api.sessions.mockImplementation(async () => [session("ses_1", "Here", 2)]);
    fake.api.messages.mockImplementation(async (id: string) => [textMessage(`m_${id}`, id, "user", `text of ${id}`)]);
    fake.api.session.mockImplementation(async (id: string) =>
      id === "ses_x"
        ? { ...session(id, "Elsewhere", 3), directory: "/srv/unlisted", projectId: null }
        : { ...session(id, "Other", 3), projectId: "prj_2" },
    );
    window.history.replaceState(null, "", "/chat?project=prj_1&session=ses_1");
    try {
      render(<ChatApp />);
      expect(await screen.findByText("text of ses_1")).toBeTruthy();
      window.location.hash = "open=1&session=ses_x";
      expect(await screen.findByText("text of ses_x")).toBeTruthy();
      const info = () => document.querySelector(".project-info")?.textContent ?? "";
      await waitFor(() => expect(info()).toContain("/srv/unlisted"));
      expect(info()).toMatch(/not in your projects/);
      expect(info()).not.toContain("/home/zoë/project");
      const picker = screen.getByLabelText("Project") as HTMLSelectElement;
      expect(picker.selectedOptions[0]?.textContent).toBe("unlisted (not in your projects)");
      expect(fake.api.session).toHaveBeenCalledWith("ses_x");
      // A reload asks again rather than pairing the session with prj_1.
      expect(window.location.search).toBe("?session=ses_x");
      // A session of a listed project named alone opens under that project.
      window.location.hash = "open=2&session=ses_9";
      await waitFor(() => expect(info()).toContain("/srv/other ü"));
      await waitFor(() => expect(window.location.search).toBe("?project=prj_2&session=ses_9"));
    } finally {
      window.history.replaceState(null, "", "/chat");
    }
  });

  it("loads on a session the address names alone under its own folder, not the project this window showed", async () => {
    fake.api.projects.mockResolvedValue([project, other]);
    fake.api.session.mockResolvedValue({
      ...session("ses_x", "Elsewhere", 3),
      directory: "/srv/unlisted",
      projectId: null,
    });
    const todo: TodoItem = { content: "Unlisted folder's todo", status: "in_progress", priority: "high" };
    fake.api.todos.mockImplementation((async (id: string) => (id === "ses_x" ? [todo] : [])) as never);
    sessionStorage.setItem("turnkey.project", "prj_2");
    window.history.replaceState(null, "", "/chat?session=ses_x");
    try {
      render(<ChatApp />);
      await waitFor(() => expect(document.querySelector(".project-info")?.textContent).toContain("/srv/unlisted"));
      expect(screen.queryByText(/\/srv\/other ü/)).toBeNull();
      expect(window.location.search).toBe("?session=ses_x");
      // The session panel works on that chat (its todos), not on a new chat of the project shown before.
      expect(await screen.findByText("Unlisted folder's todo")).toBeTruthy();
      expect(fake.api.workbench).toHaveBeenLastCalledWith("ses_x", undefined);
    } finally {
      window.history.replaceState(null, "", "/chat");
    }
  });

  it("keeps a chat whose folder could not be read unpaired: the error, Retry, and its requests held back (review 4, L5)", async () => {
    fake.api.projects.mockResolvedValue([project, other]);
    fake.api.sessions.mockImplementation(async () => [session("ses_1", "Here", 2)]);
    fake.api.messages.mockImplementation(async (id: string) => [textMessage(`m_${id}`, id, "user", `text of ${id}`)]);
    fake.api.session.mockRejectedValueOnce(new Error("OpenCode did not answer within 2 min."));
    fake.api.session.mockResolvedValue({
      ...session("ses_x", "Elsewhere", 3),
      directory: "/srv/unlisted",
      projectId: null,
    });
    const permission = { id: "per_1", permission: "bash", patterns: ["rm -rf build"], toolCallID: "c2" };
    fake.api.waiting.mockResolvedValue({
      sessions: [
        {
          sessionID: "ses_x",
          projectId: null,
          pending: [{ kind: "permission", id: "per_1", sessionID: "ses_x", at: 1, permission }],
        },
      ],
    });
    window.history.replaceState(null, "", "/chat?project=prj_1&session=ses_1");
    try {
      render(<ChatApp />);
      expect(await screen.findByText("text of ses_1")).toBeTruthy();
      window.location.hash = "open=1&session=ses_x";
      expect(await screen.findByText("text of ses_x")).toBeTruthy();
      const info = () => document.querySelector(".project-info")?.textContent ?? "";
      await waitFor(() => expect(info()).toContain("OpenCode did not answer within 2 min."));
      expect(info()).not.toContain("/home/zoë/project");
      expect(screen.queryByText("rm -rf build")).toBeNull();
      fireEvent.click(screen.getByRole("button", { name: "Retry" }));
      await waitFor(() => expect(info()).toContain("/srv/unlisted"));
      expect(await screen.findByText("rm -rf build")).toBeTruthy();
    } finally {
      window.history.replaceState(null, "", "/chat");
    }
  });

  it("asks for a folder on a first run, and opens the one picked in the folder browser", async () => {
    fake.api.projects.mockResolvedValue([]);
    fake.api.folders.mockImplementation(async (path?: string) =>
      path === "/home/zoë/code"
        ? {
            path,
            parent: "/home/zoë",
            folders: [],
            roots: [{ name: "Home", path: "/home/zoë" }],
            note: "1 link did not answer.",
          }
        : {
            path: "/home/zoë",
            parent: "/home",
            folders: [{ name: "code", path: "/home/zoë/code" }],
            roots: [{ name: "Home", path: "/home/zoë" }],
          },
    );
    render(<ChatApp />);
    await screen.findByText("Choose the folder OpenCode should work in.");
    fireEvent.click(screen.getByRole("button", { name: "Open folder…" }));
    const dialog = await screen.findByRole("dialog", { name: "Open a project folder" });
    fireEvent.click(await within(dialog).findByRole("button", { name: "code" }));
    expect(await within(dialog).findByText("1 link did not answer.")).toBeTruthy();
    fireEvent.click(await within(dialog).findByRole("button", { name: "Open “code”" }));
    await waitFor(() => expect(fake.api.addProject).toHaveBeenCalledWith("/home/zoë/code"));
    await waitFor(() => expect(screen.queryByRole("dialog")).toBeNull());
    expect(screen.getByText(/\/home\/zoë\/code/)).toBeTruthy();
  });
});

describe("waiting for the user", () => {
  it("a prompt sent while a question waits says it is queued behind the question's reply", async () => {
    fake.api.sessions.mockResolvedValue([session("ses_1", "Paint the shed", 10)]);
    fake.api.messages.mockResolvedValue([
      textMessage("msg_1", "ses_1", "user", "which colour?"),
      { ...textMessage("msg_2", "ses_1", "assistant", "Let me ask."), completedAt: null },
    ]);
    fake.api.waiting.mockResolvedValue({
      sessions: [{ sessionID: "ses_1", projectId: "prj_1", pending: [question("que_1")] }],
    });
    render(<ChatApp />);
    fireEvent.click(await screen.findByRole("button", { name: /^Paint the shed/ }));
    await screen.findByRole("region", { name: "OpenCode is waiting for you" });
    await screen.findByText("Let me ask.");
    act(() => {
      fake.emit({ type: "session.status", sessionID: "ses_1", status: "busy", attempt: null, message: null });
      fake.emitPrompt("ses_1", "msg_3", "blue, please", 3);
    });
    const note = await screen.findByText(/^Queued:/);
    expect(note.closest("article")?.textContent).toContain("blue, please");
  });

  it("shows a question with a badge, answers it through the API, and clears when answered elsewhere", async () => {
    fake.api.sessions.mockResolvedValue([session("ses_1", "Paint the shed", 10)]);
    fake.api.waiting.mockResolvedValue({
      sessions: [{ sessionID: "ses_1", projectId: "prj_1", pending: [question("que_1")] }],
    });
    render(<ChatApp />);
    const nav = await screen.findByRole("navigation", { name: "Sessions" });
    await within(nav).findByText("waiting");
    fireEvent.click(within(nav).getByRole("button", { name: /^Paint the shed/ }));
    const card = await screen.findByRole("region", { name: "OpenCode is waiting for you" });
    const answer = within(card).getByRole("button", { name: "Answer" }) as HTMLButtonElement;
    expect(answer.disabled).toBe(true);
    fireEvent.click(within(card).getByLabelText(/Blue/));
    fireEvent.click(answer);
    await waitFor(() => expect(fake.api.replyQuestion).toHaveBeenCalledWith("ses_1", "que_1", [["Blue"]]));

    // Another window answered a second question: this one empties too.
    act(() => fake.emit({ type: "waiting", sessionID: "ses_1", pending: [question("que_2")] }));
    await screen.findByText("Which colour?");
    act(() => fake.emit({ type: "waiting", sessionID: "ses_1", pending: [] }));
    await waitFor(() => expect(screen.queryByRole("region", { name: "OpenCode is waiting for you" })).toBeNull());
    expect(within(nav).queryByText("waiting")).toBeNull();
  });

  it("shows a subagent's permission request on the chat that started it, and replies to the subagent (review 4, L4)", async () => {
    fake.api.sessions.mockResolvedValue([
      { ...session("ses_1", "Refactor", 10), children: ["ses_c"] },
      session("ses_2", "Other chat", 9),
    ]);
    const permission = { id: "per_1", permission: "bash", patterns: ["rm -rf build"], toolCallID: "c2" };
    fake.api.waiting.mockResolvedValue({
      sessions: [
        {
          sessionID: "ses_c",
          projectId: project.id,
          pending: [{ kind: "permission", id: "per_1", sessionID: "ses_c", at: 1, permission }],
        },
      ],
    });
    render(<ChatApp />);
    const nav = await screen.findByRole("navigation", { name: "Sessions" });
    const row = await within(nav).findByRole("button", { name: /^Refactor/ });
    await within(row).findByText("waiting");
    expect(within(within(nav).getByRole("button", { name: /^Other chat/ })).queryByText("waiting")).toBeNull();
    fireEvent.click(row);
    const card = await screen.findByRole("region", { name: "OpenCode is waiting for you" });
    within(card).getByText("A subagent of this chat asks:");
    within(card).getByText("rm -rf build");
    fireEvent.click(within(card).getByRole("button", { name: "Allow once" }));
    await waitFor(() => expect(fake.api.replyPermission).toHaveBeenCalledWith("ses_c", "per_1", "once"));
  });

  it("takes several picks and a typed answer for a multiple-choice question, or a dismissal", async () => {
    const onAnswer = vi.fn(async () => undefined);
    const onDismiss = vi.fn(async () => undefined);
    const base = question("que_9");
    if (base.kind !== "question") throw new Error("a question");
    const multi = {
      ...base.question,
      questions: [{ ...base.question.questions[0]!, multiple: true }],
    };
    render(<QuestionCard request={multi} onAnswer={onAnswer} onDismiss={onDismiss} />);
    fireEvent.click(screen.getByLabelText(/Red/));
    fireEvent.click(screen.getByLabelText(/Blue/));
    fireEvent.change(screen.getByLabelText("Or type your own answer"), { target: { value: "teal" } });
    fireEvent.click(screen.getByRole("button", { name: "Answer" }));
    await waitFor(() => expect(onAnswer).toHaveBeenCalledWith([["Red", "Blue", "teal"]]));
    cleanup();
    render(<QuestionCard request={multi} onAnswer={onAnswer} onDismiss={onDismiss} />);
    fireEvent.click(screen.getByRole("button", { name: "Dismiss" }));
    await waitFor(() => expect(onDismiss).toHaveBeenCalled());
  });
});

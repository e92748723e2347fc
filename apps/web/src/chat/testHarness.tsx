// A chat window under test: the backend's API and its event stream replaced by fakes the test
// drives (status changes, chat events, answers that resolve when the test says so).

import { act } from "@testing-library/react";
import type { ConnectionState } from "@turnkey/client";
import type {
  ActionsResponse,
  AgentInfo,
  AllowChoice,
  AllowLevel,
  AllowSetting,
  ChangesResponse,
  ChatEvent,
  ChatMessage,
  ChatSession,
  CustomizeResponse,
  FileContentResponse,
  FileTreeResponse,
  FoldersResponse,
  FolderTrust,
  GitStashesResponse,
  GitStatusResponse,
  GitWorkState,
  GoalsResponse,
  McpServersResponse,
  PendingRequest,
  Project,
  ProjectAllowEvent,
  ProjectAllowSetting,
  ProjectNotes,
  ProviderConnection,
  SchedulesResponse,
  SidecarState,
  SidecarStatus,
  TextSearchQuery,
  TextSearchResponse,
  TodoItem,
} from "@turnkey/contracts";
import { noFindings } from "@turnkey/contracts";
import { useReducer } from "react";
import { afterEach, vi } from "vitest";
import { type Conversation, conversationReducer } from "./conversation.ts";

export interface Deferred<T> {
  promise: Promise<T>;
  resolve: (value: T) => void;
  reject: (error: unknown) => void;
}
// React's warnings about list keys point at a real fault (siblings sharing a key can be dropped
// or duplicated on update: the share and MCP controls of the session panel once did), so a chat
// test in which React gives one fails.
const keyWarnings: string[] = [];
const consoleError = console.error;
console.error = (...args: unknown[]) => {
  const text = args.map(String).join(" ");
  if (/Encountered two children with the same key|Each child in a list should have a unique "key"/.test(text))
    keyWarnings.push(text);
  consoleError(...args);
};
afterEach(() => {
  const found = keyWarnings.splice(0);
  if (found.length > 0) throw new Error(`React warned about list keys ${found.length} times: ${found[0]}`);
});

export function deferred<T>(): Deferred<T> {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

export function session(id: string, title: string, updatedAt: number): ChatSession {
  return {
    id,
    title,
    key: null,
    createdAt: updatedAt - 1000,
    updatedAt,
    directory: "/home/zoë/project",
    projectId: null,
  };
}

/** A chat's allow setting as the backend answers it: its choice, and the project's level it follows. */
export function allowAnswer(
  choice: AllowChoice,
  projectLevel: AllowLevel,
  allowed: AllowSetting["allowed"] = [],
): AllowSetting {
  return { level: choice === "project" ? projectLevel : choice, choice, projectLevel, allowed };
}

export const project: Project = {
  id: "prj_1",
  path: "/home/zoë/project",
  name: "project",
  addedAt: 1,
  openedAt: 2,
  exists: true,
  branch: "main",
  busySessions: [],
  waitingSessions: [],
};

/** A project folder without OpenCode config of its own: no trust card. */
export const noConfig = (projectId: string): FolderTrust => ({
  projectId,
  path: project.path,
  hasConfig: false,
  trusted: false,
  findings: noFindings(),
  digest: "0".repeat(64),
});

/** A conversation after `events`, as the window's reducer makes it. */
export const applyEvents = (state: Conversation, ...events: ChatEvent[]): Conversation =>
  events.reduce((s, event) => conversationReducer(s, { type: "event", event }), state);

export function textMessage(id: string, sessionID: string, role: "user" | "assistant", text: string): ChatMessage {
  return {
    id,
    sessionID,
    role,
    createdAt: 1,
    completedAt: 2,
    model: null,
    error: null,
    text,
    parts: [{ type: "text", id: `${id}_p`, text }],
  };
}

export function status(state: SidecarState, pid: number | null = state === "running" ? 4242 : null): SidecarStatus {
  return { state, pid } as SidecarStatus;
}

/** The fakes behind `../shared/api.ts` and `../shared/useBackendEvents.ts`. */
export const fake = {
  status: status("running") as SidecarStatus | null,
  /** Times the window's event stream opened again after a break (useBackendEvents' count). */
  reconnects: 0,
  /** The window's event stream: "reconnecting" while it has lost the backend. */
  connection: "open" as ConnectionState,
  onChat: null as ((event: ChatEvent) => void) | null,
  /** The window's handler of `projectAllow` events (another window set a project's level). */
  onProjectAllow: null as ((event: ProjectAllowEvent) => void) | null,
  rerender: null as (() => void) | null,
  api: {
    sessions: vi.fn(async (): Promise<ChatSession[]> => []),
    models: vi.fn(async (_projectId?: string) => ({
      providers: [{ id: "stub", name: "Stub", models: [{ id: "echo", name: "Echo" }] }],
      default: { providerID: "stub", modelID: "echo" } as { providerID: string; modelID: string } | null,
      configured: true,
    })),
    providers: vi.fn(async () => ({
      providers: [{ id: "stub", name: "Stub", connected: true, env: [] }],
      connected: ["stub"],
    })),
    messages: vi.fn(async (_id: string): Promise<ChatMessage[]> => []),
    replying: vi.fn(async (): Promise<string[]> => []),
    session: vi.fn(
      async (id: string): Promise<ChatSession> => ({ ...session(id, "A chat", 1), projectId: project.id }),
    ),
    createSession: vi.fn(async () => ({ session: session("ses_new", "New session", 5), created: true })),
    send: vi.fn(async (id: string, _text: string, _model?: unknown) => ({ accepted: true as const, sessionID: id })),
    abort: vi.fn(async () => ({ aborted: true as const })),
    compact: vi.fn(async (id: string, _model: unknown) => ({ accepted: true as const, sessionID: id })),
    revert: vi.fn(
      async (id: string, messageID: string): Promise<ChatSession> => ({
        ...session(id, "Reverted", 11),
        revert: { messageID, partID: null },
      }),
    ),
    fork: vi.fn(async (_id: string, _messageID?: string) => session("ses_branch", "Branched (fork #1)", 12)),
    renameSession: vi.fn(async (id: string, title: string) => ({ session: session(id, title, 9) })),
    deleteSession: vi.fn(async () => ({ deleted: true as const })),
    replyPermission: vi.fn(async () => ({ ok: true as const })),
    allowSetting: vi.fn(async (_id: string): Promise<AllowSetting> => allowAnswer("project", "ask")),
    setAllow: vi.fn(async (_id: string, choice: AllowChoice): Promise<AllowSetting> => allowAnswer(choice, "ask")),
    projectAllow: vi.fn(async (_id: string): Promise<ProjectAllowSetting> => ({ level: "ask" })),
    setProjectAllow: vi.fn(async (_id: string, level: AllowLevel): Promise<ProjectAllowSetting> => ({ level })),
    start: vi.fn(async () => status("running")),
    setProviderKey: vi.fn(),
    providerConnections: vi.fn(async () => ({ providers: [] as ProviderConnection[] })),
    disconnectProvider: vi.fn(),
    startSignIn: vi.fn(),
    signInState: vi.fn(),
    sendSignInCode: vi.fn(),
    cancelSignIn: vi.fn(),
    // The workbench (agents, models, todos, changes, undo, files, commands); a prompt lands in
    // `send` so tests of sending read one mock whatever the composer adds to the text.
    workbench: vi.fn(async (_id: string | null, _projectId?: string) => ({
      agents: [{ name: "build", description: null, mode: "primary", builtIn: true, color: null }] as AgentInfo[],
      providers: [
        {
          id: "stub",
          name: "Stub",
          models: [{ id: "echo", name: "Echo", variants: [], contextLimit: null, images: false, cost: null }],
        },
      ],
      default: { providerID: "stub", modelID: "echo" },
      commands: [],
      preferences: { agent: null, model: null, variant: null },
    })),
    todos: vi.fn(async (_id: string): Promise<TodoItem[]> => []),
    changes: vi.fn(async (_id: string): Promise<ChangesResponse> => ({ messages: [], session: [] })),
    setPreferences: vi.fn(async (_id: string, _change: unknown) => ({ agent: null, model: null, variant: null })),
    findFiles: vi.fn(async (_id: string, _q: string, _limit?: number, _signal?: AbortSignal) => [] as string[]),
    // No desktop in these tests: the Files tab shows no "Open in" (openWith.test.tsx tests it).
    openWithApps: vi.fn(async () => ({ apps: [], preferred: null, unavailable: "No desktop in this test." })),
    openWith: vi.fn(async (_id: string, _request: unknown) => ({ message: "" })),
    searchText: vi.fn(
      async (_id: string, _query: TextSearchQuery, _signal?: AbortSignal): Promise<TextSearchResponse> => ({
        matches: [],
        cut: null,
        unreadable: null,
      }),
    ),
    // A project without MCP servers (the session panel then shows none).
    mcpServers: vi.fn(
      async (_id: string): Promise<McpServersResponse> => ({ servers: [], files: { project: null, global: "" } }),
    ),
    // No agents, commands or skills of the user's own.
    customizations: vi.fn(
      async (_id: string): Promise<CustomizeResponse> => ({
        agents: [],
        commands: [],
        skills: [],
        otherSkills: [],
        folders: { project: null, global: "" },
        inConfig: [],
        opencodeProblem: null,
      }),
    ),
    // No scheduled tasks.
    schedules: vi.fn(async (): Promise<SchedulesResponse> => ({ tasks: [], fileProblem: null })),
    goals: vi.fn(async (): Promise<GoalsResponse> => ({ goals: [] })),
    // A project with no notes and no todos.
    notes: vi.fn(
      async (_id: string): Promise<ProjectNotes> => ({
        folder: "/p",
        notes: "",
        notesRevision: 0,
        todos: [],
        problem: null,
      }),
    ),
    // No project actions, nothing suggested.
    actions: vi.fn(
      async (_id: string): Promise<ActionsResponse> => ({ actions: [], suggestions: [], suggestionsProblem: null }),
    ),
    // The Files tab: an empty project, nothing changed.
    tree: vi.fn(async (_id: string, path = ""): Promise<FileTreeResponse> => ({ path, entries: [] })),
    readFile: vi.fn(
      async (_id: string, path: string): Promise<FileContentResponse> => ({ path, kind: "text", content: "", size: 0 }),
    ),
    gitStatus: vi.fn(async (_id: string): Promise<GitStatusResponse> => ({ files: [] })),
    gitState: vi.fn(
      async (_id: string): Promise<GitWorkState> => ({
        branch: "main",
        head: null,
        upstream: null,
        ahead: 0,
        behind: 0,
        branches: ["main"],
        remotes: [],
        files: [],
      }),
    ),
    // No stashes yet (the git work's Stashes section).
    gitStashes: vi.fn(async (_id: string): Promise<GitStashesResponse> => ({ stashes: [] })),
    // Who commits (the commit form's line).
    gitIdentity: vi.fn(async (_id: string) => ({ name: "Zoë", email: "zoe@example.com", from: "user" as const })),
    // Projects and what the agent waits on: one project, nothing waiting.
    projects: vi.fn(async (): Promise<Project[]> => [project]),
    addProject: vi.fn(async (path: string) => ({ project: { ...project, path }, created: true })),
    removeProject: vi.fn(async () => ({ deleted: true as const })),
    folderTrust: vi.fn(async (projectId: string): Promise<FolderTrust> => noConfig(projectId)),
    trustFolder: vi.fn(async (projectId: string): Promise<FolderTrust> => ({ ...noConfig(projectId), trusted: true })),
    forgetFolderTrust: vi.fn(async (projectId: string): Promise<FolderTrust> => noConfig(projectId)),
    folders: vi.fn(
      async (path?: string): Promise<FoldersResponse> => ({
        path: path ?? "/home/zoë",
        parent: null,
        folders: [],
        roots: [],
      }),
    ),
    waiting: vi.fn(async () => ({
      sessions: [] as { sessionID: string; projectId: string | null; pending: PendingRequest[] }[],
    })),
    replyQuestion: vi.fn(async () => ({ ok: true as const })),
    rejectQuestion: vi.fn(async () => ({ ok: true as const })),
    shell: vi.fn(async (id: string, _request: unknown) => ({ accepted: true as const, sessionID: id })),
    prompt: vi.fn(async (id: string, request: { text: string; model?: unknown }) =>
      fake.api.send(id, request.text, request.model),
    ),
  },
  reset() {
    fake.status = status("running");
    fake.reconnects = 0;
    fake.connection = "open";
    fake.onChat = null;
    fake.onProjectAllow = null;
    for (const fn of Object.values(fake.api)) fn.mockClear();
    localStorage.clear();
    sessionStorage.clear();
    // The window writes what it shows into the address; each test starts from a bare one.
    window.history.replaceState(null, "", "/chat");
  },
  emit(event: ChatEvent) {
    fake.onChat?.(event);
  },
  /** A prompt of the user's arriving as opencode tells it: the message, then its text part. */
  emitPrompt(sessionID: string, id: string, text: string, at = 1) {
    fake.emit({
      type: "message.updated",
      sessionID,
      message: { id, sessionID, role: "user", createdAt: at, completedAt: at, model: null, error: null },
    });
    fake.emit({ type: "part.updated", sessionID, messageID: id, part: { type: "text", id: `${id}_p`, text } });
  },
};

/**
 * What `../shared/api.ts` and `../shared/useBackendEvents.ts` become in a test of the whole window:
 * `vi.mock("../shared/api.ts", async () => (await import("./testHarness.tsx")).apiModule());`
 */
export const apiModule = () => ({
  api: fake.api,
  errorMessage: (e: unknown) => (e instanceof Error ? e.message : "Something went wrong."),
});
export const backendEventsModule = () => ({
  useBackendEvents: (handlers: {
    onChat?: (e: ChatEvent) => void;
    onProjectAllow?: (e: ProjectAllowEvent) => void;
  }) => {
    const [, force] = useReducer((n: number) => n + 1, 0);
    fake.rerender = force;
    fake.onChat = handlers.onChat ?? null;
    fake.onProjectAllow = handlers.onProjectAllow ?? null;
    return { status: fake.status, connection: fake.connection, reconnects: fake.reconnects };
  },
  useNow: () => Date.UTC(2026, 10, 21, 12, 0),
});

/** The window's event stream to the backend broke and opened again (events of the gap lost). */
export const reconnect = () =>
  act(() => {
    fake.connection = "open";
    fake.reconnects++;
    fake.rerender?.();
  });

/** The window's event stream to the backend broke (the window shows "Reconnecting…"). */
export const disconnect = () =>
  act(() => {
    fake.connection = "reconnecting";
    fake.rerender?.();
  });

/** OpenCode changes state under the window. */
export const setStatus = (next: SidecarStatus) =>
  act(() => {
    fake.status = next;
    fake.rerender?.();
  });

/** happy-dom has no layout: give the scroll area the metrics of a real one. */
export function fakeScroller(el: HTMLElement, metrics: { scrollHeight: number; clientHeight: number }) {
  let top = 0;
  Object.defineProperty(el, "scrollHeight", { configurable: true, get: () => metrics.scrollHeight });
  Object.defineProperty(el, "clientHeight", { configurable: true, get: () => metrics.clientHeight });
  Object.defineProperty(el, "scrollTop", {
    configurable: true,
    get: () => top,
    set: (v: number) => {
      top = Math.max(0, Math.min(v, metrics.scrollHeight - metrics.clientHeight));
    },
  });
  return metrics;
}

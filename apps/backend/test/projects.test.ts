// Projects and questions with the real opencode and the stub provider: one sidecar serving two
// folders at once (a bash tool's `pwd` answers each session's own folder), events that stay in
// their project, history across a sidecar restart, keyed sessions per project, a folder deleted
// while open, a symlinked folder, and opencode's `question` tool answered through the API; the
// sidecar's pid and generation stay the same through work in both projects; opencode's pending
// lists read when a stream opens.
import { mkdirSync, rmSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { TurnkeyApiError, type TurnkeyClient } from "@turnkey/client";
import type { ChatEvent, Project } from "@turnkey/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ChatRelay } from "../src/chat/relay.ts";
import type { Backend } from "../src/startBackend.ts";
import { collectEvents, isIdle } from "./eventCollector.ts";
import { type RealBackend, startRealBackend } from "./realBackend.ts";
import type { StubProvider } from "./stubProvider.ts";

// On Windows opencode's bash tool runs Git Bash when git is installed, else PowerShell or cmd
// (opencode's shell.ts); Git Bash's `pwd` prints an MSYS path (/d/a/…), node the Windows one in any.
const askPwd = `[tool:bash ${process.platform === "win32" ? 'node -e "console.log(process.cwd())"' : "pwd"}]`;

let setup: RealBackend;
let stub: StubProvider;
let root: string;
let backend: Backend;
let client: TurnkeyClient;
let alpha: Project;
let beta: Project;

const finalText = async (sessionID: string) => (await client.messages(sessionID)).at(-1)?.text;

beforeAll(async () => {
  const folders = (root: string) => ({ alpha: join(root, "my projekt ünïcode"), beta: join(root, "beta") });
  setup = await startRealBackend({
    name: "projects",
    opencodeConfig: { permission: { bash: "allow" } },
    prepare: (root) => {
      const { alpha, beta } = folders(root);
      mkdirSync(alpha);
      mkdirSync(beta);
      return { workdir: alpha, projects: [beta] };
    },
    backend: { uiDir: null },
  });
  ({ stub, root, backend, client } = setup);
  expect((await client.start()).state).toBe("running");
  const projects = await client.projects();
  // --workdir is the first project, --project folders follow.
  expect(projects.map((p) => p.path)).toEqual([folders(root).alpha, folders(root).beta]);
  [alpha, beta] = projects as [Project, Project];
});

afterAll(() => setup?.close());

describe("projects", () => {
  it("runs each session's tools in its own project's folder, and keeps each project's events to itself", async () => {
    const sidecar = { pid: (await client.status()).pid, generation: backend.supervisor.connection()?.generation };
    const [a, b] = await Promise.all([
      client.createSession({ projectId: alpha.id }),
      client.createSession({ projectId: beta.id }),
    ]);
    expect(a.session).toMatchObject({ directory: alpha.path, projectId: alpha.id });
    expect(b.session).toMatchObject({ directory: beta.path, projectId: beta.id });
    const [onlyAlpha, onlyBeta] = await Promise.all([
      collectEvents(backend, undefined, [alpha.id]),
      collectEvents(backend, undefined, [beta.id]),
    ]);
    try {
      await Promise.all([client.send(a.session.id, askPwd), client.send(b.session.id, askPwd)]);
      await Promise.all([
        onlyAlpha.until(isIdle(a.session.id), "alpha's reply"),
        onlyBeta.until(isIdle(b.session.id), "beta's reply"),
      ]);
      expect(await finalText(a.session.id)).toBe(`Tool said: ${alpha.path}`);
      expect(await finalText(b.session.id)).toBe(`Tool said: ${beta.path}`);
      expect(onlyAlpha.chat().length).toBeGreaterThan(3);
      expect(onlyAlpha.chat().every((e) => e.sessionID === a.session.id)).toBe(true);
      expect(onlyBeta.chat().every((e) => e.sessionID === b.session.id)).toBe(true);
      // A project switch never restarts OpenCode: the same process and generation served both.
      expect(onlyAlpha.events.filter((e) => e.event === "status" && e.data.pid !== sidecar.pid)).toEqual([]);
    } finally {
      onlyAlpha.close();
      onlyBeta.close();
    }
    // Each project lists its own sessions only.
    expect((await client.sessions(alpha.id)).map((s) => s.id)).toContain(a.session.id);
    expect((await client.sessions(alpha.id)).map((s) => s.id)).not.toContain(b.session.id);
    expect((await client.sessions(beta.id)).map((s) => s.id)).toEqual([b.session.id]);
    const after = await client.status();
    expect({ pid: after.pid, generation: backend.supervisor.connection()?.generation }).toEqual(sidecar);
  }, 120_000);

  it("keeps the history of both projects across a sidecar restart, each still working in its folder", async () => {
    const [a, b] = await Promise.all([
      client.createSession({ projectId: alpha.id }),
      client.createSession({ projectId: beta.id }),
    ]);
    await client.sendAndWait(a.session.id, askPwd);
    await client.sendAndWait(b.session.id, askPwd);
    const pid = (await client.status()).pid;
    const restarted = await client.restart();
    expect(restarted).toMatchObject({ state: "running" });
    expect(restarted.pid).not.toBe(pid);
    expect((await client.messages(a.session.id)).map((m) => m.text)).toContain(`Tool said: ${alpha.path}`);
    expect((await client.messages(b.session.id)).map((m) => m.text)).toContain(`Tool said: ${beta.path}`);
    const again = await client.sendAndWait(b.session.id, askPwd);
    expect(again.text).toBe(`Tool said: ${beta.path}`);
  }, 120_000);

  it("keys sessions per project", async () => {
    const [a1, b1] = [
      await client.createSession({ projectId: alpha.id, key: "same-key" }),
      await client.createSession({ projectId: beta.id, key: "same-key" }),
    ];
    expect(a1.session.id).not.toBe(b1.session.id);
    // Folders outside git: OpenCode takes no snapshots there, so an undo cannot put files back.
    expect(a1.session.filesTracked).toBe(false);
    expect((await client.sessions()).find((s) => s.id === b1.session.id)?.filesTracked).toBe(false);
    const a2 = await client.createSession({ projectId: alpha.id, key: "same-key" });
    expect(a2).toMatchObject({ created: false, session: { id: a1.session.id } });
  });

  it("adds a folder given with a session, and names a symlinked folder by its real path", async () => {
    const real = join(root, "real target");
    mkdirSync(real);
    const link = join(root, "a link");
    symlinkSync(real, link, "junction"); // Windows: a folder link that needs no privilege

    const { session } = await client.createSession({ directory: link });
    expect(session.directory).toBe(real);
    const listed = (await client.projects())[0];
    expect(listed).toMatchObject({ path: real, name: "real target" });
    expect(session.projectId).toBe(listed?.id);
    expect((await client.sendAndWait(session.id, askPwd)).text).toBe(`Tool said: ${real}`);
  });

  it("keeps the history of a folder deleted while open readable, and says why it cannot work there", async () => {
    const doomed = join(root, "doomed");
    mkdirSync(doomed);
    const { project } = await client.addProject(doomed);
    const { session } = await client.createSession({ projectId: project.id });
    await client.sendAndWait(session.id, "before the delete");
    rmSync(doomed, { recursive: true });
    expect((await client.messages(session.id)).map((m) => m.text)).toEqual([
      "before the delete",
      "Echo: before the delete",
    ]);
    const refused = await client.send(session.id, "after the delete").catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(TurnkeyApiError);
    expect((refused as TurnkeyApiError).httpStatus).toBe(400);
    expect((refused as TurnkeyApiError).message).toContain("no longer exists");
    expect((await client.projects()).find((p) => p.id === project.id)?.exists).toBe(false);
    expect((await client.messages(session.id)).length).toBe(2); // nothing was sent
    // The workbench's file-changing actions are refused the same way, never sent to another folder.
    const [asked] = await client.messages(session.id);
    for (const act of [
      () => client.revert(session.id, asked!.id),
      () => client.unrevert(session.id),
      () => client.findFiles(session.id, "x"),
      () => client.runCommand(session.id, { command: "init" }),
    ]) {
      const error = await act().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(TurnkeyApiError);
      expect((error as TurnkeyApiError).message).toContain("no longer exists");
    }
    expect((await client.changes(session.id)).messages).toEqual([]); // reading still works
  });
});

describe("questions", () => {
  const asked = (events: ChatEvent[]) =>
    events.find((e): e is Extract<ChatEvent, { type: "question.asked" }> => e.type === "question.asked");

  it("shows the question as an event, and the API's answer resumes the reply and reaches the model", async () => {
    const { session } = await client.createSession({ projectId: beta.id });
    const events = await collectEvents(backend, [session.id]);
    try {
      await client.send(session.id, "ask me [question:Which colour?|Red|Blue]");
      await events.until(
        (all) => all.some((e) => e.event === "chat" && e.data.type === "question.asked"),
        "a question",
      );
      const question = asked(events.chat());
      expect(question?.question.questions).toEqual([
        {
          question: "Which colour?",
          header: "Which colour?",
          options: [
            { label: "Red", description: "Pick Red" },
            { label: "Blue", description: "Pick Blue" },
          ],
          multiple: false,
          custom: true,
        },
      ]);
      // One waiting list: the question is in it, for every window and in the project summary.
      await events.until(
        (all) => all.some((e) => e.event === "chat" && e.data.type === "waiting" && e.data.pending.length === 1),
        "the session to wait",
      );
      expect((await client.waiting()).sessions).toContainEqual(
        expect.objectContaining({ sessionID: session.id, projectId: beta.id }),
      );
      expect((await client.projects()).find((p) => p.id === beta.id)?.waitingSessions).toEqual([session.id]);

      const before = stub.requests.length;
      await client.replyQuestion(session.id, question?.question.id ?? "", [["Blue"]]);
      await events.until(isIdle(session.id), "the reply to finish");
      expect(events.chat()).toContainEqual(
        expect.objectContaining({ type: "question.replied", requestID: question?.question.id, answers: [["Blue"]] }),
      );
      expect(events.chat()).toContainEqual({ type: "waiting", sessionID: session.id, pending: [] });
      // What the model received after the answer: the tool result carries "Blue".
      const toolResult = stub.requests
        .slice(before)
        .flatMap((r) => r.messages)
        .find((m) => m.role === "tool");
      expect(JSON.stringify(toolResult?.content)).toContain("Blue");
      expect(await finalText(session.id)).toContain("Blue");
      expect((await client.waiting()).sessions).toEqual([]);
    } finally {
      events.close();
    }
  });

  it("reads what opencode waits on when an event stream opens, so a question its stream never saw still shows", async () => {
    const { session } = await client.createSession({ projectId: beta.id });
    const events = await collectEvents(backend, [session.id]);
    // A second relay on the same sidecar stands in for the backend's own after a reconnect: its
    // stream opens after the question was asked, so only opencode's list can tell it.
    let late: ChatRelay | null = null;
    try {
      await client.send(session.id, "[question:Deploy now?|Yes|No]");
      await events.until(
        (all) => all.some((e) => e.event === "chat" && e.data.type === "question.asked"),
        "a question",
      );
      const question = asked(events.chat());
      const relay = new ChatRelay(backend.supervisor, { folders: () => [beta.path] });
      late = relay;
      await new Promise<void>((resolve) => {
        relay.onEvent((event) => event.type === "waiting" && event.sessionID === session.id && resolve());
      });
      expect(relay.waiting.pending(session.id)).toEqual([
        expect.objectContaining({ kind: "question", question: question?.question }),
      ]);
      expect(relay.waitingIn(beta.path)).toEqual([session.id]);
      await client.replyQuestion(session.id, question?.question.id ?? "", [["No"]]);
      await events.until(isIdle(session.id), "the reply to finish");
    } finally {
      late?.close();
      events.close();
    }
  });

  it("names a session that starts waiting in a folder that is no listed project in the next `projects` event, and again when it stops", async () => {
    const gammaDir = join(root, "gamma");
    mkdirSync(gammaDir);
    const { project: gamma } = await client.addProject(gammaDir);
    const { session } = await client.createSession({ projectId: gamma.id });
    // The folder leaves the list before anything waits there: no listed project holds the session.
    await client.removeProject(gamma.id);
    const events = await collectEvents(backend, [session.id]);
    const projectsAfter = (index: number) =>
      events.events.slice(index).flatMap((e) => (e.event === "projects" ? [e.data] : []));
    const askedAt = () => events.events.findIndex((e) => e.event === "chat" && e.data.type === "question.asked");
    try {
      expect((await client.projects()).map((p) => p.id)).not.toContain(gamma.id);
      await client.send(session.id, "[question:Ship it?|Yes|No]");
      await events.until(() => askedAt() !== -1, "a question");
      // The tray learns of it at once: the first `projects` event after the question names it.
      await events.until(() => projectsAfter(askedAt()).length > 0, "a projects event after the question");
      const first = projectsAfter(askedAt())[0]!;
      expect(first.waitingSessions).toContain(session.id);
      expect(first.projects.map((p) => p.id)).not.toContain(gamma.id);
      expect(first.projects.flatMap((p) => p.waitingSessions)).not.toContain(session.id);
      const [waiting] = (await client.waiting()).sessions.filter((s) => s.sessionID === session.id);
      expect(waiting?.projectId).toBeNull();
      // …and its request, so a second one in the same session is told too.
      expect(first.waitingRequests).toContain(waiting?.pending[0]?.id);
      // The chat window reads it by id to show it under its own folder.
      expect(await client.session(session.id)).toMatchObject({
        id: session.id,
        directory: gamma.path,
        projectId: null,
      });
      // Answered: an event comes without the session.
      const seen = events.events.length;
      await client.replyQuestion(session.id, waiting!.pending[0]!.id, [["No"]]);
      await events.until(
        () => projectsAfter(seen).some((p) => !p.waitingSessions.includes(session.id)),
        "an event without the session",
      );
      await events.until(isIdle(session.id), "the reply to finish");
    } finally {
      events.close();
    }
  });

  it("dismisses a question through the API, and the waiting list clears", async () => {
    const { session } = await client.createSession({ projectId: alpha.id });
    const events = await collectEvents(backend, [session.id]);
    try {
      await client.send(session.id, "[question*:Pick any|One|Two|Three]");
      await events.until(
        (all) => all.some((e) => e.event === "chat" && e.data.type === "question.asked"),
        "a question",
      );
      const question = asked(events.chat());
      expect(question?.question.questions[0]?.multiple).toBe(true);
      await client.rejectQuestion(session.id, question?.question.id ?? "");
      await events.until(isIdle(session.id), "the reply to end");
      expect(events.chat()).toContainEqual(
        expect.objectContaining({ type: "question.rejected", requestID: question?.question.id }),
      );
      expect(events.chat().at(-1)).toBeDefined();
      expect((await client.waiting()).sessions).toEqual([]);
    } finally {
      events.close();
    }
  });
});

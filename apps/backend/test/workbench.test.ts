// The session workbench through the backend with the real opencode and the stub provider, in a
// git project (opencode's snapshots, hence diffs and undo, need git): agents and models, the
// remembered choice, a file edit with its diff, undo and redo on disk, todos, attachments,
// commands, usage, branching (fork) and compaction. @ mentions: workbenchMentions.test.ts.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { TurnkeyClient } from "@turnkey/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Backend } from "../src/startBackend.ts";
import { collectEvents, isIdle } from "./eventCollector.ts";
import { bearer, jsonPost, raw } from "./harness.ts";
import type { StubProvider } from "./stubProvider.ts";
import { startWorkbenchBackend, type WorkbenchBackend } from "./workbenchBackend.ts";

let stub: StubProvider;
let root: string;
let project: string;
let backend: Backend;
let client: TurnkeyClient;

const notes = () => readFileSync(join(project, "notes.txt"), "utf8");
const editCall = (from: string, to: string) =>
  `<<call:edit ${JSON.stringify({ filePath: "notes.txt", oldString: from, newString: to })}>>`;
/** A 1×1 PNG. */
const dotPng =
  "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==";

let setup: WorkbenchBackend;
beforeAll(async () => {
  setup = await startWorkbenchBackend("workbench");
  ({ stub, root, project, backend, client } = setup);
});
afterAll(() => setup?.close());

describe("workbench", () => {
  it("lists the pickable agents (build, plan, the user's own), models with limits, and commands", async () => {
    const { session } = await client.createSession();
    const bench = await client.workbench(session.id);
    const agents = bench.agents.map((a) => a.name);
    expect(agents).toEqual(expect.arrayContaining(["build", "plan", "reviewer"]));
    expect(agents).not.toContain("title"); // opencode's hidden helpers are not offered
    expect(agents).not.toContain("explore"); // nor subagents
    expect(bench.agents.find((a) => a.name === "reviewer")).toMatchObject({
      builtIn: false,
      description: "Reviews code",
    });
    const stubModel = bench.providers.find((p) => p.id === "stub")?.models[0];
    expect(stubModel).toMatchObject({ id: "stub-model", contextLimit: 100_000, images: true, variants: [] });
    expect(bench.default).toEqual({ providerID: "stub", modelID: "stub-model" });
    expect(bench.commands).toContainEqual({ name: "hello", description: "Greets someone", source: "command" });
    expect(bench.preferences).toEqual({ agent: null, model: null, variant: null });
    // Before any session exists (a new chat), the same lists for the default project.
    expect((await client.workbench(null)).agents).toEqual(bench.agents);
  });

  it("lists a not-yet-started chat's agents and models from its own project's folder", async () => {
    const other = join(root, "other project");
    mkdirSync(join(other, ".opencode", "agent"), { recursive: true });
    writeFileSync(
      join(other, ".opencode", "agent", "tester.md"),
      "---\ndescription: Writes tests\nmode: primary\n---\nYou write tests.\n",
    );
    writeFileSync(
      join(other, "opencode.json"),
      JSON.stringify({ provider: { stub: { models: { "project-model": { name: "Project Model" } } } } }),
    );
    const { project: added } = await client.addProject(other);
    await client.trustFolder(added.id, (await client.folderTrust(added.id)).digest); // its own config: OpenCode loads it once trusted (trust/folderTrust.ts)
    await client.addProject(project); // the first project stays the one new sessions go to
    const agents = (await client.workbench(null, added.id)).agents;
    expect(agents.find((a) => a.name === "tester")).toMatchObject({ builtIn: false, description: "Writes tests" });
    expect(agents.map((a) => a.name)).toEqual(expect.arrayContaining(["build", "plan"]));
    const models = (await client.models(added.id)).providers.find((p) => p.id === "stub")?.models.map((m) => m.id);
    expect(models).toEqual(expect.arrayContaining(["stub-model", "project-model"]));
    // The first project knows neither.
    const first = (await client.projects()).find((p) => p.path !== added.path)!;
    expect((await client.workbench(null, first.id)).agents.map((a) => a.name)).not.toContain("tester");
    expect((await client.models(first.id)).providers.flatMap((p) => p.models.map((m) => m.id))).not.toContain(
      "project-model",
    );
    // An unknown or malformed project is refused with a sentence, not silently the default.
    expect((await raw(backend, { path: "/api/workbench?project=prj_unknown", headers: bearer(backend) })).status).toBe(
      404,
    );
    expect((await raw(backend, { path: "/api/models?project=..%2F", headers: bearer(backend) })).status).toBe(400);
    // Without a project, a new chat's lists are those of the project used last, not opencode's
    // default instance (the first project's folder here).
    await client.addProject(other);
    expect((await client.workbench(null)).agents.map((a) => a.name)).toContain("tester");
    await client.addProject(project);
    expect((await client.workbench(null)).agents.map((a) => a.name)).not.toContain("tester");
  });

  it("remembers a session's agent and model in opencode, keeping its key", async () => {
    const { session } = await client.createSession({ key: "prefs-1" });
    const model = { providerID: "stub", modelID: "stub-model" };
    await client.setPreferences(session.id, { agent: "plan", model, variant: "high" });
    expect(await client.setPreferences(session.id, { model })).toEqual({ agent: "plan", model, variant: null });
    expect((await client.workbench(session.id)).preferences).toEqual({ agent: "plan", model, variant: null });
    // Still found by its key: the metadata was merged, not replaced.
    expect((await client.createSession({ key: "prefs-1" })).session.id).toBe(session.id);
    const bad = await raw(backend, {
      method: "PUT",
      path: `/api/sessions/${session.id}/preferences`,
      body: '{"agent":""}',
      headers: { ...bearer(backend), "content-type": "application/json" },
    });
    expect(bad.status).toBe(400);
  });

  it("sends a prompt to the chosen agent, with tokens and cost on the reply", async () => {
    const { session } = await client.createSession();
    const reply = await client.promptAndWait(session.id, { text: "think first", agent: "plan" });
    expect(reply.agent).toBe("plan");
    // opencode tells the model it is in plan mode; the stub echoes what it was sent.
    expect(reply.text).toMatch(/^Echo: think first[\s\S]*Plan mode ACTIVE/);
    expect(reply.usage).toMatchObject({ input: 10, output: 10 });
    expect(reply.usage?.cost).toBeGreaterThan(0);
  });

  it("shows a file edit as a diff, undoes it on disk and redoes it", async () => {
    const { session } = await client.createSession();
    // A git repository: OpenCode snapshots its files, so the windows promise an undo puts them back.
    expect(session.filesTracked).toBe(true);
    const events = await collectEvents(backend, [session.id]);
    try {
      await client.promptAndWait(session.id, { text: `capitalise ${editCall("beta", "BETA")}` });
      expect(notes()).toBe("alpha\nBETA\ngamma\n");
      const history = await client.messages(session.id);
      const edit = history.flatMap((m) => m.parts).find((p) => p.type === "tool" && p.tool === "edit");
      if (edit?.type !== "tool") throw new Error("no edit tool call");
      expect(edit.state.diff).toMatchObject({ additions: 1, deletions: 1, patch: expect.stringContaining("+BETA") });

      const asked = history.find((m) => m.role === "user")!;
      // opencode works out a prompt's changes after the turn (then updates the prompt's message):
      // ask again on each new event until they are there.
      let changes = await client.changes(session.id);
      while (changes.messages.length === 0) {
        const seen = events.events.length;
        await events.until((all) => all.length > seen, "opencode's summary of the changes");
        changes = await client.changes(session.id);
      }
      expect(changes.messages).toEqual([
        {
          messageID: asked.id,
          files: [expect.objectContaining({ path: "notes.txt", status: "modified", additions: 1, deletions: 1 })],
        },
      ]);

      const reverted = await client.revert(session.id, asked.id);
      expect(reverted.revert).toEqual({ messageID: asked.id, partID: null });
      expect(notes()).toBe("alpha\nbeta\ngamma\n");
      await events.until(
        () => events.chat().some((e) => e.type === "session.updated" && e.session.revert?.messageID === asked.id),
        "the revert to reach windows",
      );

      const restored = await client.unrevert(session.id);
      expect(restored.revert).toBeNull();
      expect(notes()).toBe("alpha\nBETA\ngamma\n");
      await client.revert(session.id, asked.id); // leave the file as the other tests expect it
    } finally {
      events.close();
    }
  });

  it("says whether a write made a new file or replaced one (opencode sends no patch for a write)", async () => {
    const { session } = await client.createSession();
    const write = (content: string) =>
      `<<call:write ${JSON.stringify({ filePath: join(project, "written.txt"), content })}>>`;
    try {
      await client.promptAndWait(session.id, { text: `make it ${write("one\n")}` });
      await client.promptAndWait(session.id, { text: `replace it ${write("one\ntwo\n")}` });
      const writes = (await client.messages(session.id))
        .flatMap((m) => m.parts)
        .flatMap((p) => (p.type === "tool" && p.tool === "write" ? [p.state] : []));
      expect(writes.map((w) => [w.status, w.replaced, w.diff ?? null])).toEqual([
        ["completed", false, null],
        ["completed", true, null],
      ]);
    } finally {
      rmSync(join(project, "written.txt"), { force: true });
    }
  });

  it("lists every file the session changed, each once with its prompts' patches; an undo takes its prompts out", async () => {
    const { session } = await client.createSession();
    const events = await collectEvents(backend, [session.id]);
    const write = `<<call:write ${JSON.stringify({ filePath: join(project, "added.txt"), content: "one\ntwo\n" })}>>`;
    try {
      await client.promptAndWait(session.id, { text: `first ${editCall("beta", "BETA")}` });
      await client.promptAndWait(session.id, { text: `second ${write}` });
      await client.promptAndWait(session.id, { text: `third ${editCall("gamma", "GAMMA")}` });
      let changes = await client.changes(session.id);
      while (changes.messages.length < 3) {
        const seen = events.events.length;
        await events.until((all) => all.length > seen, "opencode's summary of each prompt's changes");
        changes = await client.changes(session.id);
      }
      const [first, second, third] = changes.messages.map((m) => m.messageID);
      expect(changes.session).toEqual([
        {
          path: "added.txt",
          status: "added",
          additions: 2,
          deletions: 0,
          patches: [{ messageID: second, patch: expect.stringContaining("+two") }],
        },
        {
          path: "notes.txt",
          status: "modified",
          additions: 2,
          deletions: 2,
          patches: [
            { messageID: first, patch: expect.stringContaining("+BETA") },
            { messageID: third, patch: expect.stringContaining("+GAMMA") },
          ],
        },
      ]);
      // Undo from the second prompt: only the first one's change remains in the session's list.
      await client.revert(session.id, second!);
      const undone = await client.changes(session.id);
      expect(undone.session).toEqual([
        expect.objectContaining({
          path: "notes.txt",
          additions: 1,
          deletions: 1,
          patches: [expect.objectContaining({ messageID: first })],
        }),
      ]);
      await client.revert(session.id, first!); // leave the files as the other tests expect them
      expect(notes()).toBe("alpha\nbeta\ngamma\n");
    } finally {
      events.close();
    }
  });

  it("relays the agent's todo list live and serves it", async () => {
    const { session } = await client.createSession();
    const events = await collectEvents(backend, [session.id]);
    try {
      const todos = [
        { content: "Write tests", status: "in_progress", priority: "high" },
        { content: "Ship it", status: "pending", priority: "low" },
      ];
      await client.prompt(session.id, { text: `plan <<call:todowrite ${JSON.stringify({ todos })}>>` });
      await events.until(isIdle(session.id), "the reply");
      expect(events.chat()).toContainEqual({ type: "todo.updated", sessionID: session.id, todos });
      expect(await client.todos(session.id)).toEqual(todos);
    } finally {
      events.close();
    }
  });

  it("sends an attached image to the model, and refuses an oversized one with a sentence", async () => {
    const { session } = await client.createSession();
    const reply = await client.promptAndWait(session.id, {
      text: "what is this",
      files: [{ mime: "image/png", filename: "dot.png", url: dotPng }],
    });
    expect(reply.error).toBeNull();
    expect(stub.images()).toContain(dotPng);
    const asked = (await client.messages(session.id)).find((m) => m.role === "user");
    expect(asked?.parts).toContainEqual(
      expect.objectContaining({ type: "file", mime: "image/png", filename: "dot.png", url: dotPng }),
    );

    const huge = `data:image/png;base64,${"A".repeat(950_000)}`;
    const refused = await jsonPost(
      backend,
      `/api/sessions/${session.id}/messages`,
      JSON.stringify({ text: "big", files: [{ mime: "image/png", filename: "big.png", url: huge }] }),
    );
    expect(refused.status).toBe(400);
    expect(refused.json()).toMatchObject({ error: { message: expect.stringContaining("too large") } });
    expect((await client.messages(session.id)).map((m) => m.text)).not.toContain("big");
  });

  it("branches a chat at a prompt into a new session of the same project, leaving the original as it was", async () => {
    const { session } = await client.createSession();
    await client.sendAndWait(session.id, "first turn");
    await client.sendAndWait(session.id, "second turn");
    const original = await client.messages(session.id);
    const second = original.find((m) => m.role === "user" && m.text === "second turn")!;
    // At the second prompt: the new chat holds the first turn only, and goes on by itself.
    const branch = await client.fork(session.id, second.id);
    expect(branch.id).not.toBe(session.id);
    expect(branch.directory).toBe(session.directory);
    expect(branch.projectId).toBe(session.projectId);
    expect((await client.messages(branch.id)).map((m) => m.text)).toEqual(["first turn", "Echo: first turn"]);
    expect((await client.sendAndWait(branch.id, "another way")).text).toBe("Echo: another way");
    expect(await client.messages(session.id)).toHaveLength(original.length);
    // Without a message: all of it. A malformed id is refused before opencode sees it.
    const whole = await client.fork(session.id);
    expect((await client.messages(whole.id)).map((m) => m.text)).toEqual(original.map((m) => m.text));
    const bad = await jsonPost(backend, `/api/sessions/${session.id}/fork`, '{"messageID":"../x"}');
    expect(bad.status).toBe(400);
    expect((await client.sessions()).map((s) => s.id)).toEqual(expect.arrayContaining([branch.id, whole.id]));
  });

  it("compacts a chat: the model is sent the conversation to summarise, and the chat goes on from the summary", async () => {
    const { session } = await client.createSession();
    await client.sendAndWait(session.id, "remember the number 4711");
    const events = await collectEvents(backend, [session.id]);
    try {
      const before = stub.requests.length;
      expect(await client.compact(session.id, { providerID: "stub", modelID: "stub-model" })).toEqual({
        accepted: true,
        sessionID: session.id,
      });
      // Finished: idle again after the summary's text streamed (an idle may come before it starts).
      const idleAfterSummary = () => {
        const chat = events.chat();
        const streamed = chat.findIndex((e) => e.type === "text.delta");
        return streamed !== -1 && chat.slice(streamed).some((e) => e.type === "session.status" && e.status === "idle");
      };
      await events.until(idleAfterSummary, "the compaction to finish");
      // The summary was asked of the model with the conversation in it.
      const asked = JSON.stringify(stub.requests.slice(before).flatMap((r) => r.messages));
      expect(asked).toContain("remember the number 4711");
      expect((await client.sendAndWait(session.id, "and now?")).text).toBe("Echo: and now?");
      // A malformed model is refused before opencode sees it.
      const bad = await jsonPost(backend, `/api/sessions/${session.id}/compact`, '{"model":"stub"}');
      expect(bad.status).toBe(400);
    } finally {
      events.close();
    }
  });

  it("runs a / command through opencode and refuses an unknown one", async () => {
    const { session } = await client.createSession();
    const events = await collectEvents(backend, [session.id]);
    try {
      expect(await client.runCommand(session.id, { command: "hello", arguments: "world" })).toEqual({
        accepted: true,
        sessionID: session.id,
      });
      await events.until(
        () =>
          events
            .chat()
            .some(
              (e) => e.type === "part.updated" && e.part.type === "text" && e.part.text === "Echo: Say hello to world",
            ),
        "the command's reply",
      );
      const unknown = await jsonPost(backend, `/api/sessions/${session.id}/command`, '{"command":"nope"}');
      expect(unknown.status).toBe(400);
      expect(unknown.json()).toMatchObject({ error: { message: expect.stringContaining("no /nope command") } });
      // A command opencode refuses (here: a model it does not have) says why in the chat.
      await client.runCommand(session.id, {
        command: "hello",
        arguments: "again",
        model: { providerID: "stub", modelID: "no-such-model" },
      });
      await events.until(
        () => events.chat().some((e) => e.type === "session.error"),
        "the refused command's error in the chat",
      );
      expect(events.chat().find((e) => e.type === "session.error")).toMatchObject({
        sessionID: session.id,
        error: { message: expect.stringContaining("Model not found: stub/no-such-model") },
      });
      // An agent opencode does not have: opencode's own error event names the ones it has.
      await client.runCommand(session.id, { command: "hello", arguments: "you", agent: "ghost" });
      await events.until(
        () => events.chat().some((e) => e.type === "session.error" && e.error.message.includes("Agent not found")),
        "the refused agent's error in the chat",
      );
      const refusals = events.chat().filter((e) => e.type === "session.error");
      expect(refusals.map((e) => e.type === "session.error" && e.error.message)).toEqual([
        expect.stringContaining("Model not found"),
        expect.stringMatching(/Agent not found: "ghost"\. Available agents: build/),
      ]); // each once: opencode publishes them, the backend does not repeat them
    } finally {
      events.close();
    }
  });

  it("refuses at once a command for a chat deleted meanwhile, instead of accepting it and losing it", async () => {
    const { session } = await client.createSession();
    await client.workbench(session.id); // the backend now knows the session's folder
    const events = await collectEvents(backend);
    try {
      await client.deleteSession(session.id);
      await events.until(
        () => events.chat().some((e) => e.type === "session.deleted" && e.sessionID === session.id),
        "the deletion to be relayed",
      );
      const sent = await jsonPost(backend, `/api/sessions/${session.id}/command`, '{"command":"hello"}');
      expect(sent.status).toBe(404);
      expect(sent.json()).toMatchObject({ error: { message: expect.stringContaining("not found") } });
    } finally {
      events.close();
    }
  });
});

// A chat's allow setting with the real opencode and the stub provider (whose config asks before
// every bash call): what the level covers runs without a card, a subagent's request follows its
// chat, a file holding secrets still asks, turning a level on answers what waits, a chat follows
// its project's level until it has its own (a project taken off the list forgets it), and the
// setting outlives a restart of the backend.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { TurnkeyApiError, type TurnkeyClient } from "@turnkey/client";
import type { ChatEvent } from "@turnkey/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { collectEvents, type EventCollector, isIdle } from "./eventCollector.ts";
import { type RealBackend, startRealBackend } from "./realBackend.ts";

let real: RealBackend;
let root: string;
let backend: RealBackend["backend"];
let client: TurnkeyClient;

/** The backend of the moment (a restart makes another). */
async function follow(): Promise<void> {
  ({ backend, client } = real);
  expect((await client.start()).state).toBe("running");
}

beforeAll(async () => {
  real = await startRealBackend({ name: "allow", backend: { uiDir: null } });
  root = real.root;
  await follow();
}, 120_000);

afterAll(async () => {
  await real?.close();
});

const asked = (events: EventCollector) =>
  events.chat().filter((e): e is Extract<ChatEvent, { type: "permission.asked" }> => e.type === "permission.asked");
const lastText = async (sessionID: string) => (await client.messages(sessionID)).at(-1)?.text;

describe("what a chat allows on its own", () => {
  it("runs a bash call without a card at 'everything', and lists it", async () => {
    const { session } = await client.createSession();
    expect(await client.allowSetting(session.id)).toEqual({
      level: "ask",
      choice: "project",
      projectLevel: "ask",
      allowed: [],
    });
    expect((await client.setAllow(session.id, "everything")).level).toBe("everything");
    const events = await collectEvents(backend, [session.id]);
    try {
      await client.send(session.id, "go [tool:bash echo allowed-3]");
      await events.until(isIdle(session.id), "the reply to finish");
      expect(asked(events)).toEqual([]);
      expect(events.chat().some((e) => e.type === "waiting" && e.pending.length > 0)).toBe(false);
      expect(await lastText(session.id)).toBe("Tool said: allowed-3");
      const setting = await client.allowSetting(session.id);
      expect(setting.allowed).toEqual([
        expect.objectContaining({
          sessionID: session.id,
          permission: expect.objectContaining({ permission: "bash", patterns: ["echo allowed-3"] }),
        }),
      ]);
      // The windows were told, with the same list.
      expect(events.chat()).toContainEqual({ type: "allow", sessionID: session.id, setting });
    } finally {
      events.close();
    }
  });

  it("still asks before a command that names a .env file, and for bash at 'edits', and says why on the card", async () => {
    const { session } = await client.createSession();
    await client.setAllow(session.id, "everything");
    const events = await collectEvents(backend, [session.id]);
    try {
      await client.send(session.id, "go [tool:bash cat .env]");
      await events.until(() => asked(events).length === 1, "the .env request to ask");
      expect(asked(events)[0]?.permission.whyAsked).toMatch(/^It names \.env, a protected place/);
      const [listed] = (await client.waiting()).sessions.flatMap((s) => s.pending);
      expect(listed).toMatchObject({
        kind: "permission",
        permission: { whyAsked: asked(events)[0]?.permission.whyAsked },
      });
      await client.replyPermission(session.id, asked(events)[0]!.permission.id, "reject");
      await events.until(isIdle(session.id), "the reply to end");
      const idles = () => events.events.filter((e) => isIdle(session.id)([e])).length;
      await client.setAllow(session.id, "edits");
      await client.send(session.id, "go [tool:bash echo at-edits]");
      await events.until(() => asked(events).length === 2, "bash to ask at 'edits'");
      expect(asked(events)[1]?.permission).toMatchObject({
        patterns: ["echo at-edits"],
        whyAsked: "This chat goes ahead on its own with edits only.",
      });
      expect((await client.allowSetting(session.id)).allowed).toEqual([]);
      await client.replyPermission(session.id, asked(events)[1]!.permission.id, "reject");
      await events.until(() => idles() === 2, "the second reply to end");
    } finally {
      events.close();
    }
  });

  it.runIf(process.platform === "linux")(
    "still asks before reading the app's data folder by another name (/proc/self/root: review 29, H1)",
    async () => {
      const data = join(root, "data");
      writeFileSync(join(data, "probe-secret.txt"), "TOPSECRET-42\n");
      const { session } = await client.createSession();
      await client.setAllow(session.id, "everything");
      const events = await collectEvents(backend, [session.id]);
      try {
        const filePath = `/proc/self/root${data}/probe-secret.txt`;
        await client.send(session.id, `go <<call:read ${JSON.stringify({ filePath })}>>`);
        await events.until(() => asked(events).length === 1, "the read to ask");
        expect(asked(events)[0]?.permission).toMatchObject({ permission: "external_directory" });
        await client.replyPermission(session.id, asked(events)[0]!.permission.id, "reject");
        await events.until(isIdle(session.id), "the reply to end");
        expect(JSON.stringify(await client.messages(session.id))).not.toContain("TOPSECRET-42");
        expect((await client.allowSetting(session.id)).allowed).toEqual([]);
      } finally {
        events.close();
      }
    },
  );

  it("answers what already waits once the level is raised, and gives a card the level leaves its reason", async () => {
    const { session } = await client.createSession();
    const events = await collectEvents(backend, [session.id]);
    try {
      await client.send(session.id, "go [tool:bash echo waited-5]");
      await events.until(() => asked(events).length === 1, "the card");
      const reasons = () =>
        events
          .chat()
          .flatMap((e) => (e.type === "waiting" ? e.pending : []))
          .map((r) => (r.kind === "permission" ? (r.permission.whyAsked ?? null) : null));
      expect(reasons()).toEqual([null]);
      // "edits" does not cover a bash call: the waiting card now says so.
      await client.setAllow(session.id, "edits");
      await events.until(() => reasons().length === 2, "the card's reason");
      expect(reasons()[1]).toBe("This chat goes ahead on its own with edits only.");
      await client.setAllow(session.id, "everything");
      await events.until(isIdle(session.id), "the reply to finish");
      expect(await lastText(session.id)).toBe("Tool said: waited-5");
      expect(events.chat()).toContainEqual(
        expect.objectContaining({ type: "permission.replied", permissionID: asked(events)[0]!.permission.id }),
      );
      expect((await client.allowSetting(session.id)).allowed).toHaveLength(1);
    } finally {
      events.close();
    }
  });

  it("answers a subagent's request by its chat's level, and refuses a level set on the subagent", async () => {
    const { session } = await client.createSession();
    await client.setAllow(session.id, "everything");
    const events = await collectEvents(backend); // every session's events, the subagent's too
    try {
      // The marker escaped, so that the stub runs it in the subagent's session, not in the chat's.
      const task = JSON.stringify({
        description: "echo from a subagent",
        prompt: "[tool:bash echo from-sub-9]",
        subagent_type: "general",
      }).replace("[", "\\u005b");
      await client.send(session.id, `delegate <<call:task ${task}>>`);
      await events.until(isIdle(session.id), "the chat's reply to finish", 60_000);
      expect(asked(events)).toEqual([]);
      const [child] = await client.children(session.id);
      if (!child) throw new Error("no subagent session");
      expect(await lastText(child.id)).toBe("Tool said: from-sub-9");
      const { allowed } = await client.allowSetting(session.id);
      expect(allowed.map((a) => [a.sessionID, a.permission.patterns])).toEqual([[child.id, ["echo from-sub-9"]]]);
      const refused = await client.setAllow(child.id, "edits").catch((error: unknown) => error);
      expect(refused).toBeInstanceOf(TurnkeyApiError);
      expect((refused as TurnkeyApiError).httpStatus).toBe(400);
      expect((refused as TurnkeyApiError).message).toContain("the chat that started it");
    } finally {
      events.close();
    }
  });

  it("lets a chat go ahead by its project's level until it is set to ask first, and forgets it with the project", async () => {
    const { session } = await client.createSession();
    const projectId = session.projectId;
    if (!projectId) throw new Error("the chat is of no project");
    const events = await collectEvents(backend, [session.id]);
    // A window of the project about to make a chat there, and one of another project.
    const projectWindow = await collectEvents(backend, undefined, [projectId]);
    const otherFolder = join(root, "other-project");
    mkdirSync(otherFolder, { recursive: true });
    const other = (await client.addProject(otherFolder)).project;
    const elsewhere = await collectEvents(backend, undefined, [other.id]);
    const projectLevels = (collector: EventCollector) =>
      collector.events.flatMap((e) => (e.event === "projectAllow" ? [e.data] : []));
    try {
      expect(await client.setProjectAllow(projectId, "everything")).toEqual({ level: "everything" });
      // The chat's windows hear that it now goes ahead, before anything is asked.
      await events.until(
        () => events.chat().some((e) => e.type === "allow" && e.setting.level === "everything"),
        "the chat's windows to hear of the project's level",
      );
      await projectWindow.until(() => projectLevels(projectWindow).length === 1, "the project's window to hear");
      expect(projectLevels(projectWindow)).toEqual([{ projectId, level: "everything" }]);
      await client.send(session.id, "go [tool:bash echo by-project-4]");
      await events.until(isIdle(session.id), "the reply to finish");
      expect(asked(events)).toEqual([]);
      expect(await lastText(session.id)).toBe("Tool said: by-project-4");
      expect(await client.allowSetting(session.id)).toMatchObject({
        level: "everything",
        choice: "project",
        projectLevel: "everything",
        allowed: [
          expect.objectContaining({ permission: expect.objectContaining({ patterns: ["echo by-project-4"] }) }),
        ],
      });

      // Set to ask first, the chat asks, and its card says the project would not have.
      await client.setAllow(session.id, "ask");
      await client.send(session.id, "go [tool:bash echo asks-7]");
      await events.until(() => asked(events).length === 1, "the card");
      expect(asked(events)[0]?.permission.whyAsked).toBe(
        "This chat is set to ask first, though its project lets its chats go ahead with all but secrets.",
      );
      await client.replyPermission(session.id, asked(events)[0]!.permission.id, "reject");
      await events.until(() => events.events.filter((e) => isIdle(session.id)([e])).length === 2, "the reply to end");
      // Keeping its own level, the chat still hears the project's (its picker and cards show it).
      await client.setProjectAllow(projectId, "edits");
      await events.until(
        () =>
          events
            .chat()
            .some((e) => e.type === "allow" && e.setting.choice === "ask" && e.setting.projectLevel === "edits"),
        "the careful chat's windows to hear of the project's new level",
      );
      await client.setProjectAllow(projectId, "everything");

      // Bad input changes nothing.
      const unlisted = await client.setProjectAllow("prj_not_listed", "edits").catch((e: unknown) => e);
      expect(unlisted).toMatchObject({ httpStatus: 404, code: "not_found" });
      const bad = await client.setProjectAllow(projectId, "project" as "edits").catch((e: unknown) => e);
      expect(bad).toMatchObject({ httpStatus: 400 });
      expect(await client.projectAllow(projectId)).toEqual({ level: "everything" });

      // Taken off the list and opened again, the project asks first.
      const folder = (await client.projects()).find((p) => p.id === projectId)?.path;
      if (!folder) throw new Error("the project is not listed");
      await client.removeProject(projectId);
      await client.addProject(folder);
      expect(await client.projectAllow(projectId)).toEqual({ level: "ask" });
      expect(projectLevels(elsewhere)).toEqual([]);
    } finally {
      events.close();
      projectWindow.close();
      elsewhere.close();
      await client.removeProject(other.id).catch(() => undefined);
      await client.setProjectAllow(projectId, "ask").catch(() => undefined);
    }
  });

  it("refuses a level OpenCode cannot know of, or a bad one, and keeps the setting across a restart", async () => {
    const unknown = await client.setAllow("ses_doesnotexist0000000000", "everything").catch((e: unknown) => e);
    expect(unknown).toBeInstanceOf(TurnkeyApiError);
    expect(unknown).toMatchObject({ httpStatus: 404, code: "not_found" });
    const { session } = await client.createSession();
    await client.setAllow(session.id, "edits");
    const bad = await client.setAllow(session.id, "all" as "edits").catch((e: unknown) => e);
    expect((bad as TurnkeyApiError).httpStatus).toBe(400);
    expect((await client.allowSetting(session.id)).level).toBe("edits");

    await real.restart();
    await follow();
    expect((await client.allowSetting(session.id)).level).toBe("edits");
    expect((await client.allowSetting("ses_doesnotexist0000000000")).level).toBe("ask");
  });
});

// The allow settings with a fake OpenCode: an answer OpenCode refuses, or a chain of parents it
// cannot read, leaves the request to the user; a request is never answered twice; a deleted
// chat's level is forgotten; an unreadable settings file is moved aside and named; what a chat
// with a level still asks says why, and a waiting card's reason follows the level; a chat follows
// its project's level until it has one of its own, "Ask first" included; what it answered is
// recorded, and the record outlives a restart.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type AllowSetting, type ChatEvent, type PendingRequest, PermissionRequest } from "@turnkey/contracts";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type AllowDeps, AllowOnItsOwn } from "./allowOnItsOwn.ts";

let dir: string;
/** The folders that are listed projects. */
let listed: Set<string>;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "allow-unit-"));
  listed = new Set(["/home/ann/proj", "/home/ann/other"]);
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function world(overrides: Partial<AllowDeps> = {}) {
  const replies: string[] = [];
  const told: { id: string; setting: AllowSetting }[] = [];
  const logs: string[] = [];
  const explained: PermissionRequest[] = [];
  const parents: Record<string, string | null> = { chat: null, sub: "chat", subsub: "sub", lone: null, away: null };
  const deps: AllowDeps = {
    file: join(dir, "allow.json"),
    projectsFile: join(dir, "projects.json"),
    answeredFile: join(dir, "answered.json"),
    reply: async (_sessionID, id) => {
      replies.push(id);
    },
    parentOf: async (id) => {
      if (!(id in parents)) throw new Error(`no session ${id}`);
      return parents[id] ?? null;
    },
    tell: (id, setting) => told.push({ id, setting }),
    explain: (_id, permission) => explained.push(permission),
    places: () => ({ home: "/home/ann", folders: [], platform: "linux" }),
    folderOf: (id) => (id === "away" ? "/home/ann/other" : "/home/ann/proj"),
    isListed: (folder) => listed.has(folder),
    log: (line) => logs.push(line),
    now: () => 1_000,
    ...overrides,
  };
  return { allow: new AllowOnItsOwn(deps), replies, told, logs, explained };
}
const bash = (id: string, sessionID = "chat") => ({
  sessionID,
  permission: { id, permission: "bash", patterns: ["npm test"], toolCallID: null },
});
const waiting = (
  id: string,
  sessionID: string,
  permission: PermissionRequest = bash(id).permission,
): PendingRequest => ({
  kind: "permission",
  id,
  at: 0,
  sessionID,
  permission,
});

describe("AllowOnItsOwn", () => {
  it("answers a subagent's request two levels down by its chat's level, and records it on the chat", async () => {
    const { allow, replies, told } = world();
    allow.set("chat", "everything", []);
    expect(await allow.take(bash("per_1", "subsub"))).toEqual({ taken: true });
    expect(replies).toEqual(["per_1"]);
    expect(allow.setting("chat").allowed).toEqual([
      { at: 1_000, sessionID: "subsub", permission: bash("per_1").permission },
    ]);
    expect(told.at(-1)).toEqual({ id: "chat", setting: allow.setting("chat") });
    // The record outlives a restart: written when the backend closes, read by the next start.
    allow.close();
    expect(
      world()
        .allow.setting("chat")
        .allowed.map((a) => a.permission.id),
    ).toEqual(["per_1"]);
  });

  it("leaves the request to the user when OpenCode refuses the answer or the chain cannot be read", async () => {
    const refusing = world({ reply: () => Promise.reject(new Error("socket hang up")) });
    refusing.allow.set("chat", "everything", []);
    expect(await refusing.allow.take(bash("per_2"))).toEqual({
      taken: false,
      whyAsked: "Answering it on its own failed (socket hang up).",
    });
    expect(refusing.allow.setting("chat").allowed).toEqual([]);
    expect(refusing.logs.join("\n")).toContain("socket hang up");

    const { allow, replies, logs } = world();
    allow.set("chat", "everything", []);
    expect(await allow.take(bash("per_3", "stranger"))).toEqual({
      taken: false,
      whyAsked: "Which chat it belongs to could not be read (no session stranger), so no chat's setting applied.",
    });
    // A chat with no level at all: nothing to explain.
    expect(await allow.take(bash("per_10", "lone"))).toEqual({ taken: false, whyAsked: null });
    expect(replies).toEqual([]);
    expect(logs.join("\n")).toContain("no session stranger");
  });

  it("cuts a reason with a long error to what a card's schema takes, and names an error that is no Error (review 30, M1)", async () => {
    const long = world({ reply: () => Promise.reject(new Error(`OpenCode said: ${"x".repeat(2_000)}`)) });
    long.allow.set("chat", "everything", []);
    const decision = await long.allow.take(bash("per_11"));
    const whyAsked = decision.taken ? "" : (decision.whyAsked ?? "");
    expect(whyAsked).toMatch(/^Answering it on its own failed \(OpenCode said: x+…\)$/);
    expect(PermissionRequest.safeParse({ ...bash("per_11").permission, whyAsked }).success).toBe(true);

    const odd = world({ reply: () => Promise.reject("socket closed") });
    odd.allow.set("chat", "everything", []);
    expect(await odd.allow.take(bash("per_12"))).toEqual({
      taken: false,
      whyAsked: "Answering it on its own failed (socket closed).",
    });
  });

  it("asks, never rejects, when the places cannot be read", async () => {
    const { allow, replies, logs } = world({
      places: () => {
        throw new Error("EACCES: permission denied, mkdir '/home/ann/.config/opencode'");
      },
    });
    allow.set("chat", "everything", []);
    expect(await allow.take(bash("per_6"))).toMatchObject({
      taken: false,
      whyAsked: expect.stringContaining("could not be told (EACCES"),
    });
    expect(replies).toEqual([]);
    expect(logs.join("\n")).toContain("EACCES");
  });

  it("answers a request once, whether the event or a sweep comes first", async () => {
    let release: () => void = () => undefined;
    const slow = new Promise<void>((resolve) => {
      release = resolve;
    });
    const replies: string[] = [];
    const { allow } = world({
      reply: async (_s, id) => {
        replies.push(id);
        await slow;
      },
    });
    allow.set("chat", "edits", [waiting("per_5", "chat")]);
    await Promise.resolve();
    expect(replies).toEqual([]); // what waits is a bash call, not an edit
    allow.set("chat", "everything", [waiting("per_4", "chat"), waiting("per_4", "chat")]);
    const event = allow.take(bash("per_4"));
    release();
    expect(await event).toEqual({ taken: true });
    await new Promise((resolve) => setImmediate(resolve));
    expect(replies.filter((id) => id === "per_4")).toEqual(["per_4"]);
  });

  it("says why a chat with a level still asks, and changes a waiting card's reason with the level", async () => {
    const { allow, replies, explained } = world();
    const secret = { id: "per_7", permission: "read", patterns: ["/home/ann/proj/.env"], toolCallID: null };
    allow.set("chat", "everything", []);
    expect(await allow.take({ sessionID: "chat", permission: secret })).toEqual({
      taken: false,
      whyAsked: expect.stringMatching(/^It names \/home\/ann\/proj\/\.env, a protected place/),
    });
    const loop = { id: "per_8", permission: "doom_loop", patterns: ["bash"], toolCallID: null };
    expect(await allow.take({ sessionID: "chat", permission: loop })).toMatchObject({
      whyAsked: expect.stringContaining("loop guard always asks"),
    });

    // A bash call waits; "edits" leaves it with a reason, "everything" answers it, "ask" clears a reason.
    allow.set("chat", "edits", [waiting("per_9", "chat")]);
    await expect.poll(() => explained.at(-1)?.whyAsked).toBe("This chat goes ahead on its own with edits only.");
    const reasoned = waiting("per_9", "chat", explained.at(-1)!);
    allow.set("chat", "ask", [reasoned]);
    expect(explained.at(-1)).toEqual(bash("per_9").permission);
    allow.set("chat", "everything", [reasoned]);
    await expect.poll(() => replies).toEqual(["per_9"]);
    expect(explained).toHaveLength(2);
    // Its record holds the request as OpenCode asked it, not the card's old reason (review 30, L1).
    expect(allow.setting("chat").allowed.at(-1)?.permission).toEqual(bash("per_9").permission);
  });

  it("keeps levels in its file, forgets a deleted chat's, and moves an unreadable file aside", () => {
    const first = world();
    first.allow.set("chat", "edits", []);
    first.allow.set("other", "everything", []);
    first.allow.set("other", "project", []);
    first.allow.set("lone", "ask", []);
    expect(JSON.parse(readFileSync(join(dir, "allow.json"), "utf8")).chats).toEqual([
      { sessionID: "chat", level: "edits", since: 1_000, folder: "/home/ann/proj" },
      { sessionID: "lone", level: "ask", since: 1_000, folder: "/home/ann/proj" },
    ]);
    first.allow.learn({ type: "session.deleted", sessionID: "lone" });
    expect(world().allow.setting("chat").level).toBe("edits");
    first.allow.learn({ type: "session.deleted", sessionID: "chat" });
    expect(existsSync(join(dir, "allow.json"))).toBe(false);

    writeFileSync(join(dir, "allow.json"), "{ not json");
    const broken = world();
    expect(broken.allow.setting("chat").level).toBe("ask");
    expect(broken.logs.join("\n")).toMatch(/could not be read.*kept as allow\.unreadable-1000\.json/);
    expect(readdirSync(dir)).toContain("allow.unreadable-1000.json");
  });

  it("has a chat follow its project's level until it is set to one of its own, Ask first included", async () => {
    const { allow, replies, told } = world();
    expect(allow.setting("chat")).toEqual({ level: "ask", choice: "project", projectLevel: "ask", allowed: [] });
    // "sub" is known to be a subagent: its setting is its chat's, so only the chats are told (review 31, L1).
    allow.learn({ type: "session.updated", sessionID: "sub", session: { parentID: "chat" } } as unknown as ChatEvent);
    expect(allow.setProject("/home/ann/proj", "everything", ["chat", "lone", "sub"], [])).toEqual({
      level: "everything",
    });
    expect(told.map((t) => [t.id, t.setting.level, t.setting.choice])).toEqual([
      ["chat", "everything", "project"],
      ["lone", "everything", "project"],
    ]);
    expect(allow.mayTake()).toBe(true);
    // A subagent's request follows its chat's project, and is recorded on the chat.
    expect(await allow.take(bash("per_20", "subsub"))).toEqual({ taken: true });
    expect(allow.setting("chat").allowed.map((a) => a.permission.id)).toEqual(["per_20"]);

    // A chat set to ask first stays careful, and its card says why.
    allow.set("lone", "ask", []);
    expect(allow.setting("lone")).toMatchObject({ level: "ask", choice: "ask", projectLevel: "everything" });
    expect(await allow.take(bash("per_21", "lone"))).toEqual({
      taken: false,
      whyAsked: "This chat is set to ask first, though its project lets its chats go ahead with all but secrets.",
    });
    // Its own level beats the project's either way.
    allow.set("chat", "edits", []);
    expect(await allow.take(bash("per_22", "sub"))).toEqual({
      taken: false,
      whyAsked: "This chat goes ahead on its own with edits only.",
    });
    // A chat of another folder is not the project's.
    expect(await allow.take(bash("per_23", "away"))).toEqual({ taken: false, whyAsked: null });

    // Lowered, the project tells its chats, those with a level of their own too (their picker and
    // their cards' reason show the project's level), and every window hears of the project's level.
    told.length = 0;
    const heard: [string, string][] = [];
    const stop = allow.onProjectLevel((folder, level) => heard.push([folder, level]));
    allow.setProject("/home/ann/proj", "edits", ["chat", "lone", "sub"], []);
    stop();
    expect(heard).toEqual([["/home/ann/proj", "edits"]]);
    expect(told.map((t) => [t.id, t.setting.level, t.setting.choice, t.setting.projectLevel])).toEqual([
      ["chat", "edits", "edits", "edits"],
      ["lone", "ask", "ask", "edits"],
    ]);
    const edit = { id: "per_24", permission: "edit", patterns: ["src/a.ts"], toolCallID: null };
    expect(await allow.take({ sessionID: "lone", permission: edit })).toEqual({
      taken: false,
      whyAsked: "This chat is set to ask first, though its project lets its chats go ahead with edits.",
    });
    // What the project would not have let through either gets no such reason (review 31, L5).
    expect(await allow.take(bash("per_25", "lone"))).toEqual({ taken: false, whyAsked: null });
    allow.set("chat", "project", []);
    expect(allow.setting("chat")).toMatchObject({ level: "edits", choice: "project", projectLevel: "edits" });
    expect(await allow.take({ sessionID: "sub", permission: { ...edit, id: "per_26" } })).toEqual({ taken: true });
    allow.setProject("/home/ann/proj", "ask", [], []);
    expect(allow.mayTake()).toBe(false); // "lone" asks first: that allows nothing
    expect(replies).toEqual(["per_20", "per_26"]);
  });

  it("finds a subagent's project by its own folder when its chat's is not known, and the other way round", async () => {
    for (const known of ["chat", "subsub"]) {
      rmSync(join(dir, "projects.json"), { force: true });
      const { allow } = world({ folderOf: (id) => (id === known ? "/home/ann/proj" : null) });
      allow.setProject("/home/ann/proj", "everything", [], []);
      expect(await allow.take(bash(`per_${known}`, "subsub"))).toEqual({ taken: true });
    }
  });

  it("uses only a listed project's level, and forgets a removed project's even when its file cannot be written", async () => {
    const { allow, logs } = world();
    allow.setProject("/home/ann/proj", "everything", [], []);
    // The project fell off the list: its level no longer answers anything (review 31, H1).
    listed.delete("/home/ann/proj");
    expect(allow.setting("chat")).toMatchObject({ level: "ask", projectLevel: "ask" });
    expect(await allow.take(bash("per_40"))).toEqual({ taken: false, whyAsked: null });
    // Listed again before it was forgotten, then forgotten with its file unwritable (review 31, M1).
    listed.add("/home/ann/proj");
    expect(await allow.take(bash("per_41"))).toEqual({ taken: true });
    rmSync(join(dir, "projects.json"));
    mkdirSync(join(dir, "projects.json", "blocker"), { recursive: true });
    allow.forgetProject("/home/ann/proj");
    expect(logs.join("\n")).toContain("Could not forget the allow setting of a removed project");
    expect(allow.setting("chat").level).toBe("ask");
    expect(await allow.take(bash("per_42"))).toEqual({ taken: false, whyAsked: null });
    // A level that cannot be saved is not set either.
    expect(() => allow.setProject("/home/ann/other", "everything", [], [])).toThrow();
    expect(allow.projectSetting("/home/ann/other")).toEqual({ level: "ask" });
    // A file that still holds a folder no longer listed: dropped when it is read.
    rmSync(join(dir, "projects.json"), { recursive: true });
    world().allow.setProject("/home/ann/other", "edits", [], []);
    world().allow.setProject("/home/ann/proj", "edits", [], []);
    listed.delete("/home/ann/proj");
    world();
    expect(
      JSON.parse(readFileSync(join(dir, "projects.json"), "utf8")).projects.map((p: { folder: string }) => p.folder),
    ).toEqual(["/home/ann/other"]);
  });

  it("past the most chats kept, lets go the oldest setting whose chat would get no more, else refuses", () => {
    const { allow, logs } = world({ maxChats: 2 });
    allow.setProject("/home/ann/proj", "everything", [], []);
    allow.set("lone", "ask", []); // let go, it would follow "everything"
    allow.set("chat", "everything", []); // let go, it follows "everything" anyway
    allow.set("away", "edits", []);
    expect(logs.join("\n")).toMatch(/the oldest one's \(chat\) follows its project again/);
    expect(allow.setting("lone").choice).toBe("ask");
    expect(allow.setting("chat").choice).toBe("project");
    // Letting "away" go would give it its project's "everything" now, and "lone" too: refused.
    allow.setProject("/home/ann/other", "everything", [], []);
    expect(() => allow.set("sub2", "ask", [])).toThrow(/delete old chats to set another/);
    // Refused: nothing changed, in memory or in the file.
    expect(allow.setting("sub2").choice).toBe("project");
    expect(allow.setting("away").choice).toBe("edits");
    expect(
      JSON.parse(readFileSync(join(dir, "allow.json"), "utf8")).chats.map((c: { sessionID: string }) => c.sessionID),
    ).toEqual(["lone", "away"]);
  });

  it("answers what waits in a project's chats when its level is raised, and keeps project levels in their file", async () => {
    const first = world();
    first.allow.set("lone", "ask", []);
    first.allow.setProject("/home/ann/proj", "everything", [], [waiting("per_30", "sub"), waiting("per_31", "lone")]);
    await expect.poll(() => first.replies).toEqual(["per_30"]);
    await expect.poll(() => first.explained.at(-1)?.whyAsked).toMatch(/^This chat is set to ask first/);
    expect(JSON.parse(readFileSync(join(dir, "projects.json"), "utf8")).projects).toEqual([
      { folder: "/home/ann/proj", level: "everything", since: 1_000 },
    ]);
    const again = world();
    expect(again.allow.setting("chat").level).toBe("everything");
    expect(again.allow.projectSetting("/home/ann/other")).toEqual({ level: "ask" });
    // A project taken off the list forgets its level.
    again.allow.forgetProject("/home/ann/proj");
    expect(existsSync(join(dir, "projects.json"))).toBe(false);
    expect(world().allow.setting("chat").level).toBe("ask");
  });
});

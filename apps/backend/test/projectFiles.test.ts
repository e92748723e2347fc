// The file panel's routes and subagent sessions through the backend with the real opencode and
// the stub provider, in a git project: a folder's entries, a file's text (too large and binary
// named, not sent), the git status (patches on demand), every path that would leave the project refused
// (the backend's data folder and the sidecar's config included), and a `task` call's child
// session listed under its parent rather than as a chat of its own.
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createOpencodeClient } from "@opencode-ai/sdk/v2";
import type { TurnkeyClient } from "@turnkey/client";
import { basicAuthHeader } from "@turnkey/sidecar";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { bearer } from "./harness.ts";
import { startWorkbenchBackend, type WorkbenchBackend } from "./workbenchBackend.ts";

let setup: WorkbenchBackend;
let client: TurnkeyClient;
let sessionID: string;
/** A folder outside git, opened as a project. */
let plain: string | undefined;

beforeAll(async () => {
  setup = await startWorkbenchBackend("files");
  client = setup.client;
  sessionID = (await client.createSession()).session.id;
  const { project, root } = setup;
  mkdirSync(join(project, "src", "deep"), { recursive: true });
  writeFileSync(join(project, "src", "app.ts"), "export const answer = 42;\n");
  writeFileSync(join(project, "big.log"), "x".repeat(1_000_001));
  writeFileSync(join(project, "blob.bin"), Buffer.from([0, 1, 2, 255, 0, 7, 0, 0]));
  symlinkSync(join(project, "src", "app.ts"), join(project, "inside-link.ts"));
  symlinkSync(join(setup.dataDir, "settings.json"), join(project, "settings-link.json"));
  symlinkSync(join(root, "opencode.test.json"), join(project, "config-link.json"));
  symlinkSync(root, join(project, "up"));
}, 120_000);
afterAll(async () => {
  await setup?.close();
  if (plain) rmSync(plain, { recursive: true, force: true });
});

/** The raw answer, for paths the typed client would encode or refuse itself. */
async function get(path: string): Promise<{ status: number; body: { error?: { code: string; message: string } } }> {
  const res = await fetch(`${setup.backend.url}/api/sessions/${sessionID}/${path}`, { headers: bearer(setup.backend) });
  return { status: res.status, body: await res.json() };
}

describe("file panel routes", () => {
  it("lists a folder's entries, folders first, lazily one level at a time", async () => {
    const top = await client.tree(sessionID);
    expect(top.path).toBe("");
    const names = top.entries.map((e) => `${e.type[0]}:${e.name}`);
    expect(names.indexOf("d:src")).toBeLessThan(names.indexOf("f:notes.txt"));
    expect(names.filter((n) => n.endsWith(":.git"))).toEqual([]); // git's store, not the project's files
    expect(top.entries.find((e) => e.name === "src")).toMatchObject({ path: "src", type: "directory" });
    const src = await client.tree(sessionID, "src");
    expect(src.entries.map((e) => e.path)).toEqual(["src/deep", "src/app.ts"]);
  });

  it("reads a file's text, and names a file too large or binary instead of sending it", async () => {
    expect(await client.readFile(sessionID, "src/app.ts")).toMatchObject({ kind: "text", path: "src/app.ts" });
    expect((await client.readFile(sessionID, "./src//app.ts")).content).toContain("answer = 42");
    expect(await client.readFile(sessionID, "big.log")).toEqual({
      path: "big.log",
      kind: "too_large",
      content: null,
      size: 1_000_001,
    });
    expect(await client.readFile(sessionID, "blob.bin")).toMatchObject({ kind: "binary", content: null, size: 8 });
    // A link that stays inside the project is followed, and named by where it leads.
    expect(await client.readFile(sessionID, "inside-link.ts")).toMatchObject({ kind: "text", path: "src/app.ts" });
  });

  it("refuses every path that leaves the project folder, in a sentence, with the contracts' codes", async () => {
    for (const path of ["../data/settings.json", "src/../../opencode.test.json", "..", "..\\data"]) {
      const res = await get(`file?path=${encodeURIComponent(path)}`);
      expect(res.status, path).toBe(400);
      expect(res.body.error?.code).toBe("invalid_path");
      expect(res.body.error?.message).toMatch(/\.\..*inside the project folder/);
    }
    for (const path of [join(setup.dataDir, "settings.json"), "/etc/passwd", "C:\\Windows\\win.ini"]) {
      const res = await get(`file?path=${encodeURIComponent(path)}`);
      expect(res.status, path).toBe(400);
      expect(res.body.error?.message).toMatch(/absolute path/);
    }
    // Links out: the backend's settings, the sidecar's config, a folder above the project.
    for (const path of ["settings-link.json", "config-link.json", "up/data/settings.json"]) {
      const res = await get(`file?path=${encodeURIComponent(path)}`);
      expect(res.status, path).toBe(403);
      expect(res.body.error).toMatchObject({ code: "path_outside_project" });
      expect(res.body.error?.message).toMatch(/outside the project folder/);
    }
    const listing = await get(`tree?path=${encodeURIComponent("up")}`);
    expect(listing.status).toBe(403);
    expect((await get("file?path=nothing-here.txt")).status).toBe(404);
    expect((await get("file?path=src")).body.error?.message).toMatch(/is a folder/);
  });

  it("never shows the backend's own data folder, even inside a project that holds it", async () => {
    // The temp root holds data/ (the data dir) beside project/: open the root itself as a project,
    // kept in git as a home folder may be (its git status would list the data folder's files).
    execFileSync("git", ["init", "-q"], { cwd: setup.root });
    const { project } = await client.addProject(setup.root);
    const { session } = await client.createSession({ projectId: project.id });
    const top = await client.tree(session.id);
    expect(top.entries.map((e) => e.name)).toContain("project");
    expect(top.entries.map((e) => e.name)).not.toContain("data");
    const { files } = await client.gitStatus(session.id);
    expect(files.map((f) => f.path)).toContain("opencode.test.json");
    expect(files.filter((f) => f.path.startsWith("data/")).map((f) => f.path)).toEqual([]);
    for (const path of ["data/settings.json", "data", "data/opencode-plugin"]) {
      const res = await fetch(
        `${setup.backend.url}/api/sessions/${session.id}/${path.includes(".") ? "file" : "tree"}?path=${encodeURIComponent(path)}`,
        { headers: bearer(setup.backend) },
      );
      expect(res.status, path).toBe(403);
      expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/own data folder/);
    }
  });

  it("answers an empty git status for a folder outside git, not an error", async () => {
    plain = mkdtempSync(join(tmpdir(), "turnkey-plain-"));
    const { project } = await client.addProject(plain);
    const { session } = await client.createSession({ projectId: project.id });
    expect(await client.gitStatus(session.id)).toEqual({ files: [] });
  });

  it("lists the project's uncommitted git changes, each file's patch made when it is opened", async () => {
    writeFileSync(join(setup.project, "notes.txt"), "alpha\nBETA\ngamma\n");
    const { files } = await client.gitStatus(sessionID);
    const notes = files.find((f) => f.path === "notes.txt");
    expect(notes).toMatchObject({ status: "modified", additions: 1, deletions: 1, patch: null });
    expect((await client.gitDiff(sessionID, "notes.txt")).patch).toContain("+BETA");
    expect(files.find((f) => f.path === "src/app.ts")).toMatchObject({ status: "added" });
  });
});

describe("subagent sessions", () => {
  /** opencode itself, as another client (its TUI, a subagent) would change sessions behind the backend. */
  const opencodeIn = (directory: string) => {
    const connection = setup.backend.supervisor.connection()!;
    return createOpencodeClient({
      baseUrl: connection.url,
      headers: { authorization: basicAuthHeader(connection.password) },
      directory,
    });
  };

  it("a task call names its child session, which is listed under its parent, not as a chat", async () => {
    const { session } = await client.createSession();
    const task = JSON.stringify({ description: "Look around", prompt: "hello sub", subagent_type: "general" });
    const reply = await client.promptAndWait(session.id, { text: `<<call:task ${task}>>` });
    expect(reply.text).toContain("Echo: hello sub");
    const messages = await client.messages(session.id);
    const call = messages.flatMap((m) => m.parts).find((p) => p.type === "tool" && p.tool === "task");
    const childID = call?.type === "tool" ? call.state.childSessionID : null;
    expect(childID).toMatch(/^ses_/);
    const children = await client.children(session.id);
    expect(children.map((c) => c.id)).toEqual([childID]);
    expect(children[0]).toMatchObject({ parentID: session.id, title: expect.stringContaining("Look around") });
    const listed = await client.sessions();
    expect(listed.map((s) => s.id)).not.toContain(childID);
    expect(listed.find((s) => s.id === session.id)?.children).toEqual([childID]);
    const childMessages = await client.messages(childID!);
    expect(childMessages.map((m) => m.text)).toContain("Echo: hello sub");
  });

  it("lists every chat, each subagent counted on it, and finds a keyed one however many subagent sessions came since (opencode lists 100; review 4, L6)", async () => {
    const keyed = (await client.createSession({ key: "paging-test", title: "Keyed" })).session;
    const chats = [keyed.id];
    for (const title of ["Chat A", "Chat B"]) chats.push((await client.createSession({ title })).session.id);
    // The chats' project is the one used last (an earlier test may have opened another folder).
    const sdk = opencodeIn(keyed.directory);
    // Chat A's task calls started 101 subagent sessions, each newer than every chat.
    for (let i = 0; i < 101; i++) {
      const child = await sdk.session.create({ parentID: chats[1]!, title: `subtask ${i}` });
      if (!child.data) throw new Error(JSON.stringify(child.error));
    }
    const listed = await client.sessions();
    expect(chats.filter((id) => !listed.some((s) => s.id === id))).toEqual([]);
    expect(listed.some((s) => s.title.startsWith("subtask"))).toBe(false);
    expect(listed.find((s) => s.id === chats[1])?.children).toHaveLength(101);
    const again = await client.createSession({ key: "paging-test" });
    expect(again).toMatchObject({ created: false, session: { id: keyed.id } });

    // Refreshes keep the recent sessions and ask only for what changed (recentSessions.ts): a new
    // subagent still counts at once, and one deleted behind the backend's back stops counting.
    const chatB = chats[2]!;
    const child = await sdk.session.create({ parentID: chatB, title: "a new subtask" });
    if (!child.data) throw new Error(JSON.stringify(child.error));
    expect((await client.sessions()).find((s) => s.id === chatB)?.children).toEqual([child.data.id]);
    const gone = (await client.sessions()).find((s) => s.id === chats[1])?.children?.[0];
    await sdk.session.delete({ sessionID: gone! });
    await vi.waitFor(
      async () => expect((await client.sessions()).find((s) => s.id === chats[1])?.children).toHaveLength(100),
      { timeout: 20_000, interval: 200 },
    );
  }, 120_000);
});

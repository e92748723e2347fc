// A project's notes and todos as the window uses them, through the routes: the notes saved over
// the revision they were typed on and refused (nothing written) over another window's save; todos
// added, changed, moved, removed and the done ones cleared, each kept in the project's own private
// file; bad input refused with a sentence; an unreadable file moved aside and named, not lost.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ProjectNotes } from "@turnkey/contracts";
import { Hono } from "hono";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { projectId } from "../projects/projectStore.ts";
import { notesRoutes } from "../routes/notes.ts";
import { NotesStore } from "./notesStore.ts";
import { ProjectNotesService } from "./projectNotes.ts";

let root: string;
let dir: string;
let logged: string[];
let app: Hono;
const folders: Record<string, string> = { ses_a: "/work/app", ses_b: "/work/app", ses_c: "/work/other" };

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), "notes-"));
  dir = join(root, "project-notes");
  logged = [];
  let ids = 0;
  const store = new NotesStore(
    dir,
    (line) => logged.push(line),
    () => `todo-${++ids}`,
    () => 1234,
  );
  app = new Hono();
  notesRoutes(app, new ProjectNotesService(store, async (id) => folders[id]));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

/** One call: its status, and the notes it answered or the refusal's `code: sentence`. */
async function call(method: string, path: string, body?: unknown) {
  const response = await app.request(path, {
    method,
    ...(body === undefined ? {} : { body: JSON.stringify(body), headers: { "content-type": "application/json" } }),
  });
  const json = (await response.json()) as { error?: { code: string; message: string } };
  return {
    status: response.status,
    notes: json.error ? null : ProjectNotes.parse(json),
    refusal: json.error ? `${json.error.code}: ${json.error.message}` : null,
  };
}

const fileOf = (folder: string) => join(dir, `${projectId(folder)}.json`);

describe("a project's notes", () => {
  it("are shared by the project's chats, saved over the revision typed on, and never over another window's", async () => {
    expect((await call("GET", "/api/sessions/ses_a/notes")).notes).toEqual({
      folder: "/work/app",
      notes: "",
      notesRevision: 0,
      todos: [],
      problem: null,
    });
    const saved = await call("PUT", "/api/sessions/ses_a/notes", { notes: "Ask about the release", revision: 0 });
    expect(saved.notes).toMatchObject({ notes: "Ask about the release", notesRevision: 1 });
    // Another chat of the same folder reads them; a chat of another folder has its own.
    expect((await call("GET", "/api/sessions/ses_b/notes")).notes?.notes).toBe("Ask about the release");
    expect((await call("GET", "/api/sessions/ses_c/notes")).notes?.notes).toBe("");

    // A window that typed over revision 0 after that save: refused, nothing written.
    const stale = await call("PUT", "/api/sessions/ses_b/notes", { notes: "Mine", revision: 0 });
    expect(stale.status).toBe(409);
    expect(stale.refusal).toMatch(/^notes_changed: These notes were saved from another window/);
    expect(JSON.parse(readFileSync(fileOf("/work/app"), "utf8")).notes).toBe("Ask about the release");
    // Kept privately. Emptied, the revision still only goes up: a save typed over the emptied
    // notes is taken, one typed over the old text is refused (review 27, H1: it started again at 0).
    expect(statSync(fileOf("/work/app")).mode & 0o777).toBe(0o600);
    expect((await call("PUT", "/api/sessions/ses_b/notes", { notes: "", revision: 1 })).notes?.notesRevision).toBe(2);
    expect((await call("PUT", "/api/sessions/ses_a/notes", { notes: "Again", revision: 2 })).status).toBe(200);
    expect((await call("PUT", "/api/sessions/ses_b/notes", { notes: "Stale", revision: 1 })).status).toBe(409);
    expect((await call("GET", "/api/sessions/ses_a/notes")).notes?.notes).toBe("Again");
  });

  it("refuses notes over the limit and a request with no revision, with a sentence", async () => {
    const long = await call("PUT", "/api/sessions/ses_a/notes", { notes: "x".repeat(50_001), revision: 0 });
    expect(long.refusal).toBe(
      "invalid_request: The request is not valid: notes: The notes hold at most 50,000 characters: move the rest to a file.",
    );
    expect((await call("PUT", "/api/sessions/ses_a/notes", { notes: "x" })).status).toBe(400);
    expect((await call("GET", "/api/sessions/ses_a/notes")).notes?.notes).toBe("");
  });
});

describe("a project's todos", () => {
  it("are added, checked, renamed, moved, removed and the done ones cleared, in the order the user set", async () => {
    for (const text of ["Write the tests", "Fix the build", "Ship it"])
      expect((await call("POST", "/api/sessions/ses_a/todos", { text })).status).toBe(201);
    await call("PATCH", "/api/sessions/ses_a/todos/todo-1", { done: true });
    await call("PATCH", "/api/sessions/ses_b/todos/todo-2", { text: "  Fix the Windows build " });
    const moved = await call("POST", "/api/sessions/ses_a/todos/todo-3/move", { to: 0 });
    expect(moved.notes?.todos).toEqual([
      { id: "todo-3", text: "Ship it", done: false },
      { id: "todo-1", text: "Write the tests", done: true },
      { id: "todo-2", text: "Fix the Windows build", done: false },
    ]);
    expect((await call("POST", "/api/sessions/ses_a/todos/todo-3/move", { to: 99 })).notes?.todos.at(-1)?.id).toBe(
      "todo-3",
    );
    const cleared = await call("DELETE", "/api/sessions/ses_a/todos?done=true");
    expect(cleared.notes?.todos.map((t) => t.id)).toEqual(["todo-2", "todo-3"]);
    const removed = await call("DELETE", "/api/sessions/ses_a/todos/todo-2");
    expect(removed.notes?.todos.map((t) => t.text)).toEqual(["Ship it"]);
    // The notes' revision is the notes' alone: a todo changed after a save does not refuse the next.
    expect((await call("PUT", "/api/sessions/ses_a/notes", { notes: "n", revision: 0 })).status).toBe(200);
    await call("PATCH", "/api/sessions/ses_a/todos/todo-3", { done: true });
    expect((await call("PUT", "/api/sessions/ses_a/notes", { notes: "n2", revision: 1 })).status).toBe(200);
  });

  it("moves a todo past the neighbour the window showed, whatever another window reordered meanwhile", async () => {
    for (const text of ["a", "b", "c"]) await call("POST", "/api/sessions/ses_a/todos", { text });
    // One window shows a, b, c; another moves c to the top: c, a, b.
    await call("POST", "/api/sessions/ses_b/todos/todo-3/move", { to: 0 });
    // The first window's ↑ on b: before a, as it saw them (a position, 0, would have put b above c).
    const up = await call("POST", "/api/sessions/ses_a/todos/todo-2/move", { before: "todo-1" });
    expect(up.notes?.todos.map((t) => t.text)).toEqual(["c", "b", "a"]);
    const down = await call("POST", "/api/sessions/ses_a/todos/todo-3/move", { after: "todo-1" });
    expect(down.notes?.todos.map((t) => t.text)).toEqual(["b", "a", "c"]);
    // A neighbour removed meanwhile: refused, nothing moved, and the window reads the list again.
    await call("DELETE", "/api/sessions/ses_b/todos/todo-1");
    const gone = await call("POST", "/api/sessions/ses_a/todos/todo-3/move", { before: "todo-1" });
    expect(`${gone.status} ${gone.refusal}`).toBe(
      "404 todo_not_found: The todo it was to go next to is not in the project's list any more: it was removed or cleared.",
    );
    expect((await call("GET", "/api/sessions/ses_a/notes")).notes?.todos.map((t) => t.text)).toEqual(["b", "c"]);
  });

  it("refuses bad input and a todo that is gone with a sentence, changing nothing", async () => {
    // An empty list too (the check once came inside a map over no todos).
    expect((await call("PATCH", "/api/sessions/ses_a/todos/gone", { text: "x" })).status).toBe(404);
    await call("POST", "/api/sessions/ses_a/todos", { text: "Keep me" });
    const before = readFileSync(fileOf("/work/app"), "utf8");
    const refusals = [
      await call("POST", "/api/sessions/ses_a/todos", { text: "   " }),
      await call("POST", "/api/sessions/ses_a/todos", { text: "two\nlines" }),
      await call("POST", "/api/sessions/ses_a/todos", { text: "x".repeat(501) }),
      await call("PATCH", "/api/sessions/ses_a/todos/todo-1", {}),
      await call("PATCH", "/api/sessions/ses_a/todos/gone", { done: true }),
      await call("POST", "/api/sessions/ses_a/todos/todo-1/move", { to: -1 }),
      await call("DELETE", "/api/sessions/ses_a/todos"),
    ].map((answer) => `${answer.status} ${answer.refusal}`);
    expect(refusals).toEqual([
      "400 invalid_request: The request is not valid: text: A todo needs some text.",
      "400 invalid_request: The request is not valid: text: A todo is one line, without control characters.",
      "400 invalid_request: The request is not valid: text: A todo holds at most 500 characters: put the details in the notes.",
      "400 invalid_request: The request is not valid: body: Say what changes: text or done.",
      "404 todo_not_found: This todo is not in the project's list any more: it was removed or cleared.",
      "400 invalid_request: The request is not valid: to: Too small: expected number to be >=0.",
      "400 invalid_request: Only the done todos are cleared at once: ?done=true.",
    ]);
    expect(readFileSync(fileOf("/work/app"), "utf8")).toBe(before);
  });

  it("keeps at most 200 a project, saying what to do", async () => {
    for (let i = 0; i < 200; i++) await call("POST", "/api/sessions/ses_a/todos", { text: `Todo ${i}` });
    const refused = await call("POST", "/api/sessions/ses_a/todos", { text: "One more" });
    expect(refused.refusal).toBe(
      "invalid_request: A project keeps at most 200 todos: clear the done ones or remove some, then add this one.",
    );
  });
});

describe("an unreadable notes file", () => {
  it("is moved aside and named in the next answer, even when the request that found it was refused", async () => {
    mkdirSync(dir, { recursive: true });
    writeFileSync(fileOf("/work/app"), "{ not json");
    // A save typed over revision 3 finds the file: refused, but the sentence is kept for the next answer.
    expect((await call("PUT", "/api/sessions/ses_a/notes", { notes: "x", revision: 3 })).status).toBe(409);
    const read = await call("GET", "/api/sessions/ses_a/notes");
    expect(read.notes?.problem).toMatch(/could not be read .* kept as [0-9a-f-]+\.unreadable-1234\.json/);
    expect((await call("GET", "/api/sessions/ses_a/notes")).notes?.problem).toBeNull(); // said once
    expect(logged.join("\n")).toContain("could not be read");
    expect(readFileSync(join(dir, `${projectId("/work/app")}.unreadable-1234.json`), "utf8")).toBe("{ not json");
    expect((await call("PUT", "/api/sessions/ses_a/notes", { notes: "again", revision: 0 })).notes?.notes).toBe(
      "again",
    );
  });

  it("that cannot be moved aside is never written over: a change is refused with the sentence", async () => {
    mkdirSync(join(dir, `${projectId("/work/app")}.unreadable-1234.json`, "taken"), { recursive: true });
    writeFileSync(fileOf("/work/app"), "{ not json");
    const refused = await call("PUT", "/api/sessions/ses_a/notes", { notes: "x", revision: 0 });
    expect(refused.status).toBe(409);
    expect(refused.refusal).toMatch(/^kept_file_blocked: The project notes file .* cannot be read .*nor moved aside/);
    expect(readFileSync(fileOf("/work/app"), "utf8")).toBe("{ not json");
  });
});

// "Write it for me" in the commit form, through the backend with real opencode, real git and the
// stub provider: what the model is given (the chosen files only, their patches, the recent
// subjects, a saved provider key masked, no tools), the message it answers put in the answer with
// its fence taken off, and the session the question was asked in gone afterwards and never heard
// of by a window. A question given up on (the window's Stop) stops the model and leaves nothing;
// one cut by OpenCode crashing leaves a session, deleted when OpenCode runs again.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { TurnkeyApiError } from "@turnkey/client";
import { afterAll, beforeAll, expect, it } from "vitest";
import { collectEvents } from "./eventCollector.ts";
import { type RealBackend, startRealBackend } from "./realBackend.ts";

const savedKey = "sk-saved-through-the-app-commit-0123456789";
let real: RealBackend;
let project: string;
let sessionID: string;

const git = (...args: string[]) =>
  execFileSync("git", ["-c", "user.email=t@example.com", "-c", "user.name=T", ...args], {
    cwd: project,
    encoding: "utf8",
  });

beforeAll(async () => {
  real = await startRealBackend({
    name: "commit-message",
    prepare: (root) => {
      project = join(root, "project");
      mkdirSync(project);
      return { workdir: project };
    },
    backend: { uiDir: null },
  });
  git("init", "-q", "-b", "main");
  writeFileSync(join(project, "notes.txt"), "alpha\n");
  git("add", "notes.txt");
  git("commit", "-q", "-m", "Start the notes");
  git("commit", "-q", "--allow-empty", "-m", "Keep the notes short");
  await real.client.start();
  await real.client.setProviderKey("openai", savedKey);
  sessionID = (await real.client.createSession({})).session.id;
}, 120_000);

afterAll(async () => {
  await real?.close();
});

/** The sessions opencode itself has for the project, asked directly (ours would hide a marked one). */
async function opencodeSessions(): Promise<{ id: string; title: string }[]> {
  const connection = real.backend.supervisor.connection();
  if (!connection) throw new Error("OpenCode is not running");
  const answer = await fetch(`${connection.url}/session?directory=${encodeURIComponent(project)}`, {
    headers: { authorization: `Basic ${Buffer.from(`opencode:${connection.password}`).toString("base64")}` },
  });
  return (await answer.json()) as { id: string; title: string }[];
}

it("writes a message from the chosen files' changes alone, and leaves no chat behind", async () => {
  writeFileSync(join(project, "notes.txt"), "alpha\nbeta\n");
  writeFileSync(join(project, "settings.env"), `OPENAI_API_KEY=${savedKey}\n`);
  writeFileSync(join(project, "left-out.txt"), "not chosen\n");
  const events = await collectEvents(real.backend);
  const asked = real.stub.requests.length;

  const answer = await real.client.gitMessage(sessionID, { paths: ["notes.txt", "settings.env"] });

  expect(answer).toEqual({
    message: "Update notes.txt\n\nThe question listed 2 files.",
    files: 2,
    shortened: 0,
  });
  const sent = real.stub.requests.slice(asked);
  expect(sent).toHaveLength(1); // no title asked for: the session was made with one
  const question = JSON.stringify(sent[0]!.messages.at(-1));
  expect(question).toContain("+beta");
  expect(question).toContain("Keep the notes short"); // the repository's style
  expect(question).toContain("settings.env");
  expect(question).not.toContain(savedKey); // masked like everything leaving the backend
  expect(question).not.toContain("left-out.txt"); // not chosen, not sent
  expect((sent[0] as { tools?: unknown[] }).tools ?? []).toEqual([]); // the model could run nothing

  // Nothing changed in the repository, no chat was left, and no window heard of the question's.
  expect(git("status", "--porcelain")).toContain("?? left-out.txt");
  expect(git("rev-list", "--count", "HEAD").trim()).toBe("2");
  expect((await opencodeSessions()).map((s) => s.id)).toEqual([sessionID]);
  expect((await real.client.sessions()).map((s) => s.id)).toEqual([sessionID]);
  events.close();
  const others = events.chat().filter((e) => e.sessionID !== sessionID);
  expect(others).toEqual([]);
}, 120_000);

it("refuses a file that is not changed, and a choice counted over another list, before asking the model", async () => {
  const asked = real.stub.requests.length;
  const refusal = (call: Promise<unknown>) =>
    call.then(
      () => "answered",
      (e: unknown) => (e instanceof TurnkeyApiError ? `${e.httpStatus} ${e.code}` : String(e)),
    );
  expect(await refusal(real.client.gitMessage(sessionID, { paths: ["no-such-file.txt"] }))).toBe(
    "409 nothing_to_commit",
  );
  // Every file, counted over a list of changed files that is not git's any more.
  const every = { all: true, rules: [], chosen: [], leftOut: [] };
  expect(await refusal(real.client.gitMessage(sessionID, { selection: every, listing: "1:stale" }))).toBe(
    "409 nothing_to_commit",
  );
  expect(real.stub.requests.length).toBe(asked);
});

it("stops the model and deletes the question's session when the window gives up on it", async () => {
  writeFileSync(join(project, "slow.txt"), "[slow]\n");
  const asked = real.stub.requests.length;
  const stop = new AbortController();
  const answer = real.client.gitMessage(sessionID, { paths: ["slow.txt"] }, stop.signal).catch((e: unknown) => e);
  // The model has started answering (the stub writes 40 slow pieces): the window's Stop.
  await expect.poll(() => real.stub.requests.length, { timeout: 60_000 }).toBeGreaterThan(asked);
  // While it is asked, the question's session is OpenCode's, but no chat list shows it.
  expect((await opencodeSessions()).length).toBe(2);
  expect((await real.client.sessions()).map((s) => s.id)).toEqual([sessionID]);
  const cutBefore = real.stub.cut();
  stop.abort();
  expect(await answer).toBeInstanceOf(Error);
  // The model was stopped mid-reply (not left to write its 4 s), and the session went with it.
  await expect.poll(() => real.stub.cut(), { timeout: 3_000 }).toBe(cutBefore + 1);
  await expect.poll(async () => (await opencodeSessions()).map((s) => s.id), { timeout: 15_000 }).toEqual([sessionID]);
  expect(existsSync(join(real.dataDir, "unfinished-questions.json"))).toBe(false); // nothing left to sweep
}, 120_000);

it("deletes the session a question left when OpenCode crashed in the middle, once OpenCode runs again", async () => {
  writeFileSync(join(project, "slow.txt"), "[slow] again\n");
  const asked = real.stub.requests.length;
  const answer = real.client.gitMessage(sessionID, { paths: ["slow.txt"] }).catch((e: unknown) => e);
  await expect.poll(() => real.stub.requests.length, { timeout: 60_000 }).toBeGreaterThan(asked);
  expect((await opencodeSessions()).length).toBe(2);
  // A crash: unlike a stop, OpenCode is gone before the question's session can be deleted.
  const crashed = real.backend.supervisor.status().pid!;
  process.kill(crashed, "SIGKILL");
  expect(await answer).toBeInstanceOf(Error);
  const restarted = () => {
    const status = real.backend.supervisor.status();
    return status.state === "running" && status.pid !== crashed;
  };
  await expect.poll(restarted, { timeout: 60_000 }).toBe(true);
  await expect.poll(async () => (await opencodeSessions()).map((s) => s.id), { timeout: 15_000 }).toEqual([sessionID]);
  await expect.poll(() => existsSync(join(real.dataDir, "unfinished-questions.json"))).toBe(false);
}, 120_000);

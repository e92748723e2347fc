// "Write it for me" in the pull request form, through the backend with real opencode, real git (a
// clone of a local bare repository) and the stub provider: what the model is given (the branch's
// commits oldest first with their messages, the files and the patch against the base, a saved
// provider key masked, no tools), the title and description it answers with its label taken off,
// nothing changed in the repository and no chat left; a base the remote does not have, or one that
// holds every commit of the branch, is refused before the model is asked.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { TurnkeyApiError } from "@turnkey/client";
import { afterAll, beforeAll, expect, it } from "vitest";
import { git as gitAt } from "./gitProject.ts";
import { type RealBackend, startRealBackend } from "./realBackend.ts";

const savedKey = "sk-saved-through-the-app-pull-0123456789";
let real: RealBackend;
let project: string;
let sessionID: string;

const git = (...args: string[]) => gitAt(project, ...args);

beforeAll(async () => {
  let remote = "";
  real = await startRealBackend({
    name: "pull-request-text",
    prepare: (root) => {
      project = join(root, "project");
      remote = join(root, "remote.git");
      mkdirSync(project);
      return { workdir: project };
    },
    backend: { uiDir: null },
  });
  git("init", "-q", "--bare", "-b", "main", remote);
  git("init", "-q", "-b", "main");
  writeFileSync(join(project, "notes.txt"), "alpha\n");
  git("add", "notes.txt");
  git("commit", "-q", "-m", "Start the notes");
  git("remote", "add", "origin", remote);
  git("push", "-q", "-u", "origin", "main");
  git("switch", "-q", "-c", "feature/notes");
  writeFileSync(join(project, "notes.txt"), "alpha\nbeta\n");
  git("commit", "-q", "-am", "Add beta to the notes", "-m", "The notes missed it.");
  writeFileSync(join(project, "settings.env"), `OPENAI_API_KEY=${savedKey}\n`);
  git("add", "settings.env");
  git("commit", "-q", "-m", "Keep the settings beside the notes");
  await real.client.start();
  await real.client.setProviderKey("openai", savedKey);
  sessionID = (await real.client.createSession({})).session.id;
}, 120_000);

afterAll(async () => {
  await real?.close();
});

it("writes a title and description from the branch's commits and changes, and changes nothing", async () => {
  const head = git("rev-parse", "HEAD");
  const asked = real.stub.requests.length;

  const answer = await real.client.pullRequestText(sessionID, { base: "main" });

  expect(answer).toEqual({
    title: "Describe feature/notes",
    body: "The question held 2 commits into main.",
    commits: 2,
    shortened: false,
  });
  const sent = real.stub.requests.slice(asked);
  expect(sent).toHaveLength(1);
  const last = sent[0]!.messages.at(-1) as { content: string | { text?: string }[] };
  const question = typeof last.content === "string" ? last.content : last.content.map((p) => p.text ?? "").join("");
  // Oldest first, each with its message; the files and the patch against main.
  expect(question.indexOf("- Add beta to the notes\n  The notes missed it.")).toBeLessThan(
    question.indexOf("- Keep the settings beside the notes"),
  );
  expect(question).toContain("notes.txt");
  expect(question).toContain("+beta");
  expect(question).toContain("settings.env");
  expect(question).not.toContain("Start the notes"); // main has it already
  expect(JSON.stringify(sent[0])).not.toContain(savedKey); // masked like everything leaving the backend
  expect((sent[0] as { tools?: unknown[] }).tools ?? []).toEqual([]); // the model could run nothing

  expect(git("rev-parse", "HEAD")).toBe(head);
  expect(git("status", "--porcelain")).toBe("");
  expect((await real.client.sessions()).map((s) => s.id)).toEqual([sessionID]);
}, 120_000);

it("refuses a base the remote does not have, or one holding every commit, before asking the model", async () => {
  const asked = real.stub.requests.length;
  const refused = await real.client.pullRequestText(sessionID, { base: "nope" }).catch((e: unknown) => e);
  expect(refused).toBeInstanceOf(TurnkeyApiError);
  expect(refused).toMatchObject({ httpStatus: 400, code: "invalid_request" });
  expect((refused as Error).message).toContain("origin has no branch named nope");
  // The branch as it is, pushed under another name: nothing for a pull request into it to say.
  git("push", "-q", "origin", "feature/notes:copy");
  const empty = await real.client.pullRequestText(sessionID, { base: "copy" }).catch((e: unknown) => e);
  expect(empty).toMatchObject({ httpStatus: 409, code: "git_refused" });
  expect((empty as Error).message).toContain("feature/notes has no commit that copy does not have");
  expect(real.stub.requests.length).toBe(asked);
});

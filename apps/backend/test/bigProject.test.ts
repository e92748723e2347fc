// The Files tab in a project with a big change: 5,000 new files in a build folder (review 4's L7
// had 50,000: opencode's vcs diff built every patch up front and answered after the 2-minute
// deadline; a folder listing sent 4.3 MB). With the caps lowered to keep the test fast: the
// changes come as a page with the rest counted and each patch on demand, the git state lists a
// page, a commit of "every file but one" takes all the others, and a folder listing is capped.
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { LogBuffer, Redactor, type SidecarSupervisor } from "@turnkey/sidecar";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadOpencodeSdk } from "../src/chat/opencodeSdk.ts";
import { ProjectFiles } from "../src/files/projectFiles.ts";
import { ProjectGit } from "../src/git/projectGit.ts";

const generated = Array.from({ length: 5_000 }, (_, i) => `out/f${String(i).padStart(4, "0")}.txt`);
let project: string;
let git: ProjectGit;

beforeAll(() => {
  project = join(realpathSync(mkdtempSync(join(tmpdir(), "turnkey-big-project-"))), "project");
  mkdirSync(join(project, "out"), { recursive: true });
  const run = (...args: string[]) =>
    execFileSync("git", ["-c", "user.email=t@example.com", "-c", "user.name=T", ...args], { cwd: project });
  run("init", "-q", "-b", "main");
  writeFileSync(join(project, "README.md"), "one\ntwo\n");
  run("add", "-A");
  run("commit", "-qm", "init");
  writeFileSync(join(project, "README.md"), "one\nTWO\n");
  for (const path of generated) writeFileSync(join(project, path), `generated ${path}\n`);
  git = new ProjectGit({
    folderOf: async () => project,
    privateFolders: [],
    providerKeyNames: () => [],
    baseEnv: () => ({
      ...process.env,
      GIT_AUTHOR_NAME: "T",
      GIT_AUTHOR_EMAIL: "t@example.com",
      GIT_COMMITTER_NAME: "T",
      GIT_COMMITTER_EMAIL: "t@example.com",
    }),
    maxFilesListed: 100,
  });
});

afterAll(() => rmSync(join(project, ".."), { recursive: true, force: true }));

describe("git in a project with 5,000 new files", () => {
  it("lists a page of the changes with line counts, counts the rest, and makes a patch only when asked", async () => {
    const page = await git.changes("ses_1", 50);
    expect(page.files).toHaveLength(50);
    expect(page.more).toBe(5_001 - 50);
    expect(page.files[0]).toEqual({ path: "README.md", status: "modified", additions: 1, deletions: 1, patch: null });
    expect(page.files[1]).toEqual({ path: "out/f0000.txt", status: "added", additions: 1, deletions: 0, patch: null });
    // Asking past the cap gets the cap; the page after the last one held goes on from there, to the end.
    expect((await git.changes("ses_1", 5_000)).files).toHaveLength(100);
    const next = await git.changes("ses_1", 100, "out/f0048.txt");
    expect([next.files[0]?.path, next.files.at(-1)?.path, next.more]).toEqual([
      "out/f0049.txt",
      "out/f0148.txt",
      4_851,
    ]);
    const last = await git.changes("ses_1", 100, "out/f4989.txt");
    expect([last.files.length, last.files.at(-1)?.path, last.more]).toEqual([10, "out/f4999.txt", undefined]);
    // A filter: the paths holding it (ignoring case), paged like the rest.
    const found = await git.changes("ses_1", 4, undefined, "F499");
    expect([found.files.map((f) => f.path), found.more]).toEqual([
      ["out/f4990.txt", "out/f4991.txt", "out/f4992.txt", "out/f4993.txt"],
      6,
    ]);
    expect((await git.diff("ses_1", "README.md")).patch).toContain("+TWO");
    expect((await git.diff("ses_1", "out/f4999.txt")).patch).toContain("+generated out/f4999.txt");
    await expect(git.diff("ses_1", "out/none.txt")).rejects.toThrow(/not among the changed files/);
  });

  it("opens one file's patch from that file's own status, not the whole project's", async () => {
    // git's own trace of every command it runs (GIT_TRACE passes through the scrubbed environment).
    const trace = join(project, "..", "git-trace.txt");
    const traced = new ProjectGit({
      folderOf: async () => project,
      privateFolders: [],
      providerKeyNames: () => [],
      baseEnv: () => ({ ...process.env, GIT_TRACE: trace }),
    });
    expect((await traced.diff("ses_1", "out/f4999.txt")).patch).toContain("+generated out/f4999.txt");
    expect((await traced.diff("ses_1", "README.md")).patch).toContain("+TWO");
    const commands = readFileSync(trace, "utf8")
      .split("\n")
      .flatMap((line) => /trace: built-in: git (.*)$/.exec(line)?.[1] ?? []);
    const statuses = commands.filter((c) => c.startsWith("status "));
    expect(statuses).toHaveLength(2);
    expect(statuses[0]).toMatch(/ -- '?:\(literal\)out\/f4999\.txt'?$/);
    expect(statuses[1]).toMatch(/ -- '?:\(literal\)README\.md'?$/);
    expect(commands.filter((c) => /^(for-each-ref|log|remote)\b/.test(c))).toEqual([]);
  });

  it("lists a page in the git state and commits every changed file but the one left out, the unlisted ones too", async () => {
    const state = await git.state("ses_1");
    expect([state.files.length, state.moreFiles]).toEqual([100, 4_901]);
    // "Every file but this one" is a selection, counted over git's list first (its listing).
    const selection = { all: true, rules: [], chosen: [], leftOut: ["out/f0003.txt"] };
    const { listing, chosen } = await git.selection("ses_1", selection);
    expect(chosen).toBe(5_000);
    const made = await git.commit("ses_1", "Add the build", { selection, listing });
    expect(made.commit.subject).toBe("Add the build");
    expect(made.state.files.map((f) => f.path)).toEqual(["out/f0003.txt"]);
    expect(made.state.moreFiles).toBeUndefined();
  });
});

describe("a folder of 5,000 entries", () => {
  let server: Server;
  let url: string;
  beforeAll(async () => {
    await loadOpencodeSdk(); // the backend loads it with its first request
    // opencode's file.list for the folder, as it answers: every entry.
    server = createServer((req, res) => {
      const nodes = generated.map((path) => ({
        name: path.slice(4),
        path,
        absolute: join(project, path),
        type: "file",
        ignored: false,
      }));
      res.writeHead(req.url?.startsWith("/file?") ? 200 : 404, { "content-type": "application/json" });
      res.end(JSON.stringify(nodes));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it("sends the first entries by name, counts the rest, and sends every other a page at a time or by a filter", async () => {
    const supervisor = {
      logs: new LogBuffer(new Redactor(), 10),
      status: () => ({ state: "running" }),
      connection: () => ({ url, password: "x", username: "opencode", generation: 1 }),
    } as unknown as SidecarSupervisor;
    const files = new ProjectFiles(supervisor, async () => project, [], 2_000);
    const listing = await files.list("ses_1", "out");
    expect(listing.entries).toHaveLength(2_000);
    expect(listing.entries[0]?.path).toBe("out/f0000.txt");
    expect(listing.entries.at(-1)?.path).toBe("out/f1999.txt");
    expect(listing.more).toBe(3_000);
    const second = await files.list("ses_1", "out", { after: listing.next });
    expect([second.entries[0]?.path, second.more]).toEqual(["out/f2000.txt", 1_000]);
    const third = await files.list("ses_1", "out", { after: second.next });
    expect([third.entries.length, third.entries.at(-1)?.path, third.more, third.next]).toEqual([
      1_000,
      "out/f4999.txt",
      undefined,
      undefined,
    ]);
    const found = await files.list("ses_1", "out", { filter: "F49" });
    expect([found.entries.length, found.entries[0]?.path, found.more]).toEqual([100, "out/f4900.txt", undefined]);
  });
});

import { chmodSync, existsSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { gitIn, refusal, tempRepo } from "../../test/tempGitRepo.ts";
import { parseLog } from "./gitHistory.ts";

function repo() {
  const { root, project, projectGit } = tempRepo("git-history-");
  let when = Date.parse("2026-01-02T03:04:05Z") / 1000;
  // One commit a minute, so the order is the same on every machine; the author named Ada L.
  const git = gitIn(project, () => {
    when += 60;
    return { GIT_AUTHOR_DATE: `${when} +0100`, GIT_COMMITTER_DATE: `${when} +0100`, GIT_AUTHOR_NAME: "Ada L" };
  });
  return { root, project, git, projectGit };
}

/** first → second (a.txt changed, b.txt added, c.txt deleted) ⇢ side merged into main. */
function history() {
  const made = repo();
  const { project, git } = made;
  writeFileSync(join(project, "a.txt"), "one\ntwo\n");
  writeFileSync(join(project, "c.txt"), "gone soon\n");
  git("add", "-A");
  git("commit", "-qm", "First: the start");
  writeFileSync(join(project, "a.txt"), "one\n2\nthree\n");
  writeFileSync(join(project, "b.txt"), "new\n");
  rmSync(join(project, "c.txt"));
  git("add", "-A");
  git("commit", "-qm", "Second — with ünïcode");
  git("switch", "-q", "-c", "side");
  writeFileSync(join(project, "side.txt"), "from the side\n");
  git("add", "-A");
  git("commit", "-qm", "Side work");
  git("switch", "-q", "main");
  writeFileSync(join(project, "main.txt"), "on main\n");
  git("add", "-A");
  git("commit", "-qm", "Main work");
  git("merge", "-q", "--no-ff", "-m", "Merge side", "side");
  return made;
}

describe("the history", () => {
  it("lists the commits newest first, a page at a time, with author, date and parents", async () => {
    const { git, projectGit } = history();
    const first = await projectGit.log("s", 2, 0);
    expect(first.more).toBe(true);
    expect(first.commits.map((c) => [c.subject, c.parents])).toEqual([
      ["Merge side", 2],
      ["Main work", 1],
    ]);
    const head = first.commits[0]!;
    expect(head.hash).toBe(git("rev-parse", "HEAD").trim());
    expect(head.shortHash).toBe(git("rev-parse", "--short", "HEAD").trim());
    expect(head.author).toBe("Ada L");
    expect(head.date).toMatch(/^2026-01-02T\d\d:\d\d:\d\d\+01:00$/);

    const rest = await projectGit.log("s", 10, 2);
    expect(rest.more).toBe(false);
    expect(rest.commits.map((c) => [c.subject, c.parents])).toEqual([
      ["Side work", 1],
      ["Second — with ünïcode", 1],
      ["First: the start", 0],
    ]);
  });

  it("is empty before the first commit", async () => {
    const { projectGit } = repo();
    expect(await projectGit.log("s", 30, 0)).toEqual({ commits: [], more: false });
  });

  it("shows a commit's files with their counts: the first against nothing, a merge against its first parent", async () => {
    const { projectGit } = history();
    const [merge, , , second, first] = (await projectGit.log("s", 10, 0)).commits;

    const start = await projectGit.commitFiles("s", first!.shortHash);
    expect(start.hash).toBe(first!.hash);
    expect(start.files).toEqual([
      { path: "a.txt", status: "added", additions: 2, deletions: 0, patch: null },
      { path: "c.txt", status: "added", additions: 1, deletions: 0, patch: null },
    ]);
    expect((await projectGit.commitFiles("s", second!.hash)).files).toEqual([
      { path: "a.txt", status: "modified", additions: 2, deletions: 1, patch: null },
      { path: "b.txt", status: "added", additions: 1, deletions: 0, patch: null },
      { path: "c.txt", status: "deleted", additions: 0, deletions: 1, patch: null },
    ]);
    // What the merge brought into main: the side branch's file.
    expect((await projectGit.commitFiles("s", merge!.hash)).files.map((f) => f.path)).toEqual(["side.txt"]);

    const patch = await projectGit.commitDiff("s", second!.hash, "a.txt");
    expect(patch.patch).toMatch(/^-two$/m);
    expect(patch.patch).toMatch(/^\+three$/m);
    expect((await projectGit.commitDiff("s", first!.hash, "c.txt")).patch).toMatch(/^\+gone soon$/m);
  });

  it("refuses a hash that is not one, a commit that does not exist, a folder, and a file the commit did not change", async () => {
    const { project, git, projectGit } = history();
    const [head] = (await projectGit.log("s", 1, 0)).commits;
    for (const bad of ["--output=/tmp/x", "HEAD", "main", "abc", "g1234"])
      expect(await refusal(projectGit.commitFiles("s", bad))).toMatchObject({ httpStatus: 400 });
    expect(await refusal(projectGit.commitFiles("s", "0123456789abcdef"))).toMatchObject({
      httpStatus: 404,
      code: "not_found",
    });
    expect(await refusal(projectGit.commitDiff("s", head!.hash, "a.txt"))).toMatchObject({ httpStatus: 404 });
    // A folder is no file: its files' patches are not one patch (review 17b R6).
    const [, , , second] = (await projectGit.log("s", 10, 0)).commits;
    expect(await refusal(projectGit.commitDiff("s", second!.hash, "."))).toMatchObject({ httpStatus: 404 });
    mkdirSync(join(project, "src"));
    writeFileSync(join(project, "src", "x.ts"), "x\n");
    git("add", "-A");
    git("commit", "-qm", "src");
    const [src] = (await projectGit.log("s", 1, 0)).commits;
    expect(await refusal(projectGit.commitDiff("s", src!.hash, "src"))).toMatchObject({ httpStatus: 404 });
    expect((await projectGit.commitDiff("s", src!.hash, "src/x.ts")).patch).toMatch(/^\+x$/m);
    expect(await refusal(projectGit.commitDiff("s", head!.hash, "../a.txt"))).toMatchObject({
      httpStatus: 400,
      code: "invalid_path",
    });
  });

  it("says a commit's files are too many to list when git's output was cut, rather than list a cut name", async () => {
    const { projectGit } = history();
    const [head] = (await projectGit.log("s", 1, 0)).commits;
    const real = projectGit.git.bind(projectGit);
    // What runGit answers past its 8 MB of output (a commit of ~50,000 files with long paths).
    projectGit.git = async (scope, action, args, extra) => {
      const run = await real(scope, action, args, extra);
      return args.includes("--name-status") ? { ...run, outputCut: true } : run;
    };
    const refused = await refusal(projectGit.commitFiles("s", head!.hash));
    expect(refused).toMatchObject({ httpStatus: 409, code: "git_refused" });
    expect(refused.message).toMatch(/changed too many files to list here\. Run `git show --stat [0-9a-f]{12}`/);
  });

  it("runs neither the repository's core.fsmonitor nor its external diff", async () => {
    const { root, git, projectGit } = history();
    const ran = join(root, "ran");
    const program = join(root, "program.sh");
    writeFileSync(program, `#!/bin/sh\necho ran >> '${ran}'\nexit 1\n`);
    chmodSync(program, 0o755);
    git("config", "core.fsmonitor", program);
    git("config", "diff.external", program);
    const [head] = (await projectGit.log("s", 5, 0)).commits;
    await projectGit.commitFiles("s", head!.hash);
    await projectGit.commitDiff("s", head!.hash, "side.txt");
    expect(existsSync(ran)).toBe(false);
  });
});

describe("reading git log's records", () => {
  it("leaves out a record a control character in its subject split, and keeps the others", () => {
    const record = (subject: string) =>
      `${"a".repeat(40)}\x1faaaaaaa\x1fA\x1f2026-01-01T00:00:00Z\x1f\x1f${subject}\x1e`;
    expect(
      parseLog(`${record("fine")}\n${record("bad\x1fsplit")}\n${record("also fine")}\n`).map((c) => c.subject),
    ).toEqual(["fine", "also fine"]);
  });
});

// The Files tab's stashes with real git in a temp repository: every change put aside (a new file
// too) and brought back by apply, pop or dropped; a click refused when the list moved under it;
// a conflict and an overwrite each said with what to do, the stash kept.
import { execFileSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { gitIn, projectGitIn, refusal, tempRepo } from "../../test/tempGitRepo.ts";
import { parseStashes } from "./gitStash.ts";

function repo() {
  const { project, projectGit } = tempRepo("git-stash-");
  const git = gitIn(project);
  git("config", "user.email", "t@example.com");
  git("config", "user.name", "T");
  writeFileSync(join(project, "a.txt"), "committed\n");
  git("add", "-A");
  git("commit", "-qm", "init");
  const read = (name: string) => readFileSync(join(project, name), "utf8");
  return { project, git, projectGit, read };
}

describe("stashes", () => {
  it("puts every change aside, a new file too, and brings it back by apply, then pop, and drops one", async () => {
    const { project, git, projectGit, read } = repo();
    writeFileSync(join(project, "a.txt"), "mine\n");
    writeFileSync(join(project, "new.txt"), "new\n");
    const made = await projectGit.stash("s", "  before the\nrefactor ");
    expect(made.done).toMatch(/^Put your uncommitted changes aside \(new files too\)/);
    expect(made.state.files).toEqual([]);
    expect(made.stashes).toMatchObject([{ index: 0, message: "On main: before the refactor" }]);
    expect([read("a.txt"), existsSync(join(project, "new.txt"))]).toEqual(["committed\n", false]);

    const [kept] = made.stashes;
    const applied = await projectGit.stashAction("s", { index: 0, hash: kept!.hash, action: "apply" });
    expect(applied.done).toBe('Applied "On main: before the refactor"; the stash is kept.');
    expect([read("a.txt"), read("new.txt")]).toEqual(["mine\n", "new\n"]);
    expect(applied.stashes).toHaveLength(1);

    git("checkout", "--", "a.txt");
    rmSync(join(project, "new.txt"));
    const popped = await projectGit.stashAction("s", { index: 0, hash: kept!.hash, action: "pop" });
    expect(popped.stashes).toEqual([]);
    expect(read("a.txt")).toBe("mine\n");

    const second = await projectGit.stash("s");
    expect(second.stashes[0]!.message).toMatch(/^WIP on main: [0-9a-f]+ init$/);
    const dropped = await projectGit.stashAction("s", { index: 0, hash: second.stashes[0]!.hash, action: "drop" });
    expect(dropped.done).toMatch(/^Dropped "WIP on main/);
    expect(dropped.stashes).toEqual([]);
    expect(read("a.txt")).toBe("committed\n");
  });

  it("says when there is nothing to stash", async () => {
    const { projectGit } = repo();
    const refused = await refusal(projectGit.stash("s"));
    expect(refused).toMatchObject({ httpStatus: 409, code: "nothing_to_commit" });
    expect(await projectGit.stashes("s")).toEqual([]);
  });

  it("does nothing when the stash at that place is another one now (the agent stashed meanwhile)", async () => {
    const { project, git, projectGit, read } = repo();
    writeFileSync(join(project, "a.txt"), "mine\n");
    const [mine] = (await projectGit.stash("s")).stashes;
    writeFileSync(join(project, "a.txt"), "the agent's\n");
    git("stash", "push", "-m", "agent");
    const refused = await refusal(projectGit.stashAction("s", { index: 0, hash: mine!.hash, action: "drop" }));
    expect(refused.message).toMatch(/^The stashes changed since the list was read/);
    expect((await projectGit.stashes("s")).map((s) => s.message)).toEqual(["On main: agent", mine!.message]);
    expect(read("a.txt")).toBe("committed\n");
  });

  it("says a pop stopped on conflicts and keeps the stash, and that an apply would overwrite a new file", async () => {
    const { project, git, projectGit, read } = repo();
    writeFileSync(join(project, "a.txt"), "stashed\n");
    const [first] = (await projectGit.stash("s")).stashes;
    writeFileSync(join(project, "a.txt"), "committed since\n");
    git("commit", "-qam", "since");
    const conflict = await refusal(projectGit.stashAction("s", { index: 0, hash: first!.hash, action: "pop" }));
    expect(conflict.message).toMatch(/^The stash's changes conflict with yours in the files below.*The stash is kept/s);
    expect(read("a.txt")).toMatch(/^<<<<<<< /);
    expect((await projectGit.stashes("s")).map((s) => s.hash)).toEqual([first!.hash]);

    git("reset", "-q", "--hard");
    writeFileSync(join(project, "b.txt"), "stashed new file\n");
    const [second] = (await projectGit.stash("s")).stashes;
    writeFileSync(join(project, "b.txt"), "made again since\n");
    const overwrite = await refusal(projectGit.stashAction("s", { index: 0, hash: second!.hash, action: "apply" }));
    expect(overwrite.message).toMatch(/^The stash holds new files that exist again \(listed below\)/);
    expect(read("b.txt")).toBe("made again since\n");
  });
});

describe("stashes, reviewed (17c)", () => {
  it("brings a staged change back staged, so pop loses nothing the index held", async () => {
    const { project, git, projectGit, read } = repo();
    writeFileSync(join(project, "a.txt"), "staged\n");
    git("add", "a.txt");
    writeFileSync(join(project, "a.txt"), "committed\n"); // on disk as committed, staged otherwise
    const [kept] = (await projectGit.stash("s")).stashes;
    await projectGit.stashAction("s", { index: 0, hash: kept!.hash, action: "pop" });
    expect(git("show", ":a.txt")).toBe("staged\n");
    expect(read("a.txt")).toBe("committed\n");
  });

  it("never moves the backend's data folder into a stash when the project holds it", async () => {
    const { project, read } = repo();
    const data = join(project, "data");
    const projectGit = projectGitIn(project, data); // a home folder under git, the backend's data in it
    mkdirSync(data);
    writeFileSync(join(data, "db.json"), "{}\n");
    writeFileSync(join(project, "a.txt"), "mine\n");
    await projectGit.stash("s");
    expect(read("data/db.json")).toBe("{}\n");
    expect(read("a.txt")).toBe("committed\n");
  });

  it("keeps a message's control characters out, and the stash it made listed", async () => {
    const { project, projectGit } = repo();
    writeFileSync(join(project, "a.txt"), "mine\n");
    const made = await projectGit.stash("s", "split\u001fhere\u001e and\tthere");
    expect(made.stashes.map((s) => s.message)).toEqual(["On main: split here and there"]);
  });

  it("says what to do before the first commit", async () => {
    const { project, git, projectGit } = repo();
    git("update-ref", "-d", "HEAD");
    writeFileSync(join(project, "a.txt"), "mine\n");
    const refused = await refusal(projectGit.stash("s"));
    expect(refused.message).toBe("There is no commit yet to stash against: make a first commit, then stash.");
  });

  it("reads the list without running the gpg.program a log.showSignature in .git/config names", async () => {
    const { project, git, projectGit } = repo();
    writeFileSync(join(project, "a.txt"), "mine\n");
    git("stash", "push", "-q");
    // A stash commit carrying a signature, stored as a stash: what `log -g` would verify.
    const raw = git("cat-file", "commit", "refs/stash");
    const signed = raw.replace(
      /^(committer .*)$/m,
      "$1\ngpgsig -----BEGIN PGP SIGNATURE-----\n \n iQEzBAABCAAdFiEE\n -----END PGP SIGNATURE-----",
    );
    const hash = execFileSync("git", ["hash-object", "-t", "commit", "-w", "--stdin"], {
      cwd: project,
      input: signed,
      encoding: "utf8",
    }).trim();
    git("stash", "store", "-m", "signed", hash);
    const ran = join(project, "..", "gpg-ran");
    const program = join(project, "..", "gpg.sh");
    writeFileSync(program, `#!/bin/sh\necho ran >> '${ran}'\nexit 1\n`);
    chmodSync(program, 0o755);
    git("config", "log.showSignature", "true");
    git("config", "gpg.program", program);
    expect((await projectGit.stashes("s")).map((s) => s.message)).toContain("signed");
    expect(existsSync(ran)).toBe(false);
  });
});

describe("git stash list's records", () => {
  it("reads each stash's place, commit, message and date, leaving out what it cannot", () => {
    const hash = "b".repeat(40);
    const text = `stash@{0}\x1f${hash}\x1fOn main: x\x1f2026-11-23T18:37:10+00:00\x1e\nstash@{1}\x1fnot a hash\x1fy\x1fz\x1e\n`;
    expect(parseStashes(text)).toEqual([{ index: 0, hash, message: "On main: x", date: "2026-11-23T18:37:10+00:00" }]);
  });
});

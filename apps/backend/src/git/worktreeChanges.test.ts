// A worktree's changes summed up and brought into the main folder, with real git in temp
// repositories: its commits, uncommitted edits and new files all count (ignored ones do not), a
// commit made here since is not undone, bytes arrive exactly (binary, not UTF-8, CRLF line ends), the worktree's
// own index is left as it was; a clash, a chat replying, a folder below the top, a filter we do not
// run change nothing; changes brought before are said to be here; a rewritten .git file is ignored.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { gitIn, refusal, tempRepo } from "../../test/tempGitRepo.ts";
import { ProjectGit } from "./projectGit.ts";

/** Latin-1 "café" and a few bytes no text decoder keeps. */
const latin1 = Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x0a]);
const binary = Buffer.from([0x00, 0xff, 0xfe, 0x80, 0x81, 0x0a, 0x00]);

function repo(replying: (folder: string) => boolean = () => false) {
  const { root, project } = tempRepo("git-worktree-changes-");
  const git = gitIn(project);
  writeFileSync(join(project, "a.txt"), "one\ntwo\nthree\n");
  writeFileSync(join(project, "gone.txt"), "to be deleted\n");
  writeFileSync(join(project, ".gitignore"), "build/\n");
  mkdirSync(join(project, "pkg"));
  writeFileSync(join(project, "pkg", "p.txt"), "p\n");
  git("add", "-A");
  git("commit", "-qm", "init");
  const worktree = join(root, "project.worktrees", "try-1");
  const projectGit = new ProjectGit({
    // "main" in the repository's folder, "run" in the worktree, "sub" in a folder inside the repository.
    folderOf: async (id) => (id === "run" ? worktree : id === "sub" ? join(project, "pkg") : project),
    privateFolders: [join(root, "data")],
    providerKeyNames: () => [],
    localDeadlineMs: 20_000,
    worktrees: { projectIdOf: () => null, replyingIn: replying, releaseFolder: async () => {} },
  });
  return { root, project, git, projectGit, worktree };
}

/** The run's work: a commit on its branch, then edits left uncommitted, a staged one, new and ignored files. */
async function runWorks(r: ReturnType<typeof repo>) {
  await r.projectGit.addWorktree("main", "try/1");
  const wt = gitIn(r.worktree);
  writeFileSync(join(r.worktree, "committed.txt"), "made and committed by the run\n");
  wt("add", "committed.txt");
  wt("commit", "-qm", "run's commit");
  writeFileSync(join(r.worktree, "a.txt"), "one\nTWO\nthree\nfour\n");
  writeFileSync(join(r.worktree, "staged.txt"), "staged, not committed\n");
  wt("add", "staged.txt");
  writeFileSync(join(r.worktree, "latin1.txt"), latin1);
  writeFileSync(join(r.worktree, "image.bin"), binary);
  wt("rm", "-q", "gone.txt");
  mkdirSync(join(r.worktree, "build"));
  writeFileSync(join(r.worktree, "build", "out.js"), "ignored\n");
  return wt;
}

describe("a worktree's changes", () => {
  it("sums up its commits, uncommitted edits and new files since its branch left, leaving its index as it was", async () => {
    const r = repo();
    const wt = await runWorks(r);
    // A commit here after the run started is not one the run undid.
    writeFileSync(join(r.project, "later.txt"), "committed here later\n");
    r.git("add", "later.txt");
    r.git("commit", "-qm", "later");
    const statusBefore = wt("status", "--porcelain");
    const index = wt("rev-parse", "--path-format=absolute", "--git-path", "index").trim();
    const indexBefore = readFileSync(index);

    const changes = await r.projectGit.worktreeChanges("main", r.worktree);

    expect(changes).toMatchObject({ path: r.worktree, branch: "try/1", fileCount: 6 });
    expect(changes.files).toEqual([
      { path: "a.txt", status: "M", additions: 2, deletions: 1 },
      { path: "committed.txt", status: "A", additions: 1, deletions: 0 },
      { path: "gone.txt", status: "D", additions: 0, deletions: 1 },
      { path: "image.bin", status: "A", additions: null, deletions: null },
      { path: "latin1.txt", status: "A", additions: 1, deletions: 0 },
      { path: "staged.txt", status: "A", additions: 1, deletions: 0 },
    ]);
    expect(changes.additions).toBe(5);
    expect(changes.deletions).toBe(2);
    expect(wt("status", "--porcelain")).toBe(statusBefore);
    expect(readFileSync(index).equals(indexBefore)).toBe(true);
  });

  it("brings them here uncommitted and byte for byte, nothing staged, the worktree unchanged, whatever diff.context says", async () => {
    const r = repo();
    const wt = await runWorks(r);
    const statusBefore = wt("status", "--porcelain");
    r.git("config", "diff.context", "0"); // a patch without context would not apply

    const taken = await r.projectGit.takeWorktreeChanges("main", r.worktree);

    expect(taken.done).toBe(
      "Brought the changes of the branch try/1 here: 6 files, uncommitted. The worktree keeps its own copy.",
    );
    expect(taken.fileCount).toBe(6);
    expect(readFileSync(join(r.project, "a.txt"), "utf8")).toBe("one\nTWO\nthree\nfour\n");
    expect(readFileSync(join(r.project, "committed.txt"), "utf8")).toBe("made and committed by the run\n");
    expect(readFileSync(join(r.project, "latin1.txt")).equals(latin1)).toBe(true);
    expect(readFileSync(join(r.project, "image.bin")).equals(binary)).toBe(true);
    expect(() => readFileSync(join(r.project, "gone.txt"))).toThrow();
    expect(() => readFileSync(join(r.project, "build", "out.js"))).toThrow();
    expect(r.git("diff", "--cached", "--name-only")).toBe("");
    expect(r.git("log", "--format=%s")).toBe("init\n");
    expect(taken.state.files.map((f) => f.path).sort()).toEqual(
      ["a.txt", "committed.txt", "gone.txt", "image.bin", "latin1.txt", "staged.txt"].sort(),
    );
    expect(wt("status", "--porcelain")).toBe(statusBefore);
  });

  it("keeps Windows line ends where git converts them (core.autocrlf), on both sides", async () => {
    const r = repo();
    r.git("config", "core.autocrlf", "true");
    writeFileSync(join(r.project, "a.txt"), "one\r\ntwo\r\nthree\r\n"); // as a checkout on Windows writes it
    await r.projectGit.addWorktree("main", "try/1");
    expect(readFileSync(join(r.worktree, "a.txt"), "utf8")).toBe("one\r\ntwo\r\nthree\r\n");
    writeFileSync(join(r.worktree, "a.txt"), "one\r\nTWO\r\nthree\r\n");

    expect((await r.projectGit.worktreeChanges("main", r.worktree)).files).toEqual([
      { path: "a.txt", status: "M", additions: 1, deletions: 1 },
    ]);
    await r.projectGit.takeWorktreeChanges("main", r.worktree);
    expect(readFileSync(join(r.project, "a.txt"), "utf8")).toBe("one\r\nTWO\r\nthree\r\n");
  });

  it("changes nothing here when a file they touch was changed here too, and says what to do", async () => {
    const r = repo();
    await runWorks(r);
    writeFileSync(join(r.project, "a.txt"), "one\nmine\nthree\n");

    const refused = await refusal(r.projectGit.takeWorktreeChanges("main", r.worktree));

    expect(refused).toMatchObject({ httpStatus: 409, code: "git_refused" });
    expect(refused.message).toMatch(
      /^The changes of the branch try\/1 were not brought here, and nothing was changed: files they change differ here \(changed, added or deleted here too, or some of them brought already\)\. Commit, stash or move the changes here first, or merge the branch in a terminal\.\n.*a\.txt/s,
    );
    expect(readFileSync(join(r.project, "a.txt"), "utf8")).toBe("one\nmine\nthree\n");
    expect(r.git("status", "--porcelain")).toBe(" M a.txt\n");
  });

  it("says changes brought before and committed since are here already, and a write git stopped partway as such", async () => {
    const r = repo();
    await r.projectGit.addWorktree("main", "try/1");
    writeFileSync(join(r.worktree, "a.txt"), "one\nTWO\nthree\n");
    await r.projectGit.takeWorktreeChanges("main", r.worktree);
    r.git("commit", "-qam", "kept the run's change");
    expect((await refusal(r.projectGit.takeWorktreeChanges("main", r.worktree))).message).toBe(
      "The changes of the branch try/1 are here already: nothing was changed.",
    );

    // A file here named like a folder the run made: git's check passes, its write fails.
    const other = repo();
    await other.projectGit.addWorktree("main", "try/1");
    mkdirSync(join(other.worktree, "dir"));
    writeFileSync(join(other.worktree, "dir", "file.txt"), "in a folder\n");
    writeFileSync(join(other.worktree, "b.txt"), "b\n");
    writeFileSync(join(other.project, "dir"), "a file here\n");
    const stopped = await refusal(other.projectGit.takeWorktreeChanges("main", other.worktree));
    expect(stopped.message).toMatch(
      /^git stopped partway through bringing the changes of the branch try\/1: some files here may have changed\. The Files tab lists them\./,
    );
  });

  it("refuses files that go through the repository's own filter, which it does not run", async () => {
    const r = repo();
    r.git("config", "filter.strip.clean", "sed /^OUT/d");
    writeFileSync(join(r.project, ".gitattributes"), "*.nb filter=strip\n");
    r.git("add", ".gitattributes");
    r.git("commit", "-qm", "filter notebooks");
    await r.projectGit.addWorktree("main", "try/1");
    writeFileSync(join(r.worktree, "x.nb"), "cell\nOUT 1\n");

    expect((await refusal(r.projectGit.takeWorktreeChanges("main", r.worktree))).message).toBe(
      'x.nb goes through this repository\'s own "strip" filter, which OpenCode Turnkey does not run: bring the changes of the branch try/1 over in a terminal (git merge, or git checkout of the files).',
    );
    expect(existsSync(join(r.project, "x.nb"))).toBe(false);
  });

  it("works on the worktree git records, whatever the run's agent writes in its .git file", async () => {
    const r = repo();
    await r.projectGit.addWorktree("main", "try/1");
    writeFileSync(join(r.worktree, "a.txt"), "one\nTWO\nthree\n");
    // A fake git folder whose work tree is the backend's data folder, named from the worktree's .git.
    const data = join(r.root, "data");
    mkdirSync(data, { recursive: true });
    writeFileSync(join(data, "secrets.env"), "SIDECAR_PASSWORD=not-for-the-agent\n");
    const fake = join(r.worktree, ".evil");
    mkdirSync(join(fake, "objects", "info"), { recursive: true });
    mkdirSync(join(fake, "refs"));
    writeFileSync(join(fake, "HEAD"), `${r.git("rev-parse", "HEAD").trim()}\n`);
    writeFileSync(join(fake, "objects", "info", "alternates"), `${join(r.project, ".git", "objects")}\n`);
    writeFileSync(
      join(fake, "config"),
      `[core]\n\trepositoryformatversion = 0\n\tbare = false\n\tworktree = ${data}\n`,
    );
    writeFileSync(join(r.worktree, ".git"), "gitdir: ./.evil\n");

    const changes = await r.projectGit.worktreeChanges("main", r.worktree);
    expect(changes.files.map((f) => f.path)).toContain("a.txt");
    expect(changes.files.map((f) => f.path)).not.toContain("secrets.env");
    await r.projectGit.takeWorktreeChanges("main", r.worktree);
    expect(existsSync(join(r.project, "secrets.env"))).toBe(false);
    expect(readFileSync(join(r.project, "a.txt"), "utf8")).toBe("one\nTWO\nthree\n");
    expect(readFileSync(join(r.project, "gone.txt"), "utf8")).toBe("to be deleted\n");
  });

  it("refuses while a chat replies in either folder, for its own folder, in a folder that is not a repository's top, or with nothing to bring", async () => {
    let busy = "";
    const r = repo((folder) => folder === busy);
    await r.projectGit.addWorktree("main", "try/1");

    expect((await refusal(r.projectGit.takeWorktreeChanges("main", r.worktree))).message).toBe(
      "Nothing to bring: the branch try/1 has no changes since it left this folder's branch.",
    );
    writeFileSync(join(r.worktree, "new.txt"), "new\n");
    for (const folder of [r.project, r.worktree]) {
      busy = folder;
      expect((await refusal(r.projectGit.takeWorktreeChanges("main", r.worktree))).message).toMatch(
        /^A chat is replying in .*: stop it \(or let it finish\), then bring the changes over\.$/,
      );
    }
    busy = "";
    expect(await refusal(r.projectGit.takeWorktreeChanges("run", r.worktree))).toMatchObject({ httpStatus: 400 });
    expect((await refusal(r.projectGit.takeWorktreeChanges("sub", r.worktree))).message).toMatch(
      /not a git repository of its own/,
    );
    expect(await refusal(r.projectGit.worktreeChanges("main", "/not/listed"))).toMatchObject({ httpStatus: 404 });
    expect(r.git("status", "--porcelain")).toBe("");

    await r.projectGit.takeWorktreeChanges("main", r.worktree);
    expect(readFileSync(join(r.project, "new.txt"), "utf8")).toBe("new\n");
  });
});

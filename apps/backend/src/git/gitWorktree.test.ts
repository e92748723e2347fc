// The Files tab's worktrees with real git in temp repositories: a new one on its own branch beside
// the main folder (an existing branch checked out too), each refusal changing nothing, and removal:
// refused with uncommitted changes until asked again, never the main folder or a locked one, never
// while a chat replies there, and OpenCode let go of the folder first.
import { chmodSync, existsSync, mkdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { gitIn, refusal, tempRepo } from "../../test/tempGitRepo.ts";
import { parseWorktrees, worktreeFolderName } from "./gitWorktree.ts";
import { ProjectGit } from "./projectGit.ts";

function repo(options: { inUse?: (folder: string) => boolean } = {}) {
  const { root, project } = tempRepo("git-worktree-");
  const git = gitIn(project);
  writeFileSync(join(project, "a.txt"), "committed\n");
  git("add", "-A");
  git("commit", "-qm", "init");
  const released: string[] = [];
  const worktreeFolder = join(root, "project.worktrees", "feature-login");
  const projectGit = new ProjectGit({
    // Chat "main" works in the repository's folder, chat "wt" in the worktree made below.
    folderOf: async (sessionID) => (sessionID === "wt" ? worktreeFolder : project),
    privateFolders: [join(root, "data")],
    providerKeyNames: () => [],
    localDeadlineMs: 20_000,
    worktrees: {
      projectIdOf: (folder) => (folder === project ? "prj_main" : null),
      replyingIn: options.inUse ?? (() => false),
      releaseFolder: async (folder) => {
        released.push(folder);
      },
    },
  });
  return { root, project, git, projectGit, released, worktreeFolder };
}

/** A repository whose checkout waits 30 s on a filter, and a ProjectGit with the limits given. */
function slowCheckout(limits: { networkDeadlineMs?: number; networkBudgetMs?: number }) {
  const { root, project } = tempRepo("git-worktree-slow-");
  const git = gitIn(project);
  writeFileSync(join(project, ".gitattributes"), "*.txt filter=slow\n");
  writeFileSync(join(project, "a.txt"), "a\n");
  git("add", "-A");
  git("commit", "-qm", "init");
  git("config", "filter.slow.smudge", "sleep 30; cat");
  const projectGit = new ProjectGit({
    folderOf: async () => project,
    privateFolders: [],
    providerKeyNames: () => [],
    ...limits,
  });
  return { root, git, projectGit };
}

describe("worktrees", () => {
  it("makes a branch from the last commit checked out in a folder beside the repository, each folder's changes its own", async () => {
    const { project, git, projectGit, worktreeFolder } = repo();
    const made = await projectGit.addWorktree("main", " feature/login ");
    expect(made.path).toBe(worktreeFolder);
    expect(made.done).toMatch(
      /^Made the branch feature\/login from [0-9a-f]{7} and checked it out in a new worktree: /,
    );
    expect(readFileSync(join(worktreeFolder, "a.txt"), "utf8")).toBe("committed\n");
    expect(made.worktrees).toEqual([
      expect.objectContaining({ path: project, branch: "main", main: true, current: true, projectId: "prj_main" }),
      expect.objectContaining({
        path: worktreeFolder,
        branch: "feature/login",
        main: false,
        current: false,
        missing: false,
        projectId: null,
      }),
    ]);
    expect(git("rev-parse", "feature/login")).toBe(git("rev-parse", "main"));

    // The worktree's chat sees itself as current, and its new file is not the main folder's change.
    writeFileSync(join(worktreeFolder, "b.txt"), "agent's work\n");
    expect((await projectGit.worktrees("wt")).map((w) => w.current)).toEqual([false, true]);
    expect((await projectGit.state("wt")).files.map((f) => f.path)).toEqual(["b.txt"]);
    expect((await projectGit.state("main")).files).toEqual([]);
  });

  it("checks out an existing branch, and refuses one checked out elsewhere, a taken folder or a bad name, making nothing", async () => {
    const { root, git, projectGit } = repo();
    git("branch", "older");
    const existing = await projectGit.addWorktree("main", "older");
    expect(existing.done).toBe(`Checked out older in a new worktree: ${join(root, "project.worktrees", "older")}.`);

    const checkedOut = await refusal(projectGit.addWorktree("main", "main"));
    expect(checkedOut).toMatchObject({ httpStatus: 409, code: "git_refused" });
    expect(checkedOut.message).toContain(`The branch main is already checked out in ${join(root, "project")}`);

    mkdirSync(join(root, "project.worktrees", "taken"), { recursive: true });
    const taken = await refusal(projectGit.addWorktree("main", "taken"));
    expect(taken.message).toMatch(/already exists, and a worktree needs a folder of its own/);
    for (const bad of ["-x", "a..b", "two words"])
      expect(await refusal(projectGit.addWorktree("main", bad))).toMatchObject({
        httpStatus: 400,
        code: "invalid_branch",
      });
    expect(git("branch", "--list", "taken", "a..b")).toBe("");
    expect((await projectGit.worktrees("main")).map((w) => w.branch)).toEqual(["main", "older"]);
  });

  it("says to make a first commit when there is none", async () => {
    const { root } = tempRepo("git-worktree-empty-");
    const projectGit = new ProjectGit({
      folderOf: async () => join(root, "project"),
      privateFolders: [],
      providerKeyNames: () => [],
    });
    const refused = await refusal(projectGit.addWorktree("s", "first"));
    expect(refused.message).toMatch(/There is no commit yet to start a branch from/);
    expect(existsSync(join(root, "project.worktrees"))).toBe(false);
  });

  it("removes a worktree only when asked again if it holds changes (nothing let go of before), keeping its branch", async () => {
    const { git, projectGit, released, worktreeFolder } = repo();
    await projectGit.addWorktree("main", "feature/login");
    writeFileSync(join(worktreeFolder, "new.txt"), "unsaved work\n");

    const refused = await refusal(projectGit.removeWorktree("main", worktreeFolder, false));
    expect(refused).toMatchObject({ httpStatus: 409, code: "worktree_has_changes" });
    expect(readFileSync(join(worktreeFolder, "new.txt"), "utf8")).toBe("unsaved work\n");
    expect(released).toEqual([]); // a refusal leaves OpenCode's terminals and watchers there alone

    const removed = await projectGit.removeWorktree("main", worktreeFolder, true);
    expect(removed.done).toBe(
      `Removed the worktree ${worktreeFolder} and its uncommitted changes. The branch feature/login stays: merge it, or delete it in a terminal (git branch -D feature/login).`,
    );
    expect(existsSync(worktreeFolder)).toBe(false);
    expect(removed.worktrees.map((w) => w.branch)).toEqual(["main"]);
    expect(git("branch", "--list", "feature/login").trim()).toBe("feature/login");
    expect(released).toEqual([worktreeFolder]);
  });

  it("never removes the main folder, a locked worktree or one a chat replies in; a folder deleted by hand is cleared", async () => {
    let replying = true;
    const { project, git, projectGit, released, worktreeFolder } = repo({
      inUse: () => replying,
    });
    await projectGit.addWorktree("main", "feature/login");

    expect(await refusal(projectGit.removeWorktree("main", project, false))).toMatchObject({ httpStatus: 400 });
    expect(await refusal(projectGit.removeWorktree("main", "/not/listed", false))).toMatchObject({ httpStatus: 404 });
    const busy = await refusal(projectGit.removeWorktree("main", worktreeFolder, false));
    expect(busy.message).toBe(
      "A chat is replying in that worktree: stop it (or let it finish), then remove the worktree.",
    );
    expect(released).toEqual([]);

    replying = false;
    git("worktree", "lock", "--reason", "on a USB disk", worktreeFolder);
    const locked = await refusal(projectGit.removeWorktree("main", worktreeFolder, true));
    expect(locked.message).toMatch(/is locked \(on a USB disk\), so it is not removed from here/);
    git("worktree", "unlock", worktreeFolder);
    expect(existsSync(worktreeFolder)).toBe(true);

    rmSync(worktreeFolder, { recursive: true, force: true });
    expect((await projectGit.worktrees("main"))[1]).toMatchObject({ path: worktreeFolder, missing: true });
    const cleared = await projectGit.removeWorktree("main", worktreeFolder, false);
    expect(cleared.worktrees).toHaveLength(1);
    expect(released).toEqual([]); // nothing there to let go of
  });

  it("removes the worktree its own chat works in", async () => {
    const { projectGit, worktreeFolder } = repo();
    await projectGit.addWorktree("main", "feature/login");
    const removed = await projectGit.removeWorktree("wt", worktreeFolder, false);
    expect(existsSync(worktreeFolder)).toBe(false);
    expect(removed.done).toMatch(/This chat's folder is gone; its history stays readable in the projects' list\.$/);
    expect(removed.state).toBeUndefined();
    expect(removed.worktrees.map((w) => w.main)).toEqual([true]);
  });
});

describe("worktrees when git fails", () => {
  it("clears what a failed checkout left (its record, folder and new branch), so the name can be used again", async () => {
    const { root, git, projectGit } = repo();
    // A filter the checkout must run, which fails: git stops part-way through the new folder.
    writeFileSync(join(root, "project", ".gitattributes"), "*.txt filter=broken\n");
    git("add", "-A");
    git("commit", "-qm", "attributes");
    git("config", "filter.broken.smudge", "false");
    git("config", "filter.broken.required", "true");
    const refused = await refusal(projectGit.addWorktree("main", "feature/login"));
    expect(refused.httpStatus).toBeGreaterThanOrEqual(400);
    expect(existsSync(join(root, "project.worktrees"))).toBe(false);
    expect(git("branch", "--list", "feature/login")).toBe("");
    expect((await projectGit.worktrees("main")).map((w) => w.path)).toEqual([join(root, "project")]);

    git("config", "--unset", "filter.broken.required");
    git("config", "filter.broken.smudge", "cat");
    expect((await projectGit.addWorktree("main", "feature/login")).worktrees).toHaveLength(2);
  });

  it("clears a checkout ended at its deadline", async () => {
    const { root, git, projectGit } = slowCheckout({ networkDeadlineMs: 1_500 });
    const refused = await refusal(projectGit.addWorktree("s", "slow"));
    expect(refused).toMatchObject({ httpStatus: 504, code: "git_timeout" });
    expect(git("worktree", "list", "--porcelain").match(/^worktree /gm)).toHaveLength(1);
    expect(existsSync(join(root, "project.worktrees", "slow"))).toBe(false);
    expect(git("branch", "--list", "slow")).toBe("");
  }, 20_000);

  it("runs no hook of the repository's on the checkout", async () => {
    const { root, project, projectGit } = repo();
    const hook = join(project, ".git", "hooks", "post-checkout");
    writeFileSync(hook, `#!/bin/sh\ntouch "${join(root, "hook-ran")}"\nexit 3\n`);
    chmodSync(hook, 0o755);
    await projectGit.addWorktree("main", "feature/login");
    expect(existsSync(join(root, "hook-ran"))).toBe(false);
  });

  it("says a chat's folder is gone rather than that git is missing, and removes a path spelled with /./", async () => {
    const { projectGit, worktreeFolder } = repo();
    await projectGit.addWorktree("main", "feature/login");
    await projectGit.removeWorktree("main", `${worktreeFolder}/./`, false);
    const gone = await refusal(projectGit.state("wt"));
    expect(gone).toMatchObject({ httpStatus: 404 });
    expect(gone.message).toBe(
      `The folder ${worktreeFolder} no longer exists, so git cannot run in it. Its chats stay readable: open another project to go on.`,
    );
  });
});

describe("worktrees refused before anything is touched", () => {
  it("refuses a branch name that differs from an existing one only in case", async () => {
    const { git, projectGit } = repo();
    git("branch", "Feature");
    const refused = await refusal(projectGit.addWorktree("main", "feature"));
    expect(refused.message).toMatch(/^There is a branch named Feature: a name that differs from it only in case/);
    expect(git("branch", "--list", "feature", "Feature").trim()).toBe("Feature");
  });

  it("refuses removing a worktree with submodules, or one whose own chat runs a git action, letting go of nothing", async () => {
    const { projectGit, released, worktreeFolder } = repo();
    await projectGit.addWorktree("main", "feature/login");
    let finish = () => {};
    const running = projectGit.exclusive(realpathSync(worktreeFolder), () => new Promise<void>((r) => (finish = r)));
    const busy = await refusal(projectGit.removeWorktree("main", worktreeFolder, false));
    expect(busy.message).toBe(
      "A git action is running in that worktree (from its own chat's Files tab): wait for it to finish, then remove it.",
    );
    finish();
    await running;

    writeFileSync(join(worktreeFolder, ".gitmodules"), '[submodule "lib"]\n\tpath = lib\n\turl = ../lib\n');
    const submodules = await refusal(projectGit.removeWorktree("main", worktreeFolder, false));
    expect(submodules).toMatchObject({ code: "worktree_has_changes" });
    expect(submodules.message).toMatch(/holds submodules, which git removes only when told to/);
    expect(released).toEqual([]);
    expect(existsSync(worktreeFolder)).toBe(true);
  });

  it("clears a checkout that used up the action's whole time, its branch included", async () => {
    const { root, git, projectGit } = slowCheckout({ networkBudgetMs: 2_000 });
    expect(await refusal(projectGit.addWorktree("s", "slow"))).toMatchObject({ code: "git_timeout" });
    expect(git("branch", "--list", "slow")).toBe("");
    expect(existsSync(join(root, "project.worktrees", "slow"))).toBe(false);
  }, 20_000);
});

describe("parseWorktrees", () => {
  it("reads git's -z records: the main folder first, detached, locked and prunable ones, a new line in a path", () => {
    const text = [
      "worktree /r/app\0HEAD 1111111111111111111111111111111111111111\0branch refs/heads/main\0\0",
      "worktree /r/app.worktrees/x\ny\0HEAD 2222222222222222222222222222222222222222\0detached\0locked\0\0",
      "worktree /r/gone\0HEAD 3333333333333333333333333333333333333333\0branch refs/heads/feature/gone\0locked on a disk\0prunable gitdir file points to non-existent location\0\0",
    ].join("");
    expect(parseWorktrees(text)).toEqual([
      {
        path: "/r/app",
        head: "1111111111111111111111111111111111111111",
        branch: "main",
        bare: false,
        prunable: false,
      },
      {
        path: "/r/app.worktrees/x\ny",
        head: "2222222222222222222222222222222222222222",
        branch: null,
        bare: false,
        prunable: false,
        locked: "",
      },
      {
        path: "/r/gone",
        head: "3333333333333333333333333333333333333333",
        branch: "feature/gone",
        bare: false,
        prunable: true,
        locked: "on a disk",
      },
    ]);
  });
});

describe("worktreeFolderName", () => {
  it("names the folder after the branch in characters every system takes, never a Windows device name", () => {
    expect(worktreeFolderName("feature/login")).toBe("feature-login");
    expect(worktreeFolderName("fix: the <bug>?")).toBe("fix-the-bug");
    expect(worktreeFolderName("ünïcode/テスト")).toBe("ünïcode-テスト");
    expect(worktreeFolderName("..hidden.")).toBe("hidden");
    expect(worktreeFolderName("con")).toBe("wt-con");
    expect(worktreeFolderName("COM1.fix")).toBe("wt-COM1.fix");
    expect(worktreeFolderName("console")).toBe("console");
    expect(worktreeFolderName("///")).toBe("worktree");
    expect(worktreeFolderName("a".repeat(100))).toHaveLength(64);
  });
});

// The Files tab's discard, history, stash and worktree routes (a worktree's changes brought here too) through the backend (the fake sidecar names
// the session's folder) with real git in a temp repository: each round trip once, and what the
// routes refuse before git sees it. The git work itself is tested in apps/backend/src/git/
// (discard.test.ts, gitHistory.test.ts, gitStash.test.ts, gitWorktree.test.ts).
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { backendIn, call, git, repo } from "./gitProject.ts";
import { bearer } from "./harness.ts";

describe("discard and its undo", () => {
  it("discards a file's changes through the route, undoes it, and refuses a body that names nothing", async () => {
    const project = repo();
    const committed = readFileSync(join(project, "notes.txt"), "utf8");
    writeFileSync(join(project, "notes.txt"), "my change\n");
    const backend = await backendIn(project);

    for (const [route, body] of [
      ["discard", {}],
      ["discard", { path: "" }],
      ["undo-discard", { undo: "" }],
    ] as const) {
      const refused = await call(backend, route, body);
      expect(refused.status).toBe(400);
      expect(refused.body.error.code).toBe("invalid_request");
    }
    expect(readFileSync(join(project, "notes.txt"), "utf8")).toBe("my change\n");

    const discarded = await call(backend, "discard", { path: "notes.txt" });
    expect(discarded.status).toBe(200);
    expect(discarded.body.state.files).toEqual([]);
    expect(readFileSync(join(project, "notes.txt"), "utf8")).toBe(committed);

    const undone = await call(backend, "undo-discard", { undo: discarded.body.undo });
    expect(undone.status).toBe(200);
    expect(undone.body.done).toBe("Put back what notes.txt held.");
    expect(undone.body.state.files).toEqual([{ path: "notes.txt", state: "modified", staged: false }]);
    expect(readFileSync(join(project, "notes.txt"), "utf8")).toBe("my change\n");
  });
});

describe("the history", () => {
  it("lists commits and a commit's files through the routes, and refuses a page it cannot give", async () => {
    const project = repo();
    writeFileSync(join(project, "notes.txt"), "alpha\nbeta\n");
    git(project, "commit", "-qam", "Add beta");
    const backend = await backendIn(project);

    const log = await call(backend, "log?limit=1");
    expect(log.status).toBe(200);
    expect(log.body.more).toBe(true);
    expect(log.body.commits).toMatchObject([{ subject: "Add beta", parents: 1 }]);
    const files = await call(backend, `commits/${log.body.commits[0].shortHash}/files`);
    expect(files.body).toMatchObject({
      files: [{ path: "notes.txt", status: "modified", additions: 1, deletions: 0 }],
      more: 0,
    });
    const diff = await call(backend, `commits/${log.body.commits[0].hash}/diff?path=notes.txt`);
    expect(diff.body.patch).toMatch(/^\+beta$/m);

    for (const query of ["limit=0", "limit=101", "limit=1.5", "skip=-1", "skip=x"]) {
      const refused = await call(backend, `log?${query}`);
      expect(refused.status).toBe(400);
      expect(refused.body.error.code).toBe("invalid_request");
    }
    expect((await call(backend, "commits/--all/files")).status).toBe(400);
    expect((await call(backend, `commits/${log.body.commits[0].hash}/diff`)).status).toBe(400);
  });
});

describe("stashes", () => {
  it("stashes and lists through the routes, and refuses a request that does not name one stash", async () => {
    const project = repo();
    writeFileSync(join(project, "notes.txt"), "changed\n");
    const backend = await backendIn(project);
    const made = await call(backend, "stash", { message: "wip" });
    expect(made.status).toBe(200);
    expect(made.body.state.files).toEqual([]);
    const listed = await call(backend, "stashes");
    expect(listed.body.stashes).toMatchObject([{ index: 0, message: "On main: wip" }]);
    for (const body of [
      { index: 0, hash: "--all", action: "drop" },
      { index: -1, hash: listed.body.stashes[0].hash, action: "drop" },
      { index: 0, hash: listed.body.stashes[0].hash, action: "clear" },
    ]) {
      const refused = await call(backend, "stashes/action", body);
      expect(refused.status).toBe(400);
      expect(refused.body.error.code).toBe("invalid_request");
    }
    expect((await call(backend, "stashes")).body.stashes).toHaveLength(1);
  });
});

describe("worktrees", () => {
  it("adds one beside the repository, lists it as a project once opened, brings its changes here, removes it keeping that project's chats", async () => {
    const project = repo();
    const backend = await backendIn(project);
    for (const body of [{}, { branch: 7 }, { branch: "x".repeat(251) }]) {
      const refused = await call(backend, "worktrees", body);
      expect(refused.status).toBe(400);
      expect(refused.body.error.code).toBe("invalid_request");
    }
    const folder = join(dirname(project), `${basename(project)}.worktrees`, "feature-login");
    const made = await call(backend, "worktrees", { branch: "feature/login" });
    expect(made.status).toBe(200);
    expect(made.body.path).toBe(folder);
    expect(made.body.state.branches).toEqual(["feature/login", "main"]);
    expect(made.body.worktrees[1]).toMatchObject({ path: folder, branch: "feature/login", projectId: null });

    const opened = await fetch(`${backend.url}/api/projects`, {
      method: "POST",
      headers: { ...bearer(backend), "content-type": "application/json" },
      body: JSON.stringify({ path: folder }),
    });
    const added = (await opened.json()) as { project: { id: string } };
    expect((await call(backend, "worktrees")).body.worktrees[1].projectId).toBe(added.project.id);

    // What it changed, then those changes brought into the main folder.
    writeFileSync(join(folder, "idea.txt"), "the run's idea\n");
    for (const refused of [await call(backend, "worktrees/changes"), await call(backend, "worktrees/take", {})])
      expect(refused.body.error.code).toBe("invalid_request");
    const changes = await call(backend, `worktrees/changes?path=${encodeURIComponent(folder)}`);
    expect(changes.body).toMatchObject({ fileCount: 1, files: [{ path: "idea.txt", status: "A", additions: 1 }] });
    const taken = await call(backend, "worktrees/take", { path: folder });
    expect(taken.status).toBe(200);
    expect(taken.body.state.files).toEqual([{ path: "idea.txt", state: "untracked", staged: false }]);
    expect(readFileSync(join(project, "idea.txt"), "utf8")).toBe("the run's idea\n");

    expect((await call(backend, "worktrees/remove", { path: folder, force: "yes" })).status).toBe(400);
    const removed = await call(backend, "worktrees/remove", { path: folder, force: true });
    expect(removed.status).toBe(200);
    expect(removed.body.done).toMatch(/Its chats stay readable in the projects' list\.$/);
    expect(existsSync(folder)).toBe(false);
    expect(git(project, "branch", "--list", "feature/login").trim()).toBe("feature/login");
  });
});

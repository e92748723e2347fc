// A pull request's next steps through the backend, with real git and the fake `gh` on PATH
// (fixtures/fakeGh.mjs): the repository's merge methods, reviewers and labels as the forms read
// them; a merge refused with a sentence before gh runs (a draft, failed or running checks, new
// commits since the person looked, a method the repository forbids) and then made, its branch
// deleted and the project switched to the base as gh does; GitHub's own refusal said; a draft
// marked ready; reviewers and labels passed to `gh pr create`, a login that is not one refused.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { repositoryFields } from "../src/pulls/pullRepository.ts";
import { plan, pr, published, runs, useFakeGh } from "./fakeGh.ts";
import { backendIn, call, git } from "./gitProject.ts";

useFakeGh();

const head = pr.headRefOid;
const passing = pr.statusCheckRollup.map((c) => ({ ...c, conclusion: "SUCCESS", state: "SUCCESS" }));
const ready = { ...pr, isDraft: false, mergeStateStatus: "CLEAN", statusCheckRollup: passing };
const shown = (value: object) => ({ code: 0, stdout: JSON.stringify(value) });
const ghRan = (verb: string) => runs().filter((r) => r.args[1] === verb);

// A safety net only: each test starts a backend and runs the fake gh (a Node process) a few times,
// 5 to 15 s on a loaded machine against the suite's 60 s testTimeout (vitest.config.ts).
describe.skipIf(process.platform === "win32")("merging a pull request through gh", { timeout: 180_000 }, () => {
  it("reads the repository's merge methods, reviewers and labels for the forms", async () => {
    const backend = await backendIn(published());
    const repository = await call(backend, "pull-request/repository");
    expect(repository.status).toBe(200);
    expect(repository.body).toEqual({
      methods: ["merge", "squash"],
      defaultMethod: "squash",
      deleteBranchOnMerge: false,
      reviewers: [
        { login: "octo", name: "Octo Cat" },
        { login: "mona", name: "" },
      ],
      labels: [{ name: "bug", description: "Something is wrong" }],
    });
    expect(runs().map((r) => r.args)).toEqual([["repo", "view", "--json", repositoryFields]]);
  });

  it("refuses a draft, failed or running checks, a moved branch and a forbidden method, then merges and switches as gh does", async () => {
    const project = published();
    const backend = await backendIn(project);
    const request = { method: "squash", deleteBranch: true, head };
    const refused = async (view: object, body: object, pattern: RegExp) => {
      plan({ view: shown(view) });
      const answer = await call(backend, "pull-request/merge", body);
      expect(answer.status).toBe(409);
      expect(answer.body.error).toMatchObject({ code: "not_mergeable", message: expect.stringMatching(pattern) });
    };
    await refused(pr, request, /#12 is a draft: mark it ready for review first/);
    await refused({ ...pr, isDraft: false }, request, /1 check of #12 failed \(lint\)/);
    const running = pr.statusCheckRollup.map((c) => (c.name === "lint" ? { ...c, conclusion: "SUCCESS" } : c));
    await refused(
      { ...pr, isDraft: false, statusCheckRollup: running },
      request,
      /2 checks .* still running \(build, ci\/old\)/,
    );
    await refused(ready, { ...request, head: "f".repeat(40) }, /commits on GitHub you have not seen here/);
    await refused(
      { ...ready, mergeable: "CONFLICTING" },
      request,
      /conflicts with main: pull main into add-login_page/,
    );
    expect(ghRan("merge")).toEqual([]);

    plan({ view: shown(ready) });
    const rebase = await call(backend, "pull-request/merge", { ...request, method: "rebase" });
    expect(rebase.status).toBe(400);
    expect(rebase.body.error.message).toBe(
      "This repository does not allow rebase merges on GitHub. Choose merge or squash.",
    );
    expect(ghRan("merge")).toEqual([]);

    plan({ view: shown(ready), after: shown({ ...ready, state: "MERGED" }) });
    const merged = await call(backend, "pull-request/merge", request);
    expect(merged.status).toBe(200);
    expect(ghRan("merge").map((r) => r.args)).toEqual([
      ["pr", "merge", "12", "--squash", `--match-head-commit=${head}`, "--delete-branch"],
    ]);
    expect(merged.body).toMatchObject({
      branch: "main",
      pullRequest: { number: 12, state: "merged" },
      done: "Merged #12 into main as one squashed commit. add-login_page was deleted on GitHub and here; you are on main now.",
    });
    expect(git(project, "branch", "--show-current").trim()).toBe("main");
    expect(runs().at(-1)?.args).toEqual(["pr", "view", "12", "--json", expect.any(String)]);
  });

  it("says when GitHub refuses the merge, and keeps the branch when not asked to delete it", async () => {
    const project = published();
    const backend = await backendIn(project);
    plan({
      view: shown(ready),
      merge: { code: 1, stderr: "GraphQL: Head branch was modified. Review and try the merge again.\n" },
    });
    const moved = await call(backend, "pull-request/merge", { method: "merge", deleteBranch: false, head });
    expect(moved.status).toBe(409);
    expect(moved.body.error.message).toMatch(/new commits on GitHub since you looked, so nothing was merged/);

    plan({ view: shown(ready), after: shown({ ...ready, state: "MERGED" }) });
    const kept = await call(backend, "pull-request/merge", { method: "merge", deleteBranch: false, head });
    expect(kept.status).toBe(200);
    expect(kept.body.done).toBe(
      "Merged #12 into main as a merge commit. add-login_page stays checked out here: switch to main and pull to work on the merged code.",
    );
    expect(git(project, "branch", "--show-current").trim()).toBe("add-login_page");
  });

  it("keeps commits here that GitHub does not have: no branch deletion with unpushed commits; uncommitted changes come along", async () => {
    const project = published();
    const backend = await backendIn(project);
    const request = { method: "squash", deleteBranch: true, head };
    writeFileSync(join(project, "login.txt"), "form\nstyle\nvalidation\n");
    git(project, "commit", "-qam", "Validate the login form");
    const unpushed = git(project, "rev-parse", "HEAD").trim();
    plan({ view: shown(ready), after: shown({ ...ready, state: "MERGED" }) });
    const ahead = await call(backend, "pull-request/merge", request);
    expect(ahead.status).toBe(409);
    expect(ahead.body.error.message).toBe(
      "1 commit on add-login_page here is not on GitHub, and deleting the branch would drop it: push first (then look at #12 again), or merge without deleting the branch.",
    );
    expect(ghRan("merge")).toEqual([]);
    expect(git(project, "rev-parse", "add-login_page").trim()).toBe(unpushed);

    // Pushed, the commit is on GitHub; an uncommitted change is carried to the base by the switch.
    git(project, "push", "-q");
    writeFileSync(join(project, "notes.txt"), "work in progress\n");
    const merged = await call(backend, "pull-request/merge", request);
    expect(merged.status).toBe(200);
    expect(merged.body.done).toMatch(/you are on main now\. Your uncommitted changes came along/);
    expect(readFileSync(join(project, "notes.txt"), "utf8")).toBe("work in progress\n");
  });

  it("with the pull request's branch checked out under another name, judges the branch gh would delete", async () => {
    const project = published();
    const pushed = git(project, "rev-parse", "HEAD").trim();
    writeFileSync(join(project, "login.txt"), "form\nstyle\nvalidation\n");
    git(project, "commit", "-qam", "Validate the login form");
    const unpushed = git(project, "rev-parse", "HEAD").trim();
    git(project, "switch", "-q", "--create", "my-login", "--track", "origin/add-login_page");
    const backend = await backendIn(project);
    const view = { ...ready, headRefOid: pushed };
    const request = { method: "squash", deleteBranch: true, head: pushed };
    plan({ view: shown(view), after: shown({ ...view, state: "MERGED" }) });

    const refused = await call(backend, "pull-request/merge", request);
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toBe(
      `gh would delete the branch add-login_page here (you are on my-login), and its last commit, ${unpushed.slice(0, 7)}, is not in #12: push it first, or merge without deleting the branch.`,
    );
    expect(ghRan("merge")).toEqual([]);

    // Behind the pull request's head, it holds nothing GitHub lacks: gh deletes it, my-login stays.
    git(project, "branch", "-q", "--force", "add-login_page", `${pushed}~1`);
    const merged = await call(backend, "pull-request/merge", request);
    expect(merged.status).toBe(200);
    expect(merged.body.done).toBe(
      "Merged #12 into main as one squashed commit. add-login_page was deleted on GitHub and here; my-login you are on stays as it is.",
    );
    expect(git(project, "branch", "--list", "add-login_page")).toBe("");
    expect(git(project, "branch", "--show-current").trim()).toBe("my-login");
  });

  it("from a fork: never deletes the person's own branch of the same name, and never says the fork's branch was deleted on GitHub", async () => {
    // A fork's main proposed into main, checked out as octo/main (gh pr checkout's name for a fork's
    // default branch): gh's --delete-branch would delete the local main, the person's own.
    const project = published();
    const forkHead = git(project, "rev-parse", "HEAD").trim();
    git(project, "switch", "-q", "--create", "octo/main");
    const backend = await backendIn(project);
    const fork = { ...ready, headRefName: "main", headRefOid: forkHead, isCrossRepository: true };
    plan({ view: shown(fork), after: shown({ ...fork, state: "MERGED" }) });
    const request = { method: "squash", deleteBranch: true, head: forkHead };
    const refused = await call(backend, "pull-request/merge", request);
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toBe(
      "#12 comes from a fork's main, the name of its base too, so gh would delete your own main here: merge without deleting the branch.",
    );
    expect(ghRan("merge")).toEqual([]);

    // A fork's login-form, checked out as review-12 with no login-form here: gh deletes nothing.
    git(project, "switch", "-q", "--create", "review-12", "add-login_page");
    const elsewhere = { ...fork, headRefName: "login-form" };
    plan({ view: shown(elsewhere), after: shown({ ...elsewhere, state: "MERGED" }) });
    const kept = await call(backend, "pull-request/merge", request);
    expect(kept.status).toBe(200);
    expect(kept.body.done).toBe(
      "Merged #12 into main as one squashed commit. Nothing was deleted: login-form is a fork's branch, its owner's to delete; review-12 you are on stays as it is.",
    );

    // A fork's add-login_page, checked out under its own name: gh deletes it here, not on GitHub.
    git(project, "switch", "-q", "add-login_page");
    const forkBranch = { ...fork, headRefName: "add-login_page" };
    plan({ view: shown(forkBranch), after: shown({ ...forkBranch, state: "MERGED" }) });
    const merged = await call(backend, "pull-request/merge", request);
    expect(merged.status).toBe(200);
    expect(merged.body.done).toBe(
      "Merged #12 into main as one squashed commit. add-login_page was deleted here; you are on main now.",
    );
    expect(git(project, "branch", "--list", "main").trim()).toBe("* main");

    // Queued by a merge queue with gh before 2.64: gh deletes the branch here all the same, and a
    // fork's pull request stays queued (its branch on GitHub untouched), so that is said.
    git(project, "switch", "-q", "--create", "add-login_page", forkHead);
    plan({ view: shown(forkBranch), after: shown(forkBranch) });
    const queued = await call(backend, "pull-request/merge", request);
    expect(queued.status).toBe(200);
    expect(queued.body.done).toBe(
      "GitHub queued #12 to merge into main (its rules use a merge queue): it merges once the queue's checks pass. gh has already switched the project to main and deleted add-login_page here.",
    );

    // The same, checked out as review-12 with an add-login_page at #12's last commit (an earlier
    // gh pr checkout 12): #12's own, so deleted, and gh deletes it without a switch.
    git(project, "switch", "-q", "review-12");
    git(project, "branch", "add-login_page", forkHead);
    const kept12 = await call(backend, "pull-request/merge", request);
    expect(kept12.status).toBe(200);
    expect(kept12.body.done).toBe(
      "GitHub queued #12 to merge into main (its rules use a merge queue): it merges once the queue's checks pass. gh has already deleted add-login_page here; review-12 you are on stays as it is.",
    );
    expect(git(project, "branch", "--list", "add-login_page")).toBe("");
  });

  it("says a merge happened when gh fails after GitHub merged, and says when GitHub only queued it", async () => {
    const project = published();
    const backend = await backendIn(project);
    plan({
      view: shown(ready),
      after: shown({ ...ready, state: "MERGED" }),
      merge: {
        code: 1,
        mergedOnGitHub: true,
        stderr: "failed to run git: fatal: 'main' is already checked out at '/elsewhere'\n",
      },
    });
    const half = await call(backend, "pull-request/merge", { method: "merge", deleteBranch: true, head });
    expect(half.status).toBe(200);
    expect(half.body).toMatchObject({
      branch: "add-login_page",
      pullRequest: { state: "merged" },
      done: "Merged #12 into main as a merge commit. gh could not finish its work here after the merge (it said: failed to run git: fatal: 'main' is already checked out at '/elsewhere'); you are on add-login_page: look at the branch here before you go on.",
    });

    plan({ view: shown(ready), after: shown(ready) });
    const queued = await call(backend, "pull-request/merge", { method: "squash", deleteBranch: false, head });
    expect(queued.status).toBe(200);
    expect(queued.body.done).toBe(
      "GitHub queued #12 to merge into main (its rules use a merge queue): it merges once the queue's checks pass, and add-login_page stays as it is here until then.",
    );
    expect(queued.body.pullRequest.state).toBe("open");

    // gh failed after the merge and left the project so that git cannot read it: both are said.
    plan({
      view: shown(ready),
      after: shown({ ...ready, state: "MERGED" }),
      merge: { code: 1, mergedOnGitHub: true, breakHere: true, stderr: "failed to run git: exit status 128\n" },
    });
    const unread = await call(backend, "pull-request/merge", { method: "merge", deleteBranch: true, head });
    expect(unread.status).toBe(200);
    expect(unread.body.done).toBe(
      "Merged #12 into main as a merge commit. gh could not finish its work here after the merge (it said: failed to run git: exit status 128), and the branch here could not be read: press Refresh to see where the project is now, and look at it before you go on.",
    );
  });

  it("reads the pull request again after a merge that ran out of time, and says GitHub merged it", async () => {
    // The action's whole budget runs out during gh's merge (not gh's own step limit): the re-read
    // still gets time of its own.
    const backend = await backendIn(published(), { git: { networkBudgetMs: 6_000 } });
    plan({
      view: shown(ready),
      after: shown({ ...ready, state: "MERGED" }),
      merge: { code: 0, mergedOnGitHub: true, hang: true },
    });
    const late = await call(backend, "pull-request/merge", { method: "merge", deleteBranch: false, head });
    expect(late.status).toBe(200);
    expect(late.body.pullRequest.state).toBe("merged");
    expect(late.body.done).toMatch(/^Merged #12 into main as a merge commit\. gh could not finish its work here/);
  });

  it("says nothing was merged when GitHub closed the pull request instead, and why gh refuses to delete a queued branch", async () => {
    const project = published();
    const backend = await backendIn(project);
    // gh before 2.64 with a merge queue: it queues, then deletes the branch, which closes #12.
    plan({ view: shown(ready), after: shown({ ...ready, state: "CLOSED" }) });
    const closed = await call(backend, "pull-request/merge", { method: "squash", deleteBranch: true, head });
    expect(closed.status).toBe(409);
    expect(closed.body.error.message).toBe(
      "gh finished, but #12 was not merged: GitHub shows it closed (deleting add-login_page closes it while main's merge queue waits). Here gh has already switched the project to main and deleted add-login_page. Open #12 on GitHub: restore the branch, reopen it, and merge without deleting the branch.",
    );

    // gh 2.64 and later refuse the flag before merging (the branch back from its remote first).
    git(project, "switch", "-q", "add-login_page");
    plan({
      view: shown(ready),
      merge: { code: 1, stderr: "X Cannot use `-d` or `--delete-branch` when merge queue enabled\n" },
    });
    const refused = await call(backend, "pull-request/merge", { method: "squash", deleteBranch: true, head });
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toBe(
      "main's rules use a merge queue, which merges later, so the branch cannot be deleted with the merge: merge without deleting the branch, and delete it once #12 is merged.",
    );
  });

  it("says the pull request was made when gh fails only at adding its reviewers", async () => {
    const backend = await backendIn(published());
    const request = { title: "Login", body: "", base: "main", draft: false, reviewers: ["octo"] };
    plan({
      created: shown({ ...pr, isDraft: false }),
      create: {
        code: 1,
        madeOnGitHub: true,
        stdout: "https://github.com/o/r/pull/12\n",
        stderr:
          "pull request update failed: GraphQL: Review cannot be requested from pull request author. (requestReviews)\n",
      },
    });
    const made = await call(backend, "pull-request", request);
    expect(made.status).toBe(200);
    expect(made.body).toMatchObject({ pullRequest: { number: 12, state: "open" } });
    expect(made.body.notice).toMatch(
      /^#12 was created, but gh could not add all of its reviewers and labels \(it said: .*Review cannot be requested from pull request author.*\)\. Add them on GitHub\.$/s,
    );
    // Read by the number in the address gh printed, not as the branch's pull request.
    expect(ghRan("view").map((r) => r.args[2])).toContain("12");

    // A failure before anything was made still says so, even when the branch has an older pull
    // request open (into another base): that one is not taken for the new one.
    plan({
      view: shown({ ...pr, number: 5, baseRefName: "develop" }),
      create: { code: 1, stderr: "pull request create failed: GraphQL: Something went wrong\n" },
    });
    const failed = await call(backend, "pull-request", request);
    expect(failed.status).toBeGreaterThanOrEqual(400);
    expect(failed.body.error.message).toMatch(/create the pull request/);
  });

  it("marks a draft ready for review, and refuses one that is not a draft", async () => {
    const backend = await backendIn(published());
    plan({ view: shown(pr), after: shown({ ...pr, isDraft: false }) });
    const made = await call(backend, "pull-request/ready", {});
    expect(made.status).toBe(200);
    expect(made.body).toMatchObject({
      done: expect.stringMatching(/#12 is ready for review/),
      pullRequest: { draft: false },
    });
    expect(ghRan("ready").map((r) => r.args)).toEqual([["pr", "ready", "12"]]);

    const again = await call(backend, "pull-request/ready", {});
    expect(again.status).toBe(409);
    expect(again.body.error.message).toMatch(/not a draft/);
    expect(ghRan("ready")).toHaveLength(1);
  });

  it("asks for the reviewers and labels chosen when creating, and refuses a reviewer that is no GitHub login", async () => {
    const backend = await backendIn(published());
    const request = { title: "Login", body: "", base: "main", draft: false };
    const bad = await call(backend, "pull-request", { ...request, reviewers: ["--repo=evil/x"] });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/is not a GitHub login or team/);
    const comma = await call(backend, "pull-request", { ...request, labels: ["a,b"] });
    expect(comma.status).toBe(400);
    const quote = await call(backend, "pull-request", { ...request, labels: ['say "hi"'] });
    expect(quote.status).toBe(400);
    expect(quote.body.error.message).toMatch(/holds a comma, a double quote or a line break/);
    expect(ghRan("create")).toEqual([]);

    plan({ created: shown(pr) });
    const made = await call(backend, "pull-request", {
      ...request,
      reviewers: ["octo", "o/core-team"],
      labels: ["bug", "good first issue"],
    });
    expect(made.status).toBe(200);
    expect(ghRan("create")[0]?.args.slice(-4)).toEqual([
      "--reviewer=octo",
      "--reviewer=o/core-team",
      "--label=bug",
      "--label=good first issue",
    ]);
  });
});

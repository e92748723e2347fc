// The pull request pieces on their own: how gh.exe is found on Windows (the platform and the file
// check injected), gh's environment, the sentence for each gh failure, the checks counted and a
// new pull request's title and body made from the commits.
import type { GitWorkState, PullRequestInfo } from "@turnkey/contracts";
import { describe, expect, it } from "vitest";
import { type GitRun, gitNotRun } from "../git/runGit.ts";
import { ghEnvironment } from "./ghEnvironment.ts";
import { ghFailure, noPullRequest } from "./ghErrors.ts";
import { findGh, installAdvice } from "./ghProgram.ts";
import { deleteBranchRefusal } from "./pullActions.ts";
import { checksOf, fillFromCommits, parseCommits } from "./pullRequestView.ts";

describe("findGh on Windows", () => {
  const files = new Set(["C:\\Program Files\\GitHub CLI\\gh.exe", "C:\\proj\\gh.exe", "C:\\npm\\gh.cmd"]);
  const isProgram = (file: string) => files.has(file);

  it("takes gh.exe from an absolute PATH entry, with Path spelled any way and quoted entries", () => {
    const env = { Path: 'C:\\npm;relative\\bin;"C:\\Program Files\\GitHub CLI"' };
    expect(findGh(env, { platform: "win32", isProgram })).toBe("C:\\Program Files\\GitHub CLI\\gh.exe");
  });

  it("never the project folder's own gh.exe, nor a gh.cmd (it needs cmd.exe)", () => {
    const env = { PATH: "C:\\proj;C:\\npm" };
    expect(findGh(env, { platform: "win32", isProgram, projectFolder: "c:\\PROJ\\" })).toBeNull();
  });

  it("says how to install gh on each system", () => {
    expect(installAdvice("win32")).toMatch(/winget install --id GitHub\.cli/);
    expect(installAdvice("darwin")).toMatch(/brew install gh/);
    expect(installAdvice("linux")).toMatch(/distribution's gh package/);
  });
});

describe("ghEnvironment", () => {
  it("adds no-prompt settings, drops GH_REPO and appends the -c pairs (log.showSignature off too) after the user's own", () => {
    const env = ghEnvironment(
      { PATH: "/bin", GH_REPO: "other/repo", GIT_CONFIG_COUNT: "1", GIT_CONFIG_KEY_0: "a.b", GIT_CONFIG_VALUE_0: "c" },
      ["-c", "core.fsmonitor=false", "--no-optional-locks", "-c", "filter.x.clean=", "-c", "filter.x.required=false"],
    );
    expect(env.GH_REPO).toBeUndefined();
    expect(env).toMatchObject({ GH_PROMPT_DISABLED: "1", GH_PAGER: "cat", GH_NO_UPDATE_NOTIFIER: "1" });
    expect(env).toMatchObject({
      GIT_CONFIG_COUNT: "5",
      GIT_CONFIG_KEY_0: "a.b",
      GIT_CONFIG_KEY_1: "core.fsmonitor",
      GIT_CONFIG_VALUE_1: "false",
      GIT_CONFIG_KEY_2: "filter.x.clean",
      GIT_CONFIG_VALUE_2: "",
      GIT_CONFIG_KEY_3: "filter.x.required",
      GIT_CONFIG_VALUE_3: "false",
      GIT_CONFIG_KEY_4: "log.showSignature",
      GIT_CONFIG_VALUE_4: "false",
    });
  });
});

describe("ghFailure", () => {
  const run = (over: Partial<GitRun>): GitRun => ({ ...gitNotRun, code: 1, ...over });
  const code = (over: Partial<GitRun>) => ghFailure("read", run(over), 90_000, "linux").code;

  it("names each cause gh reports", () => {
    expect(code({ missing: true, code: null })).toBe("gh_unavailable");
    expect(code({ code: 4, stderr: "To get started with GitHub CLI, please run:  gh auth login" })).toBe(
      "gh_signed_out",
    );
    // gh's sentence for a foreign host also names `gh auth login`: still "not GitHub".
    expect(
      code({
        stderr:
          "none of the git remotes configured for this repository point to a known GitHub host. To tell gh about a new GitHub host, please use `gh auth login`",
      }),
    ).toBe("not_github");
    expect(code({ stderr: "X: please run `gh repo set-default` to select a default remote repository." })).toBe(
      "not_github",
    );
    expect(code({ code: null, timedOut: true })).toBe("git_timeout");
    expect(code({ stderr: "something new" })).toBe("gh_failed");
    expect(noPullRequest(run({ stderr: 'no pull requests found for branch "x"' }))).toBe(true);
    expect(noPullRequest(run({ stderr: "HTTP 502" }))).toBe(false);
  });

  it("quotes the URL of a pull request that exists already", () => {
    const error = ghFailure(
      "create",
      run({
        stderr: 'a pull request for branch "f" into branch "main" already exists:\nhttps://github.com/o/r/pull/3\n',
      }),
      90_000,
      "linux",
    );
    expect(error.code).toBe("pull_request_exists");
    expect(error.message).toContain("https://github.com/o/r/pull/3");
  });
});

describe("a pull request's checks and a new one's text", () => {
  it("counts check runs and commit statuses as passed, failed or pending", () => {
    expect(
      checksOf([
        { status: "COMPLETED", conclusion: "SUCCESS" },
        { status: "COMPLETED", conclusion: "SKIPPED" },
        { status: "COMPLETED", conclusion: "TIMED_OUT" },
        { status: "QUEUED", conclusion: "" },
        { state: "ERROR" },
        { state: "PENDING" },
      ]),
    ).toEqual({ passed: 2, failed: 2, pending: 2 });
  });

  it("counts a queued re-run as the latest run of its check, not the older run it replaces", () => {
    const run = (conclusion: string, status: string, startedAt?: string) => ({
      __typename: "CheckRun",
      name: "test",
      workflowName: "CI",
      status,
      conclusion,
      ...(startedAt === undefined ? {} : { startedAt }),
    });
    const earlier = run("SUCCESS", "COMPLETED", "2026-01-01T10:00:00Z");
    expect(checksOf([earlier, run("", "QUEUED", "0001-01-01T00:00:00Z")])).toEqual({
      passed: 0,
      failed: 0,
      pending: 1,
    });
    expect(checksOf([run("", "QUEUED"), earlier])).toEqual({ passed: 0, failed: 0, pending: 1 });
    expect(checksOf([earlier, run("FAILURE", "COMPLETED", "2026-01-01T11:00:00Z")])).toEqual({
      passed: 0,
      failed: 1,
      pending: 0,
    });
    // A run cancelled while still queued never started: the re-run after it that passed is the latest.
    const cancelledQueued = {
      ...run("CANCELLED", "COMPLETED", "0001-01-01T00:00:00Z"),
      completedAt: "2026-01-01T10:30:00Z",
    };
    const rerun = run("SUCCESS", "COMPLETED", "2026-01-01T11:00:00Z");
    expect(checksOf([cancelledQueued, rerun])).toEqual({ passed: 1, failed: 0, pending: 0 });
    expect(checksOf([rerun, cancelledQueued])).toEqual({ passed: 1, failed: 0, pending: 0 });
  });

  it("fills as gh pr create --fill does: one commit's own text, else the branch and a list oldest first", () => {
    const commits = parseCommits("Second\0\x1e\nFirst\0Why it matters.\n\x1e\n");
    expect(commits).toEqual([
      { subject: "Second", body: "" },
      { subject: "First", body: "Why it matters.\n" },
    ]);
    expect(fillFromCommits("fix_the-bug", commits)).toEqual({
      title: "fix the bug",
      body: "- **First**\n- **Second**\n",
    });
    expect(fillFromCommits("b", commits.slice(1))).toEqual({ title: "First", body: "Why it matters." });
  });
});

describe("deleting the branch with the merge", () => {
  const pull = {
    number: 12,
    head: "feature",
    base: "main",
    headSha: "a".repeat(40),
    crossRepository: false,
  } as PullRequestInfo;
  const commit = (c: string) => ({ hash: c.repeat(40), shortHash: c.repeat(7), subject: "Work" });
  const here = (over: Partial<GitWorkState>): GitWorkState => ({
    branch: "feature",
    head: commit("b"),
    upstream: "origin/feature",
    ahead: 0,
    behind: 0,
    branches: ["feature", "main"],
    remotes: ["origin"],
    files: [],
    ...over,
  });

  it("is refused only when commits here could be lost: ahead, or an upstream that is gone", () => {
    expect(deleteBranchRefusal(pull, here({ ahead: 2 }))?.message).toMatch(
      /^2 commits on feature here are not on GitHub/,
    );
    // Its branch deleted on the remote: git counts nothing ahead, so the commit decides.
    expect(deleteBranchRefusal(pull, here({ upstreamGone: true }))?.message).toMatch(
      /^feature here is not the branch GitHub has for #12 \(its last commit here, bbbbbbb,/,
    );
    expect(deleteBranchRefusal(pull, here({ upstream: null }))?.message).toMatch(/is not the branch GitHub has/);
    expect(deleteBranchRefusal(pull, here({}))).toBeNull();
    // The pull request's own last commit here: nothing to lose, whatever a stale tracking ref counts.
    expect(deleteBranchRefusal(pull, here({ ahead: 2, upstreamGone: true, head: commit("a") }))).toBeNull();
  });

  it("judges the branch checked out by #12's history when git could tell: a stale count, a rewritten remote branch", () => {
    // Its last commit is in #12's history: nothing lost, whatever the tracking ref counts ahead.
    expect(deleteBranchRefusal(pull, here({ ahead: 2 }), { exists: true, lacking: null, atHead: false })).toBeNull();
    // Up to date with a tracking ref GitHub has since rewritten (a force-push): its commits would go.
    expect(deleteBranchRefusal(pull, here({}), { exists: true, lacking: "bbbbbbb", atHead: false })?.message).toBe(
      "feature here holds commits #12 does not (its last, bbbbbbb, is not in the pull request's history: the branch on GitHub was rewritten since you last pulled), and deleting it would drop them: pull or look at them first, or merge without deleting the branch.",
    );
    // git could not say (#12's head never fetched here): the count decides, as before.
    expect(deleteBranchRefusal(pull, here({}), { exists: true, lacking: "unknown", atHead: false })).toBeNull();
  });

  it("checked out under another name, judges the local branch gh would delete, not the one checked out", () => {
    const mine = here({ branch: "my-feature", ahead: 3, upstream: null });
    // gh leaves my-feature alone, so its own unpushed commits do not matter.
    expect(deleteBranchRefusal(pull, mine, { exists: false, lacking: null, atHead: false })).toBeNull();
    expect(deleteBranchRefusal(pull, mine, { exists: true, lacking: "ccccccc", atHead: false })?.message).toBe(
      "gh would delete the branch feature here (you are on my-feature), and its last commit, ccccccc, is not in #12: push it first, or merge without deleting the branch.",
    );
    expect(deleteBranchRefusal(pull, mine, { exists: true, lacking: "unknown", atHead: false })?.message).toMatch(
      /and git could not tell whether #12 holds its commits: push it first/,
    );
  });

  it("from a fork, never deletes a branch of the person's that only shares the fork branch's name", () => {
    const fork = { ...pull, crossRepository: true };
    // Checked out under another name (gh pr checkout -b review-12): the feature here is not #12's.
    const renamed = here({ branch: "review-12" });
    expect(deleteBranchRefusal(fork, renamed, { exists: true, lacking: null, atHead: false })?.message).toBe(
      "#12 comes from a fork and is checked out here as review-12, so gh would delete the branch feature here, which is not #12's (it may be yours, with the same name): merge without deleting the branch.",
    );
    expect(deleteBranchRefusal(fork, renamed, { exists: false, lacking: null, atHead: false })).toBeNull();
    // At #12's last commit, the feature here is #12's own (an earlier gh pr checkout 12): deleted.
    expect(deleteBranchRefusal(fork, renamed, { exists: true, lacking: null, atHead: true })).toBeNull();
    // Checked out under its own name, it is #12's branch and judged as any other.
    expect(deleteBranchRefusal(fork, here({}), { exists: true, lacking: null, atHead: false })).toBeNull();
    // A fork's main into main: the branch gh deletes would be the base here, whatever is checked out.
    const main = { ...fork, head: "main" };
    for (const branch of ["octo/main", "main"])
      expect(
        deleteBranchRefusal(main, here({ branch }), { exists: true, lacking: null, atHead: true })?.message,
      ).toMatch(/^#12 comes from a fork's main, the name of its base too, so gh would delete your own main here/);
  });
});

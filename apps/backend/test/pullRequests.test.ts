// The Files tab's pull requests through the backend, with real git in temp repositories (a bare
// "origin" beside them) and a fake `gh` on PATH (fixtures/fakeGh.mjs) that records how it was run:
// the branch's pull request with its checks, what a new one would say, creating one, and a
// sentence for each failure (gh missing, not signed in, not GitHub, no upstream, unpushed commits,
// one that exists already, gh hanging past the budget). gh runs with no prompt, no pager, none of
// our secrets, and every git it starts has the project's fsmonitor and filter drivers off.
import { chmodSync, existsSync, utimesSync, writeFileSync } from "node:fs";
import { delimiter, join } from "node:path";
import { processOpsFor } from "@turnkey/sidecar";
import { describe, expect, it } from "vitest";
import { viewFields } from "../src/pulls/pullRequestView.ts";
import { plan, pr, published, runs, setEnv, useFakeGh } from "./fakeGh.ts";
import { backendIn, call, git } from "./gitProject.ts";

useFakeGh();

describe.skipIf(process.platform === "win32")("pull requests through gh", () => {
  it("shows the branch's pull request with its checks; gh runs with no prompt, no pager and none of our secrets", async () => {
    const project = published();
    const backend = await backendIn(project);
    setEnv("ANTHROPIC_API_KEY", "sk-ant-gh-secret-0001");
    setEnv("TURNKEY_TOKEN", "launch-token-in-env-0002");
    setEnv("OPENCODE_SERVER_PASSWORD", "sidecar-password-in-env-0003");
    plan({ view: { code: 0, stdout: JSON.stringify(pr) } });

    const shown = await call(backend, "pull-request");
    expect(shown.status).toBe(200);
    expect(shown.body).toEqual({
      branch: "add-login_page",
      pullRequest: {
        number: 12,
        title: "Add the login page",
        state: "open",
        draft: true,
        url: "https://github.com/o/r/pull/12",
        base: "main",
        head: "add-login_page",
        checks: { passed: 1, failed: 1, pending: 2 },
        // Each by name, failed first; a link only when it is https (lint's javascript: is dropped).
        checkList: [
          { name: "lint", state: "failed", url: null },
          { name: "build", state: "pending", url: null },
          { name: "ci/old", state: "pending", url: "https://ci.example.com/7" },
          { name: "test", state: "passed", url: "https://github.com/o/r/actions/runs/2" },
        ],
        headSha: "0123456789abcdef0123456789abcdef01234567",
        crossRepository: false,
        mergeable: "mergeable",
        mergeState: "blocked",
      },
    });
    const [run] = runs();
    expect(run?.args).toEqual(["pr", "view", "--json", viewFields]);
    expect(run?.cwd).toBe(project);
    expect(run?.env).toMatchObject({ GH_PROMPT_DISABLED: "1", GH_PAGER: "cat", GH_NO_UPDATE_NOTIFIER: "1" });
    expect(run?.env).toMatchObject({ GIT_CONFIG_KEY_0: "core.fsmonitor", GIT_CONFIG_VALUE_0: "false" });
    const env = JSON.stringify(run?.env);
    const password = backend.supervisor.connection()?.password;
    expect(password).toBeTruthy();
    for (const secret of [
      backend.token,
      password!,
      "sk-ant-gh-secret-0001",
      "launch-token-in-env-0002",
      "sidecar-password-in-env-0003",
    ])
      expect(env).not.toContain(secret);

    plan({});
    expect((await call(backend, "pull-request")).body).toEqual({ branch: "add-login_page", pullRequest: null });
  });

  it("says what to do when gh is missing, not signed in, or the remote is not on GitHub", async () => {
    const backend = await backendIn(published());
    plan({ view: { code: 4, stderr: "To get started with GitHub CLI, please run:  gh auth login\n" } });
    const signedOut = await call(backend, "pull-request");
    expect(signedOut.status).toBe(502);
    expect(signedOut.body.error).toMatchObject({
      code: "gh_signed_out",
      message: expect.stringMatching(/gh auth login/),
    });

    plan({
      view: {
        code: 1,
        stderr:
          "none of the git remotes configured for this repository point to a known GitHub host. To tell gh about a new GitHub host, please use `gh auth login`\n",
      },
    });
    const elsewhere = await call(backend, "pull-request");
    expect(elsewhere.status).toBe(409);
    expect(elsewhere.body.error).toMatchObject({ code: "not_github", message: expect.stringMatching(/not on GitHub/) });

    // PATH without the fake (git stays reachable): gh is not installed here.
    setEnv("PATH", (process.env.PATH ?? "").split(delimiter).slice(1).join(delimiter));
    const missing = await call(backend, "pull-request");
    expect(missing.status).toBe(503);
    expect(missing.body.error).toMatchObject({ code: "gh_unavailable" });
    expect(missing.body.error.message).toMatch(/GitHub CLI \(gh\).*not installed.*Linux.*gh auth login/s);
  });

  it("fills a new pull request from the commits, then creates it as chosen; gh's git runs neither the project's fsmonitor nor its filter", async () => {
    const project = published();
    // What an agent's write to .git/config could plant: both would run on `git status`.
    const planted = join(project, "..", "planted");
    const marker = (name: string) => `#!/bin/sh\necho ran >> '${planted}-${name}'\nexit 1\n`;
    writeFileSync(join(project, "..", "monitor.sh"), marker("fsmonitor"));
    writeFileSync(join(project, "..", "clean.sh"), `${marker("filter").replace("exit 1\n", "")}cat\n`);
    chmodSync(join(project, "..", "monitor.sh"), 0o755);
    chmodSync(join(project, "..", "clean.sh"), 0o755);
    git(project, "config", "core.fsmonitor", join(project, "..", "monitor.sh"));
    git(project, "config", "filter.evil.clean", join(project, "..", "clean.sh"));
    writeFileSync(join(project, ".git", "info", "attributes"), "*.txt filter=evil\n");
    // Same content, a new time: status must read the file again, through its clean filter.
    utimesSync(join(project, "notes.txt"), new Date(), new Date(Date.now() + 60_000));
    const backend = await backendIn(project);
    // The form's start: the commits' title and body, the remote's branches as bases (git only, no gh).
    const draft = await call(backend, "pull-request/draft");
    expect(draft.status).toBe(200);
    expect(draft.body).toEqual({
      branch: "add-login_page",
      remote: "origin",
      bases: ["main", "release"],
      base: "main",
      title: "add login page",
      body: "- **Add the login form**\n- **Style the login form**\n",
      upstream: "origin/add-login_page",
      ahead: 0,
      commits: 2,
    });
    expect(runs()).toEqual([]);
    plan({ created: { code: 0, stdout: JSON.stringify({ ...pr, title: "-Add login" }) } });

    const made = await call(backend, "pull-request", {
      title: " -Add login ",
      body: "Adds the form.\n\n`code` and $(not run)",
      base: "release",
      draft: true,
    });
    expect(made.status).toBe(200);
    expect(made.body.pullRequest).toMatchObject({ number: 12, title: "-Add login" });
    const create = runs().find((r) => r.args[1] === "create");
    expect(create?.args).toEqual([
      "pr",
      "create",
      "--title=-Add login",
      "--body-file=-",
      "--base=release",
      "--head=add-login_page",
      "--draft",
    ]);
    expect(create?.stdin).toBe("Adds the form.\n\n`code` and $(not run)");
    expect(existsSync(`${planted}-fsmonitor`)).toBe(false);
    expect(existsSync(`${planted}-filter`)).toBe(false);
  });

  it("refuses a branch not published or not pushed, a base the remote lacks, and one that has a pull request", async () => {
    const project = published();
    const backend = await backendIn(project);
    const request = { title: "Login", body: "", base: "main", draft: false };
    writeFileSync(join(project, "login.txt"), "form\nstyle\nmore\n");
    git(project, "commit", "-qam", "More");
    const unpushed = await call(backend, "pull-request", request);
    expect(unpushed.status).toBe(409);
    expect(unpushed.body.error).toMatchObject({
      code: "branch_not_pushed",
      message: expect.stringMatching(/1 commit .* not pushed yet. Push first/),
    });

    git(project, "push", "-q");
    const noBase = await call(backend, "pull-request", { ...request, base: "--upload-pack=x" });
    expect(noBase.status).toBe(400);
    expect(noBase.body.error.message).toMatch(/has no branch named --upload-pack=x/);

    plan({
      create: {
        code: 1,
        stderr:
          'a pull request for branch "add-login_page" into branch "main" already exists:\nhttps://github.com/o/r/pull/3\n',
      },
    });
    const exists = await call(backend, "pull-request", request);
    expect(exists.status).toBe(409);
    expect(exists.body.error).toMatchObject({ code: "pull_request_exists", message: expect.stringMatching(/pull\/3/) });

    // Its branch deleted on the remote (after a merge, say): git counts nothing ahead, GitHub sees nothing.
    git(project, "push", "-q", "origin", "--delete", "add-login_page");
    const gone = await call(backend, "pull-request", request);
    expect(gone.status).toBe(409);
    expect(gone.body.error).toMatchObject({
      code: "branch_not_pushed",
      message: expect.stringMatching(/^add-login_page is gone from origin .* Push it to publish it again/),
    });

    git(project, "switch", "-q", "--create", "local-only");
    const unpublished = await call(backend, "pull-request", request);
    expect(unpublished.status).toBe(409);
    expect(unpublished.body.error).toMatchObject({
      code: "no_upstream",
      message: expect.stringMatching(/Publish the branch first/),
    });
    expect(runs().filter((r) => r.args[1] === "create")).toHaveLength(1); // only the one gh refused
  });

  it("ends a gh that hangs at its deadline, and says so", async () => {
    const backend = await backendIn(published(), { git: { networkDeadlineMs: 2_000 } });
    plan({ hang: true });
    const late = await call(backend, "pull-request");
    expect(late.status).toBe(504);
    expect(late.body.error).toMatchObject({
      code: "git_timeout",
      message: expect.stringMatching(/GitHub CLI did not answer/),
    });
    // And ended (it records itself first thing, so a gh that started is listed): by the time the
    // answer is read it may still be exiting, or a zombie not yet reaped on a loaded machine (a
    // fresh-clone CI run saw `kill(pid, 0)` succeed), so it is looked for until its grace is over.
    const ops = processOpsFor();
    expect(runs().length).toBeGreaterThan(0);
    await expect
      .poll(() => runs().filter(({ pid }) => ops.isAlive(pid)), { timeout: 30_000, interval: 100 })
      .toEqual([]);
  });
});

// The Files tab's git work in Debian's chromium at the desktop window size, against the headless
// backend with the real opencode and the stub provider, in a git project: the uncommitted changes
// with a file's diff, a review comment on one of its lines sent with the next message; a new file discarded after asking and put back by Undo; a commit of chosen
// files (a refused one keeps its message), and a branch created there; the history with that
// commit's file and patch; a stash made and popped; that branch published and its pull request
// written by the chat's model ("Write it for me") and created from the form with a reviewer and a label, marked ready for review and merged, the
// project left on the base branch (a fake `gh` on PATH stands in for GitHub); a worktree added, a
// chat there writing only in it, and the worktree removed from that chat. The steps build on each
// other, in order. Screenshots go to test-artifacts/ (project-panel-*.png, as before the split).

import { execFileSync } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { standInDesktop } from "../../backend/test/standInDesktop.ts";
import { artifacts, type BrowserBackend, gitProject, openChatWindow, startBrowserBackend } from "./browserBackend.ts";
import { fakeGhOnPath } from "./fakeGhOnPath.ts";

// Safety nets only: on a loaded machine opencode's first answer can take tens of seconds.
const replyTimeout = { timeout: 90_000 };

let setup: BrowserBackend;
let page: Page;
let project: string;

const shot = (name: string) => page.screenshot({ path: join(artifacts, `project-panel-${name}.png`) });

/** "Open in" on a Linux desktop whose editor and xdg-open are stand-ins that write down how they were started. */
const desktopDir = mkdtempSync(join(tmpdir(), "turnkey open-with-"));
const desktop = standInDesktop(desktopDir, { code: 0, "xdg-open": 0 });

beforeAll(async () => {
  setup = await startBrowserBackend({
    name: "git panel browser",
    prepare(root) {
      project = gitProject(root, { "notes.txt": "alpha\nbeta\ngamma\n", "src/app.ts": "export const a = 1;\n" });
      return { workdir: project };
    },
    backend: { openWith: desktop.openWith },
  });
  page = await openChatWindow(setup);
  // A chat, so that the session panel has the Files tab (it shows a live chat's project).
  await page.getByLabel("Message").fill("hello");
  await page.getByLabel("Message").press("Enter");
  await page.locator(".message-assistant", { hasText: "Echo: hello" }).waitFor(replyTimeout);
  // A chosen tab keeps its width: a bolder label widened it, and could wrap a row of tabs near its width.
  const filesTab = page.getByRole("tab", { name: "Files" });
  const width = (await filesTab.boundingBox())?.width;
  await filesTab.click();
  await page.getByRole("tab", { name: "Files", selected: true }).waitFor();
  expect((await filesTab.boundingBox())?.width).toBe(width);
}, 240_000);

afterAll(async () => {
  await setup?.close();
  rmSync(desktopDir, { recursive: true, force: true });
});

describe("the Files tab's git work in a browser", () => {
  it("lists the project's uncommitted changes and opens a file's diff", async () => {
    writeFileSync(join(project, "notes.txt"), "alpha\nBETA\ngamma\n");
    const panel = page.getByRole("complementary", { name: "Session details" });
    const changes = panel.getByRole("region", { name: "Uncommitted changes" });
    await changes.getByRole("button", { name: "Refresh" }).click();
    await changes.getByRole("button", { name: "notes.txt", exact: true }).click();
    await changes.locator("tr.diff-add", { hasText: "BETA" }).waitFor(replyTimeout);
    await shot("git");
    expect(setup.pageErrors).toEqual([]);
  });

  // The stand-ins are sh scripts: Windows' own finding and starting is tested with its platform injected
  // (findApps.test.ts) and for real in launchProgram.test.ts.
  it.skipIf(process.platform === "win32")(
    "opens the project, then a file, in the editor, and offers the file manager beside it",
    async () => {
      const panel = page.getByRole("complementary", { name: "Session details" });
      await panel
        .getByRole("group", { name: "Open the project in another program" })
        .getByRole("button", { name: "Open in Visual Studio Code" })
        .click();
      await panel.getByRole("status").filter({ hasText: "Opened the project folder in Visual Studio Code." }).waitFor();
      const started = () => desktop.started("code");
      expect(started()).toEqual([project, project]);

      const files = panel.getByRole("region", { name: "Project files" });
      await files.getByRole("button", { name: "notes.txt", exact: true }).click();
      const viewer = panel.getByRole("region", { name: "File notes.txt" });
      await viewer.getByRole("button", { name: "Open the file in another app" }).click();
      await viewer.getByRole("button", { name: "Show in the file manager" }).waitFor();
      await viewer.getByRole("button", { name: "Open in Visual Studio Code" }).click();
      await viewer.getByRole("status").filter({ hasText: "Opened notes.txt in Visual Studio Code." }).waitFor();
      expect(started()).toEqual([project, project, join(project, "notes.txt")]);
      // The other apps stay listed beside the editor's button.
      await viewer.getByRole("group", { name: "Other apps" }).waitFor();
      await shot("open-with");
      await viewer.getByRole("button", { name: "← Files" }).click();
      expect(setup.pageErrors).toEqual([]);
    },
  );

  it("takes a review comment on a line of that diff, and sends it with the next message", async () => {
    const changes = page.getByRole("complementary", { name: "Session details" }).getByRole("region", {
      name: "Uncommitted changes",
    });
    await changes.getByRole("button", { name: "Comment on line 2", exact: true }).click();
    const form = page.getByRole("textbox", { name: "Comment on notes.txt, line 2" });
    await form.fill("keep beta in lower case");
    await shot("review-comment-form");
    await form.press("Control+Enter");
    await changes.getByRole("region", { name: "Your comment on notes.txt, line 2" }).waitFor();
    const tray = page.getByRole("region", { name: "Waiting review comments" });
    await expect(tray.textContent()).resolves.toContain("1 review comment goes with your next message");
    await shot("review-comment-waiting");
    await page.getByLabel("Message").fill("fix what I marked");
    await page.getByLabel("Message").press("Enter");
    // The stub model echoes the prompt as it received it: the comment went to OpenCode in the message.
    const reply = page.locator(".message-assistant", { hasText: "Echo: fix what I marked" });
    await reply.waitFor(replyTimeout);
    await expect(reply.textContent()).resolves.toContain("keep beta in lower case");
    await expect(tray.count()).resolves.toBe(0);
    await expect(changes.getByRole("region", { name: /^Your comment on/ }).count()).resolves.toBe(0);
    expect(setup.pageErrors).toEqual([]);
  });

  it("discards a new file from the change list after asking, and Undo writes it back", async () => {
    const scratch = join(project, "scratch.txt");
    writeFileSync(scratch, "a try\n");
    const panel = page.getByRole("complementary", { name: "Session details" });
    const changes = panel.getByRole("region", { name: "Uncommitted changes" });
    await changes.getByRole("button", { name: "Refresh" }).click();
    await changes.getByRole("button", { name: "Discard the changes to scratch.txt" }).click();
    const ask = changes.getByRole("group", { name: "Discard the changes to scratch.txt?" });
    await ask.getByText("scratch.txt is not in the last commit: discarding deletes it.", { exact: false }).waitFor();
    await ask.scrollIntoViewIfNeeded();
    await shot("discard-ask");
    await ask.getByRole("button", { name: "Discard", exact: true }).click();
    const said = changes
      .getByRole("list", { name: "Discarded, can be undone" })
      .getByRole("listitem")
      .filter({ hasText: "Deleted scratch.txt" });
    await said.waitFor(replyTimeout);
    expect(existsSync(scratch)).toBe(false);
    await said.scrollIntoViewIfNeeded();
    await shot("discarded");
    await changes
      .getByRole("button", { name: "scratch.txt", exact: true })
      .waitFor({ state: "detached", ...replyTimeout });

    await said.getByRole("button", { name: "Undo: Deleted scratch.txt", exact: false }).click();
    await changes.getByText("Put back what scratch.txt held.").waitFor(replyTimeout);
    expect(readFileSync(scratch, "utf8")).toBe("a try\n");
    await changes.getByRole("button", { name: "scratch.txt", exact: true }).waitFor(replyTimeout);
    rmSync(scratch); // the commit below counts the other changes
    expect(setup.pageErrors).toEqual([]);
  });

  it("commits a chosen file from the Files tab, keeping the message when a hook refuses, then creates a branch", async () => {
    const git = (...args: string[]) => execFileSync("git", args, { cwd: project, encoding: "utf8" });
    git("config", "user.email", "t@example.com");
    git("config", "user.name", "T");
    writeFileSync(join(project, "draft one.txt"), "a new file\n");
    const hook = join(project, ".git", "hooks", "pre-commit");
    writeFileSync(hook, "#!/bin/sh\necho 'lint: draft one.txt needs a title' >&2\nexit 1\n");
    chmodSync(hook, 0o755);
    const panel = page.getByRole("complementary", { name: "Session details" });
    await panel.getByRole("region", { name: "Uncommitted changes" }).getByRole("button", { name: "Refresh" }).click();
    const form = panel.getByRole("form", { name: "Commit" });
    await form.getByText("Files to commit (2 of 2)").waitFor(replyTimeout);
    await form.getByRole("checkbox", { name: /notes\.txt/ }).uncheck();
    await form.getByLabel("What the commit does").fill("Add the first draft");
    await form.getByRole("button", { name: "Commit 1 file" }).click();
    await form.getByRole("alert").filter({ hasText: "needs a title" }).waitFor(replyTimeout);
    expect(await form.getByLabel("What the commit does").inputValue()).toBe("Add the first draft");
    expect(git("rev-list", "--count", "HEAD").trim()).toBe("1");

    rmSync(hook);
    await form.getByRole("button", { name: "Commit 1 file" }).click();
    const made = form.getByRole("status");
    await made.filter({ hasText: "Add the first draft" }).waitFor(replyTimeout);
    expect(await made.textContent()).toBe(
      `Committed ${git("rev-parse", "--short", "HEAD").trim()} Add the first draft`,
    );
    expect(git("show", "--name-only", "--format=", "HEAD").trim()).toBe("draft one.txt");
    await form.getByText("Files to commit (1 of 1)").waitFor(); // notes.txt is still uncommitted
    expect(await form.getByLabel("What the commit does").inputValue()).toBe("");
    await shot("commit");

    await panel.getByLabel("New branch name").fill("feature/drafts");
    await panel.getByRole("button", { name: "Create branch" }).click();
    await panel.getByText("Created the branch feature/drafts").waitFor(replyTimeout);
    expect(await panel.getByLabel("Branch", { exact: true }).inputValue()).toBe("feature/drafts");
    expect(git("branch", "--show-current").trim()).toBe("feature/drafts");
    // The refused commit's answer, which chromium logs; nothing else went wrong.
    expect(setup.pageErrors.splice(0)).toEqual([
      "Failed to load resource: the server responded with a status of 409 (Conflict)",
    ]);
  });

  it("shows the branch's history: the commit just made, its file and that file's patch", async () => {
    const panel = page.getByRole("complementary", { name: "Session details" });
    await panel.getByText("History", { exact: true }).click();
    const commits = panel.getByRole("list", { name: "Commits" });
    const made = commits.getByRole("button", { name: /Add the first draft$/ });
    await made.waitFor(replyTimeout);
    await made.click();
    const files = panel.getByRole("list", { name: /^Files changed in / });
    await files.getByRole("button", { name: "draft one.txt", exact: true }).click();
    await files.locator("tr.diff-add", { hasText: "a new file" }).waitFor(replyTimeout);
    await files.scrollIntoViewIfNeeded();
    await shot("history");
    await panel.getByText("History", { exact: true }).click(); // folded again for the tests below
    expect(setup.pageErrors).toEqual([]);
  });

  it("puts the uncommitted change aside as a stash and pops it back", async () => {
    const panel = page.getByRole("complementary", { name: "Session details" });
    const before = readFileSync(join(project, "notes.txt"), "utf8");
    await panel.getByText(/^Stashes \(\d+\)$/).click();
    await panel.getByRole("textbox", { name: "What the stash holds" }).fill("notes in progress");
    await panel.getByRole("button", { name: "Stash changes" }).click();
    const stashed = panel.getByRole("list", { name: "Stashes" }).getByRole("listitem").first();
    await stashed.filter({ hasText: "On feature/drafts: notes in progress" }).waitFor(replyTimeout);
    expect(readFileSync(join(project, "notes.txt"), "utf8")).not.toBe(before);
    await stashed.scrollIntoViewIfNeeded();
    await shot("stash");
    await stashed.getByRole("button", { name: "Pop" }).click();
    await panel.getByText("Stashes (0)").waitFor(replyTimeout);
    expect(readFileSync(join(project, "notes.txt"), "utf8")).toBe(before);
    await panel.getByText("Stashes (0)").click(); // folded again
    expect(setup.pageErrors).toEqual([]);
  });

  // The fake gh is a Node script named `gh`: Windows runs only a gh.exe/gh.com from PATH (pulls/ghProgram.ts).
  it.skipIf(process.platform === "win32")(
    "publishes the branch, creates its pull request through gh, marks it ready and merges it",
    async () => {
      const git = (...args: string[]) => execFileSync("git", args, { cwd: project, encoding: "utf8" });
      // GitHub's side: a bare origin holding the first branch, and a fake gh on PATH (the backend's own).
      const [first = ""] = git("for-each-ref", "--format=%(refname:short)", "refs/heads/")
        .split("\n")
        .filter((b) => b !== "" && b !== "feature/drafts");
      const origin = join(setup.root, "origin.git");
      git("init", "-q", "--bare", origin);
      git("remote", "add", "origin", origin);
      git("push", "-q", "origin", first);
      git("remote", "set-head", "origin", first);
      writeFileSync(join(project, "draft two.txt"), "second\n");
      git("add", "draft two.txt");
      git("commit", "-qm", "Add the second draft", "-m", "It follows the first.");
      const made = {
        number: 12,
        title: "Drafts, reviewed",
        state: "OPEN",
        isDraft: true,
        url: "https://github.com/o/r/pull/12",
      };
      const created = {
        ...made,
        baseRefName: first,
        headRefName: "feature/drafts",
        headRefOid: "0123456789abcdef0123456789abcdef01234567",
        mergeable: "MERGEABLE",
        mergeStateStatus: "DRAFT",
        statusCheckRollup: [],
      };
      const readied = { ...created, isDraft: false, mergeStateStatus: "CLEAN" };
      const gh = fakeGhOnPath(setup.root);
      const { answer, plan } = gh;
      plan({ created: answer(created), after: answer(readied) });
      try {
        const panel = page.getByRole("complementary", { name: "Session details" });
        await panel.getByText("Pull request", { exact: true }).click();
        await panel.getByText("feature/drafts has no pull request yet.").waitFor(replyTimeout);
        await panel.getByRole("button", { name: "Create pull request" }).click();
        const form = panel.getByRole("form", { name: "New pull request" });
        await form.getByText("feature/drafts is not on origin yet").waitFor(replyTimeout);
        expect(await form.getByLabel("Pull request title").inputValue()).toBe("Add the second draft");
        expect(await form.getByLabel("Pull request description").inputValue()).toBe("It follows the first.");
        expect(await form.getByLabel("Base branch").inputValue()).toBe(first);
        await form.getByRole("button", { name: "Publish to origin" }).click();
        await form.locator("button:not([disabled])", { hasText: "Create pull request" }).waitFor(replyTimeout);
        expect(git("rev-parse", "--abbrev-ref", "feature/drafts@{upstream}").trim()).toBe("origin/feature/drafts");
        // The chat's model writes the title and description from the branch's commits and changes.
        await form.getByRole("button", { name: "Write it for me" }).click();
        await form.getByText("Put back what you wrote").waitFor(replyTimeout);
        expect(await form.getByLabel("Pull request title").inputValue()).toBe("Describe feature/drafts");
        expect(await form.getByLabel("Pull request description").inputValue()).toBe(
          `The question held 1 commits into ${first}.`,
        );
        await shot("pull-request-written");
        await form.getByLabel("Pull request title").fill("Drafts, reviewed");
        await form.getByRole("checkbox", { name: "Draft" }).check();
        await form.getByLabel("Reviewers").selectOption(["octo"]);
        await form.getByLabel("Labels").selectOption(["bug"]);
        await shot("pull-request-form");
        await form.getByRole("button", { name: "Create pull request" }).click();
        const link = panel.getByRole("link", { name: "#12 Drafts, reviewed" });
        await link.waitFor(replyTimeout);
        expect(await link.getAttribute("href")).toBe("https://github.com/o/r/pull/12");
        await panel.getByText("No checks").waitFor();
        await shot("pull-request");
        const asked = gh.calls();
        expect(asked.find((r) => r.args[1] === "create")?.args).toEqual([
          "pr",
          "create",
          "--title=Drafts, reviewed",
          "--body-file=-",
          `--base=${first}`,
          "--head=feature/drafts",
          "--draft",
          "--reviewer=octo",
          "--label=bug",
        ]);

        await panel.getByRole("button", { name: "Ready for review" }).click();
        await panel.getByText("#12 is ready for review", { exact: false }).waitFor(replyTimeout);
        plan({ view: answer(readied), after: answer({ ...readied, state: "MERGED" }) });
        await panel.getByRole("button", { name: "Merge…" }).click();
        const merge = panel.getByRole("form", { name: "Merge pull request" });
        await merge.getByLabel("Merge method").selectOption("merge");
        await merge.getByRole("checkbox", { name: /Delete feature\/drafts afterwards/ }).check();
        await shot("pull-request-merge");
        await merge.getByRole("button", { name: "Merge pull request" }).click();
        await panel
          .getByText(
            `Merged #12 into ${first} as a merge commit. feature/drafts was deleted on GitHub and here; you are on ${first} now.`,
          )
          .waitFor(replyTimeout);
        expect(git("branch", "--show-current").trim()).toBe(first);
        await shot("pull-request-merged");
        expect(setup.pageErrors).toEqual([]);
      } finally {
        gh.restore();
      }
    },
    240_000, // a safety net: a publish, a create, ready and a merge, each through git or the fake gh
  );

  it("adds a worktree on a new branch, opens a chat there whose work stays out of the main folder, and removes it from that chat", async () => {
    const panel = page.getByRole("complementary", { name: "Session details" });
    await panel.getByText("Worktrees (1)").click();
    await panel.getByLabel("Branch for a new worktree").fill("feature/parallel");
    await panel.getByRole("button", { name: "Add worktree" }).click();
    // The window moves to the new folder, named with its repository, with a new chat.
    const picker = page.getByLabel("Project", { exact: true });
    await expect
      .poll(() => picker.evaluate((s: HTMLSelectElement) => s.selectedOptions[0]?.text), replyTimeout)
      .toBe("project · feature-parallel");
    const git = (...args: string[]) => execFileSync("git", args, { cwd: project, encoding: "utf8" });
    const folder = join(`${project}.worktrees`, "feature-parallel");
    expect(existsSync(join(folder, "notes.txt"))).toBe(true);

    await page.getByLabel("Message").fill("working apart [tool:bash echo parallel | tee parallel.txt]");
    await page.getByLabel("Message").press("Enter");
    // A bash tool asks first; the first chat in a folder waits for opencode to load it.
    await page
      .getByRole("region", { name: "OpenCode is waiting for you" })
      .getByRole("button", { name: "Allow once" })
      .click(replyTimeout);
    await page.locator(".message-assistant", { hasText: "Tool said: parallel" }).waitFor(replyTimeout);
    expect(existsSync(join(folder, "parallel.txt"))).toBe(true);
    expect(existsSync(join(project, "parallel.txt"))).toBe(false);

    await page.getByRole("tab", { name: "Files" }).click();
    await panel.getByText("Worktrees (2)").click();
    const rows = panel.getByRole("list", { name: "Worktrees" }).getByRole("listitem");
    await rows
      .filter({ hasText: "this chat" })
      .getByRole("button", { name: "Remove the worktree feature/parallel" })
      .click();
    await panel.getByRole("button", { name: "Remove", exact: true }).click();
    // parallel.txt is new there: git refuses, and the second question says it is lost.
    await panel.getByText("holds uncommitted changes or new files", { exact: false }).waitFor(replyTimeout);
    await panel.getByRole("group", { name: "Remove the worktree feature/parallel?" }).scrollIntoViewIfNeeded();
    await shot("worktree-remove-ask");
    await panel.getByRole("button", { name: "Remove anyway" }).click();
    // The chat's own folder is gone: the window goes on in the main folder, the branch kept there.
    await expect
      .poll(() => picker.evaluate((s: HTMLSelectElement) => s.selectedOptions[0]?.text), replyTimeout)
      .toBe("project");
    expect(existsSync(folder)).toBe(false);
    expect(git("branch", "--list", "feature/parallel").trim()).toBe("feature/parallel");
    await shot("worktree-removed");
    // git's refusal to remove a folder with new files (asked again), which chromium logs; nothing else.
    expect(setup.pageErrors.splice(0)).toEqual([
      "Failed to load resource: the server responded with a status of 409 (Conflict)",
    ]);
  }, 240_000); // a safety net: a checkout, a reply with a tool call, a removal
});

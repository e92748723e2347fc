// Subagents, the project's files and its git status in Debian's chromium at the desktop window
// size, against the headless backend with the real opencode and the stub provider, in a git
// project: a `task` call's subagent chat opened from the reply and left again, the chat list
// counting it rather than listing it; the Files tab's tree, a file coloured in the viewer and
// mentioned into the message; the git status with a file's diff; a new file discarded after
// asking and put back by Undo; a commit of chosen files from the Files tab (a refused one keeps its
// message), and a branch created there; the history with that commit's file and patch; a stash
// made and popped; that branch published and its pull request created from the form with a
// reviewer and a label, marked ready for review and merged, the project left on the base branch (a
// fake `gh` on PATH stands in for GitHub). Screenshots go to test-artifacts/.

import { execFileSync } from "node:child_process";
import {
  appendFileSync,
  chmodSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { delimiter, join } from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { artifacts, type BrowserBackend, gitProject, openChatWindow, startBrowserBackend } from "./browserBackend.ts";

// Safety nets only: on a loaded machine opencode's first answer can take tens of seconds.
const replyTimeout = { timeout: 90_000 };

let setup: BrowserBackend;
let page: Page;
let project: string;

const box = () => page.getByLabel("Message");
const shot = (name: string) => page.screenshot({ path: join(artifacts, `project-panel-${name}.png`) });

beforeAll(async () => {
  setup = await startBrowserBackend({
    name: "project panel browser",
    prepare(root) {
      project = gitProject(root, {
        "notes.txt": "alpha\nbeta\ngamma\n",
        "src/app.ts": "export const answer: number = 42;\n",
        // A long file whose line 300 the text search opens.
        "docs/long.md": Array.from({ length: 400 }, (_, i) => (i === 299 ? "the far line" : `line ${i + 1}`)).join(
          "\n",
        ),
      });
      // A build folder of 5,000 files, left out of git (the commit tests below count the changes).
      mkdirSync(join(project, "out"));
      for (let i = 0; i < 5_000; i++) writeFileSync(join(project, "out", `f${String(i).padStart(4, "0")}.txt`), "");
      appendFileSync(join(project, ".git", "info", "exclude"), "out/\n");
      return { workdir: project };
    },
  });
  page = await openChatWindow(setup);
}, 240_000);

afterAll(() => setup?.close());

describe("the project panel in a browser", () => {
  it("opens a subagent's chat from its task call, read-only, and goes back", async () => {
    const task = JSON.stringify({ description: "Look around", prompt: "hello sub", subagent_type: "general" });
    await box().fill(`<<call:task ${task}>>`);
    await box().press("Enter");
    await page.locator(".message-assistant", { hasText: "Tool said" }).last().waitFor(replyTimeout);
    const sessions = page.getByRole("navigation", { name: "Sessions" });
    await sessions.getByText("1 subagent").waitFor(replyTimeout);
    expect(await sessions.locator(".session-title").count()).toBe(1);
    await page.getByRole("button", { name: "Open the subagent's chat" }).click();
    await page.locator(".message-assistant", { hasText: "Echo: hello sub" }).waitFor(replyTimeout);
    await page.getByText(/A subagent's chat: Look around/).waitFor();
    expect(await page.getByLabel("Message").count()).toBe(0);
    await shot("subagent");
    await page.getByRole("button", { name: /^Back to/ }).click();
    await page.locator(".message-assistant", { hasText: "Tool said" }).waitFor();
    await box().waitFor();
    expect(setup.pageErrors).toEqual([]);
  });

  it("browses the project's files, shows one coloured, and mentions it in the message", async () => {
    await page.getByRole("tab", { name: "Files" }).click();
    const panel = page.getByRole("complementary", { name: "Session details" });
    // The tab's first box near the panel's top: Compact, Export, Share and MCP live in the Session
    // tab, not above every tab (a walk-through found Files starting ~440 px down at 800×600).
    const firstBox = await panel.getByRole("searchbox", { name: "Find a file by name" }).boundingBox();
    expect(firstBox?.y).toBeLessThan(300);
    await panel.getByRole("button", { name: "▸ src" }).click();
    await panel.getByRole("button", { name: "app.ts" }).click();
    const viewer = panel.getByRole("region", { name: "File src/app.ts" });
    await viewer.locator("code.language-typescript .hljs-keyword").first().waitFor(replyTimeout);
    await shot("file");
    await viewer.getByRole("button", { name: "Mention in the message" }).click();
    expect(await box().inputValue()).toBe("@src/app.ts ");
    await viewer.getByRole("button", { name: "← Files" }).click();
    await panel.getByRole("button", { name: "▾ src" }).waitFor(); // the tree as it was left
    await box().fill("");
    // The same file found by name (OpenCode's own file search), opened from the list.
    await panel.getByRole("searchbox", { name: "Find a file by name" }).fill("app.t");
    const found = panel.getByRole("list", { name: "Files found" }).getByRole("button", { name: "src/app.ts" });
    await found.waitFor(replyTimeout);
    await shot("file-search");
    await found.click();
    await viewer.locator("code.language-typescript").first().waitFor(replyTimeout);
    await viewer.getByRole("button", { name: "← Files" }).click();
    await panel.getByRole("searchbox", { name: "Find a file by name" }).fill("");
    // A line found by its text (ripgrep in the backend), opened with that line in view.
    await panel.getByRole("searchbox", { name: "Find text in the files" }).fill("FAR LINE");
    const line = panel
      .getByRole("list", { name: "Lines found" })
      .getByRole("button", { name: /^docs\/long\.md line 300/ });
    await line.waitFor(replyTimeout);
    await shot("text-search");
    await line.click();
    const long = panel.getByRole("region", { name: "File docs/long.md" });
    await long.getByText("docs/long.md, line 300").waitFor(replyTimeout);
    await long.locator("pre").getByText("the far line").waitFor();
    // Where the line's text really is, against the box that shows it.
    const view = await long.locator("pre").evaluate((pre) => {
      const box = pre.getBoundingClientRect();
      const walker = document.createTreeWalker(pre, NodeFilter.SHOW_TEXT);
      let found: Text | null = null;
      while (walker.nextNode()) {
        const node = walker.currentNode as Text;
        if (node.data.includes("the far line")) {
          found = node;
          break;
        }
      }
      const range = document.createRange();
      const offset = found?.data.indexOf("the far line") ?? 0;
      if (found) {
        range.setStart(found, offset);
        range.setEnd(found, offset + "the far line".length);
      }
      const at = range.getClientRects()[0] ?? range.getBoundingClientRect();
      return { top: pre.scrollTop, boxTop: box.top, boxBottom: box.bottom, lineTop: at.top, lineBottom: at.bottom };
    });
    expect(view.top).toBeGreaterThan(0);
    expect(view.lineTop).toBeGreaterThanOrEqual(view.boxTop);
    expect(view.lineBottom).toBeLessThanOrEqual(view.boxBottom);
    await long.getByRole("button", { name: "← Files" }).click();
    await panel.getByRole("searchbox", { name: "Find text in the files" }).fill("");
  });

  it("opens a folder of 5,000 files drawing only the rows in view, and reaches its last entry by Show more and by name", async () => {
    const panel = page.getByRole("complementary", { name: "Session details" });
    await panel.getByRole("button", { name: "▸ out" }).click();
    await panel.getByRole("button", { name: "f0000.txt", exact: true }).waitFor(replyTimeout);
    expect(await panel.locator(".file-entry").count()).toBeLessThan(200); // not the 2,000 of the first page
    // Scrolled to the end (again after each page comes in above it) until the row says `text`.
    const scrollUntil = (text: string) =>
      page.waitForFunction(
        (text) => {
          const box = (
            globalThis as unknown as {
              document: { querySelector(s: string): { scrollTop: number; scrollHeight: number; textContent: string } };
            }
          ).document.querySelector(".file-tree-root");
          box.scrollTop = box.scrollHeight;
          return box.textContent.includes(text);
        },
        text,
        { polling: 100, ...replyTimeout },
      );
    await scrollUntil("3,000 more entries in this folder not listed yet (2,000 shown");
    await panel.getByRole("button", { name: "Show 2,000 more" }).click();
    await scrollUntil("1,000 more entries in this folder not listed yet (4,000 shown");
    await panel.getByRole("button", { name: "Show 1,000 more" }).click();
    await scrollUntil("f4999.txt");
    expect(await panel.getByRole("button", { name: /^Show .* more$/ }).count()).toBe(0);
    expect(await panel.locator(".file-entry").count()).toBeLessThan(200);
    await shot("big-folder");
    await panel.locator(".file-tree-root").evaluate((box) => {
      box.scrollTop = 0;
    });
    await panel.getByRole("searchbox", { name: "Filter out by name" }).fill("F4321");
    await panel.getByRole("button", { name: "f4321.txt", exact: true }).waitFor(replyTimeout);
    // Only the match is left of the folder's entries.
    await panel.getByRole("button", { name: "f0000.txt", exact: true }).waitFor({ state: "detached", ...replyTimeout });
    expect(await panel.locator(".file-entry", { hasText: /^f\d{4}\.txt$/ }).count()).toBe(1);
    await panel.getByRole("button", { name: "▾ out" }).click();
    expect(setup.pageErrors).toEqual([]);
  });

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
      const bin = join(setup.root, "bin");
      mkdirSync(bin);
      copyFileSync(join(import.meta.dirname, "..", "..", "backend", "test", "fixtures", "fakeGh.mjs"), join(bin, "gh"));
      chmodSync(join(bin, "gh"), 0o755);
      const log = join(setup.root, "gh-log.jsonl");
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
      const answer = (view: object) => ({ code: 0, stdout: JSON.stringify(view) });
      const plan = (value: object) => writeFileSync(join(setup.root, "gh-plan.json"), JSON.stringify(value));
      plan({ created: answer(created), after: answer(readied) });
      const saved = process.env.PATH;
      process.env.PATH = `${bin}${delimiter}${saved}`;
      process.env.FAKE_GH_LOG = log;
      process.env.FAKE_GH_PLAN = join(setup.root, "gh-plan.json");
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
        const asked = readFileSync(log, "utf8")
          .trim()
          .split("\n")
          .map((line) => JSON.parse(line) as { args: string[] });
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
        process.env.PATH = saved;
        delete process.env.FAKE_GH_LOG;
        delete process.env.FAKE_GH_PLAN;
      }
    },
    240_000, // a safety net: a publish, a create, ready and a merge, each through git or the fake gh
  );
});

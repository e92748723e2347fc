// The commit form's two helpers in Debian's chromium at the desktop window size, against the
// headless backend with the real opencode and the stub model, in a git project: who commits, set
// from the Files tab for this repository; "Write it for me", whose message from the stub model
// fills the box, what was typed put back, then written again and committed. Split from
// gitPanel.browser.test.ts, whose steps build on each other. Screenshots: commit-form-*.png.
import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { artifacts, type BrowserBackend, gitProject, openChatWindow, startBrowserBackend } from "./browserBackend.ts";

// Safety nets only: on a loaded machine opencode's first answer can take tens of seconds.
const replyTimeout = { timeout: 90_000 };

let setup: BrowserBackend;
let page: Page;
let project: string;
let panel: Locator;
const git = (...args: string[]) => execFileSync("git", args, { cwd: project, encoding: "utf8" });

beforeAll(async () => {
  setup = await startBrowserBackend({
    name: "commit form browser",
    prepare(root) {
      project = gitProject(root, { "notes.txt": "alpha\nbeta\n" });
      return { workdir: project };
    },
  });
  page = await openChatWindow(setup);
  // A chat, so that the session panel has the Files tab (it shows a live chat's project).
  await page.getByLabel("Message").fill("hello");
  await page.getByLabel("Message").press("Enter");
  await page.locator(".message-assistant", { hasText: "Echo: hello" }).waitFor(replyTimeout);
  await page.getByRole("tab", { name: "Files" }).click();
  panel = page.getByRole("complementary", { name: "Session details" });
}, 240_000);

afterAll(async () => {
  await setup?.close();
});

describe("the commit form's helpers in a browser", () => {
  it("sets who commits for this repository from the tab, whatever this machine's git says", async () => {
    writeFileSync(join(project, "notes.txt"), "alpha\nBETA\n");
    await panel.getByRole("region", { name: "Uncommitted changes" }).getByRole("button", { name: "Refresh" }).click();
    const who = panel.getByRole("region", { name: "Who commits" });
    await who.waitFor(replyTimeout);
    // Open by itself when git cannot tell; otherwise Change… opens it.
    const change = who.getByRole("button", { name: "Change…" });
    if ((await change.count()) > 0) await change.click();
    const identity = who.getByRole("form", { name: "Your name and email for commits" });
    await identity.getByLabel("Name").fill("T");
    await identity.getByLabel("Email").fill("t@example.com");
    await identity.getByLabel("This repository only").check();
    await identity.getByRole("button", { name: "Save" }).click();
    await who
      .getByRole("status")
      .filter({ hasText: "Commits in this repository are now signed T <t@example.com>." })
      .waitFor(replyTimeout);
    expect(git("config", "--local", "user.email").trim()).toBe("t@example.com");
    expect(await who.textContent()).toContain("Commits as T <t@example.com> · set for this repository");
  });

  it("writes the message with the chat's model, puts back what was typed, and commits the one written", async () => {
    const form = panel.getByRole("form", { name: "Commit" });
    const box = form.getByLabel("What the commit does");
    await box.fill("my own words");
    await form.getByRole("button", { name: "Write it for me" }).click();
    await form.getByRole("note").filter({ hasText: "Written by Stub Model" }).waitFor(replyTimeout);
    expect(await box.inputValue()).toBe("Update notes.txt\n\nThe question listed 1 file.");
    await page.screenshot({ path: join(artifacts, "commit-form-message.png") });
    await form.getByRole("button", { name: "Put back what you wrote" }).click();
    expect(await box.inputValue()).toBe("my own words");

    await form.getByRole("button", { name: "Write it for me" }).click();
    await form.getByRole("note").filter({ hasText: "Written by Stub Model" }).waitFor(replyTimeout);
    await form.getByRole("button", { name: "Commit 1 file" }).click();
    await form.getByRole("status").filter({ hasText: "Update notes.txt" }).waitFor(replyTimeout);
    expect(git("log", "-1", "--format=%an <%ae>%n%s%n%n%b").trim()).toBe(
      "T <t@example.com>\nUpdate notes.txt\n\nThe question listed 1 file.",
    );
    // No chat of the questions' is in the list, and nothing went wrong on the page.
    expect(await page.getByRole("navigation", { name: "Sessions" }).getByText("Writing a commit message").count()).toBe(
      0,
    );
    expect(setup.pageErrors).toEqual([]);
  });
});

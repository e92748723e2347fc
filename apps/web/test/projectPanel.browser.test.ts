// Subagents, the project's files and its git status in Debian's chromium at the desktop window
// size, against the headless backend with the real opencode and the stub provider, in a git
// project: a `task` call's subagent chat opened from the reply and left again, the chat list
// counting it rather than listing it; the Files tab's tree, a file coloured in the viewer and
// mentioned into the message; the git status
// with a file's diff. Screenshots go to test-artifacts/.

import { writeFileSync } from "node:fs";
import { join } from "node:path";
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
      });
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
  });

  it("lists the project's uncommitted changes and opens a file's diff", async () => {
    writeFileSync(join(project, "notes.txt"), "alpha\nBETA\ngamma\n");
    const panel = page.getByRole("complementary", { name: "Session details" });
    const changes = panel.getByRole("region", { name: "Uncommitted changes" });
    await changes.getByRole("button", { name: "Refresh" }).click();
    await changes.getByRole("button", { name: "notes.txt" }).click();
    await changes.locator("tr.diff-add", { hasText: "BETA" }).waitFor(replyTimeout);
    await shot("git");
    expect(setup.pageErrors).toEqual([]);
  });
});

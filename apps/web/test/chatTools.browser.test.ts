// The chat window's tools around the conversation in Debian's chromium at the desktop window size,
// against the headless backend with the real opencode and the stub provider, in a git project:
// editing an earlier prompt and sending it again (the turns after it undone, the file it changed
// restored on disk, the chat going on from there, and still so after a reload); a `!` shell command
// run from the composer in the project folder, with its output in the chat; a chat exported as a
// Markdown file named after it, with its edit's diff; the panel's prompts as a timeline that brings
// a prompt far up the conversation into view and focuses it.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { artifacts, type BrowserBackend, gitProject, startBrowserBackend } from "./browserBackend.ts";

// Safety nets only: on a loaded machine opencode's first answer can take tens of seconds.
const replyTimeout = { timeout: 90_000 };
vi.setConfig({ testTimeout: 240_000 });

let setup: BrowserBackend;
let page: Page;
let project: string;
let pageErrors: string[];

const notes = () => readFileSync(join(project, "notes.txt"), "utf8");
const box = () => page.getByLabel("Message");
const shot = (name: string) => page.screenshot({ path: join(artifacts, `chat-tools-${name}.png`) });
/** The reply has come and OpenCode is idle again (the reply's text can show before its turn ends). */
async function reply(text: string) {
  await page.locator(".message-assistant", { hasText: text }).last().waitFor(replyTimeout);
  await page.getByRole("button", { name: "Stop" }).waitFor({ state: "detached", ...replyTimeout });
}
const prompt = (text: string) => page.locator(".message-user", { hasText: text });

async function send(text: string) {
  await box().fill(text);
  await box().press("Enter");
}

beforeAll(async () => {
  setup = await startBrowserBackend({
    name: "chat tools browser",
    prepare(root) {
      project = gitProject(root, { "notes.txt": "alpha\nbeta\ngamma\n" });
      return { workdir: project };
    },
  });
  ({ pageErrors } = setup);
  const context = await setup.browser.newContext({ viewport: { width: 1180, height: 760 } });
  page = setup.watch(await context.newPage());
  await page.goto(setup.loginUrl("/chat"));
  await page.locator(".agent-picker select").waitFor({ timeout: 150_000 });
}, 240_000);

afterAll(() => setup?.close());

describe("the chat's tools in a browser", () => {
  it("edits an earlier prompt: the turns after it and their file change are undone, and the chat goes on", async () => {
    await send("first of all");
    await reply("Echo: first of all");
    const edit = JSON.stringify({ filePath: "notes.txt", oldString: "beta", newString: "BETA" });
    await send(`capitalise beta <<call:edit ${edit}>>`);
    await reply("Tool said: Edit applied successfully.");
    await send("and then this");
    await reply("Echo: and then this");
    expect(notes()).toBe("alpha\nBETA\ngamma\n");

    // Something typed is set aside, not overwritten.
    await box().fill("a thought for later");
    await prompt("capitalise beta").getByRole("button", { name: "Edit prompt" }).click();
    expect(await box().inputValue()).toContain("capitalise beta");
    const bar = page.getByRole("region", { name: "Editing an earlier prompt" });
    expect(await bar.textContent()).toMatch(/What you had typed is kept/);
    await shot("editing");
    await box().fill("say it plainly");
    await box().press("Enter");
    await reply("Echo: say it plainly");
    expect(notes()).toBe("alpha\nbeta\ngamma\n");
    expect(await prompt("capitalise beta").count()).toBe(0);
    expect(await prompt("and then this").count()).toBe(0);
    expect(await prompt("first of all").count()).toBe(1);
    expect(await box().inputValue()).toBe("a thought for later");
    expect(await bar.count()).toBe(0);
    await shot("edited");

    // opencode dropped the undone turns: a reload shows the chat as it goes on now.
    await page.reload();
    await reply("Echo: say it plainly");
    expect(await prompt("capitalise beta").count()).toBe(0);
    expect(await page.locator(".message-user").count()).toBe(2);
    expect(pageErrors).toEqual([]);
  });

  it("runs a `!` command in the project folder from the composer, its output in the chat", async () => {
    await page.getByRole("button", { name: "New chat" }).first().click();
    await box().fill("!echo shell-says-hi && pwd");
    const hint = page.getByText(/^Shell command: Enter runs `echo shell-says-hi && pwd`/);
    await hint.waitFor();
    expect(await box().getAttribute("aria-describedby")).toBe(await hint.getAttribute("id"));
    await shot("shell-mode");
    await box().press("Enter");
    const ran = page.locator(".tool", { hasText: "echo shell-says-hi" }).last();
    await ran
      .getByText(project)
      .first()
      .waitFor(replyTimeout)
      .catch(async (error: unknown) => {
        await shot("shell-failed");
        const row = await ran.textContent({ timeout: 1000 }).catch(() => "(no tool row)");
        const chat = await page
          .getByRole("region", { name: "Conversation history" })
          .textContent({ timeout: 1000 })
          .catch(() => "(no conversation)");
        // What OpenCode recorded and the backend logged follow (browserBackend.ts).
        throw new Error(`pwd's output never showed. The tool row says: ${row}\nThe conversation says: ${chat}`, {
          cause: error,
        });
      });
    expect(await ran.textContent()).toContain("shell-says-hi");
    expect(await hint.count()).toBe(0);
    await shot("shell-ran");
    expect(pageErrors).toEqual([]);
  });

  it("exports a chat as a Markdown file named after it, with the prompt, the reply and the edit's diff", async () => {
    await page.getByRole("button", { name: "New chat" }).first().click();
    const edit = JSON.stringify({ filePath: "notes.txt", oldString: "gamma", newString: "GAMMA" });
    await send(`shout gamma <<call:edit ${edit}>>`);
    await reply("Tool said: Edit applied successfully.");
    const title = (await page.locator(".sessions [aria-current=true] .session-name").textContent()) ?? "";
    const panel = page.getByRole("complementary", { name: "Session details" });
    const [download] = await Promise.all([
      page.waitForEvent("download", replyTimeout),
      panel.getByRole("button", { name: "Export as Markdown" }).click(),
    ]);
    expect(download.suggestedFilename()).toBe(
      `${title
        .replace(/[<>:"/\\|?*]/g, " ")
        .replace(/\s+/g, " ")
        .trim()}.md`,
    );
    const md = readFileSync((await download.path()) ?? "", "utf8");
    expect(md).toMatch(new RegExp(`^# ${title.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\n`));
    expect(md).toContain("## You\n\nshout gamma");
    expect(md).toContain("**Edited** `notes.txt`");
    expect(md).toMatch(/```diff\n[\s\S]*\+GAMMA[\s\S]*```/);
    expect(md).toContain("Tool said: Edit applied successfully.");
    expect(pageErrors).toEqual([]);
  });

  it("goes to an early prompt from the panel's timeline: scrolled into view and focused", async () => {
    await page.getByRole("button", { name: "New chat" }).first().click();
    const lines = Array.from({ length: 30 }, (_, i) => `line ${i + 1}`).join("\n");
    for (const name of ["timeline one", "timeline two", "timeline three"]) {
      await send(`${name}\n${lines}`);
      await reply(`Echo: ${name}`);
    }
    const first = page.locator(".message-row", { hasText: "timeline one" }).first();
    const scroller = page.getByRole("region", { name: "Conversation history" });
    const inView = async () => {
      const [row, view] = [await first.boundingBox(), await scroller.boundingBox()];
      return !!row && !!view && row.y >= view.y - 1 && row.y < view.y + view.height;
    };
    expect((await first.count()) === 0 || !(await inView())).toBe(true); // far up, out of view
    const panel = page.getByRole("complementary", { name: "Session details" });
    await panel.getByRole("button", { name: /^Go to “timeline one/ }).click();
    await page.locator(".message-row.jump-target", { hasText: "timeline one" }).waitFor(replyTimeout);
    await expect.poll(inView, replyTimeout).toBe(true);
    expect(
      await page.evaluate(
        () =>
          (globalThis as unknown as { document: { activeElement: { className: string } } }).document.activeElement
            .className,
      ),
    ).toContain("jump-target");
    await page.getByRole("button", { name: "Jump to latest ↓" }).waitFor();
    await shot("timeline");
    expect(pageErrors).toEqual([]);
  });
});

// The chat window's workbench in Debian's chromium at the desktop window size (1180×760), against
// the headless backend with the real opencode and the stub provider, in a git project: agent
// switch, a todo list, a file edit shown as a diff, undo restoring the file on disk, an attached
// image reaching the model, an `@` mention and a `/` command, each reply's usage in its bubble, the
// session's Changes tab, a message with an image held while OpenCode is stopped and sent after
// Start, a chat branched from a reply and then compacted, a diff whose code cannot be loaded.
// Screenshots go to test-artifacts/.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { createTurnkeyClient } from "@turnkey/client";
import { canStart, isComingUp } from "@turnkey/contracts";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { StubProvider } from "../../backend/test/stubProvider.ts";
import { artifacts, type BrowserBackend, gitProject, startBrowserBackend } from "./browserBackend.ts";

// Safety nets only: on a loaded machine opencode's first answer can take tens of seconds.
const replyTimeout = { timeout: 90_000 };

let setup: BrowserBackend;
let stub: StubProvider;
let page: Page;
let project: string;
let pageErrors: string[];

const notes = () => readFileSync(join(project, "notes.txt"), "utf8");
const box = () => page.getByLabel("Message");
const shot = (name: string) => page.screenshot({ path: join(artifacts, `workbench-${name}.png`) });
const reply = (text: string) => page.locator(".message-assistant", { hasText: text }).last().waitFor(replyTimeout);
/** A 1×1 PNG. */
const png = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==",
  "base64",
);

async function send(text: string) {
  await box().fill(text);
  await box().press("Enter");
}

beforeAll(async () => {
  setup = await startBrowserBackend({
    name: "workbench browser",
    prepare(root) {
      project = gitProject(root, { "notes.txt": "alpha\nbeta\ngamma\n" });
      return { workdir: project };
    },
    opencodeConfig: {
      command: { hello: { template: "Say hello to $ARGUMENTS", description: "Greets someone" } },
    },
  });
  ({ stub, pageErrors } = setup);
  const context = await setup.browser.newContext({ viewport: { width: 1180, height: 760 } });
  page = setup.watch(await context.newPage());
  await page.goto(setup.loginUrl("/chat"));
  await page.locator(".agent-picker select").waitFor({ timeout: 150_000 });
}, 240_000);

afterAll(() => setup?.close());

describe("the workbench in a browser", () => {
  // A test that stopped OpenCode and failed before starting it again (the held message's) leaves
  // the next one OpenCode running. Here rather than in that test's own clean-up, which vitest runs
  // before the failure's report is taken: the report would show the window after the start.
  beforeEach(async () => {
    const client = createTurnkeyClient({ baseUrl: setup.backend.url, token: setup.backend.token });
    const { state } = await client.status();
    if (canStart(state) && !isComingUp(state)) await client.start();
  });

  it("switches the agent, and the model is told it is in plan mode", async () => {
    await page.locator(".agent-picker select").selectOption("plan");
    await send("outline a plan");
    await reply("Plan mode ACTIVE");
    expect(JSON.stringify(stub.requests.at(-1)?.messages)).toContain("Plan mode ACTIVE");
    await shot("agent-plan");
    // Remembered for this session: back to build, and the next prompt goes to build.
    await page.locator(".agent-picker select").selectOption("build");
    await send("now build it");
    await reply("Echo: now build it");
    expect(JSON.stringify(stub.requests.at(-1)?.messages.at(-1))).not.toContain("Plan mode ACTIVE");
  });

  it("shows the agent's todo list as a live checklist", async () => {
    const todos = [
      { content: "Write the tests", status: "completed", priority: "high" },
      { content: "Ship it", status: "in_progress", priority: "low" },
    ];
    await send(`plan the work <<call:todowrite ${JSON.stringify({ todos })}>>`);
    const list = page.getByRole("region", { name: "The agent's todo list" });
    await list.getByText("Ship it").waitFor(replyTimeout);
    expect(await list.textContent()).toContain("1 of 2 done");
    await shot("todos");
  });

  it("shows a file edit as a diff inline and per prompt, and Undo restores the file on disk", async () => {
    const edit = JSON.stringify({ filePath: "notes.txt", oldString: "beta", newString: "BETA" });
    await send(`capitalise beta <<call:edit ${edit}>>`);
    await reply("Tool said: Edit applied successfully.");
    expect(notes()).toBe("alpha\nBETA\ngamma\n");
    const inline = page.locator(".messages .diff-view").last();
    await inline.waitFor(replyTimeout);
    expect(await inline.locator("tr.diff-add").textContent()).toContain("BETA");
    // Clicked once the turn has ended: nothing above the diff grows under the pointer.
    await page.locator(".working").waitFor({ state: "detached", ...replyTimeout });
    await inline.getByRole("button", { name: "Split" }).click();
    expect(await inline.getAttribute("data-mode")).toBe("split");
    // The layout is the user's for every diff: the session panel's opens split too, until put back.
    const panel = page.getByRole("complementary", { name: "Session details" });
    await panel.getByRole("button", { name: "notes.txt", exact: true }).click(replyTimeout);
    expect(await panel.locator(".diff-view").getAttribute("data-mode", replyTimeout)).toBe("split");
    await inline.getByRole("button", { name: "Unified" }).click();
    expect(await panel.locator(".diff-view").getAttribute("data-mode")).toBe("unified");

    expect(await panel.getByTestId("usage-meter").textContent()).toMatch(/tokens · context .* of 100k/);
    await shot("diff");
    // The reply's bubble says what it used (the stub reports 10 tokens each way; it has a price).
    const used = page.locator(".message-assistant", { hasText: "Edit applied" }).getByTestId("reply-usage");
    expect(await used.textContent()).toMatch(/10 in · 10 out · <?\$/);
    // The session's Changes tab: every file once, its diff on click.
    await panel.getByRole("tab", { name: "Changes (1)" }).click(replyTimeout);
    const changed = panel.getByRole("region", { name: "Files changed in this session" });
    expect(await changed.getByRole("listitem").textContent()).toBe("notes.txt +1 −1");
    await changed.getByRole("button", { name: "notes.txt" }).click();
    expect(await changed.locator(".diff-view tr.diff-add").textContent()).toContain("BETA");
    await shot("changes");
    await panel.getByRole("tab", { name: "Session" }).click();

    await panel.getByRole("button", { name: /^Undo from “capitalise beta/ }).click();
    await panel.getByText(/^Undone: 1 prompt/).waitFor(replyTimeout);
    expect(notes()).toBe("alpha\nbeta\ngamma\n");
    expect(await page.locator(".message-user", { hasText: "capitalise beta" }).count()).toBe(0);
    await shot("undone");
    await panel.getByRole("button", { name: "Redo" }).click();
    await page.locator(".message-user", { hasText: "capitalise beta" }).waitFor(replyTimeout);
    expect(notes()).toBe("alpha\nBETA\ngamma\n");
  });

  it("sends an attached image to the model", async () => {
    await page.getByTestId("attach-input").setInputFiles({ name: "dot.png", mimeType: "image/png", buffer: png });
    await page.getByRole("list", { name: "Attached files" }).getByText("dot.png").waitFor();
    await send("what is in this picture");
    await reply("Echo: what is in this picture");
    expect(stub.images()).toContain(`data:image/png;base64,${png.toString("base64")}`);
    await page.locator(".message-user").getByRole("img", { name: "Attached: dot.png" }).waitFor();
    expect(await page.getByRole("list", { name: "Attached files" }).count()).toBe(0);
  });

  it("completes an @ mention from the project's files, and the file reaches the model", async () => {
    await box().fill("read @note");
    const files = page.getByRole("listbox", { name: "Files" });
    await files.getByText("notes.txt").waitFor(replyTimeout);
    await shot("mention");
    await box().press("Tab");
    expect(await box().inputValue()).toBe("read @notes.txt ");
    await box().press("Enter");
    await reply("Echo: read @notes.txt");
    expect(JSON.stringify(stub.requests.at(-1)?.messages)).toContain("gamma");
  });

  it("runs a / command from opencode's list, and ↑ recalls the last prompt", async () => {
    await box().fill("/hel");
    await page.getByRole("listbox", { name: "Commands" }).getByText("/hello").waitFor();
    await shot("command");
    await box().press("Enter");
    expect(await box().inputValue()).toBe("/hello ");
    await box().pressSequentially("world");
    await box().press("Enter");
    await reply("Echo: Say hello to world");
    await box().press("ArrowUp");
    expect(await box().inputValue()).toMatch(/hello to world|\/hello world/);
  });

  it("holds a message and its image while OpenCode is stopped, and Start sends them", async () => {
    const client = createTurnkeyClient({ baseUrl: setup.backend.url, token: setup.backend.token });
    await client.stop();
    await page.locator(".banner", { hasText: "Stopped." }).waitFor(replyTimeout);
    await page.getByTestId("attach-input").setInputFiles({ name: "held.png", mimeType: "image/png", buffer: png });
    await send("sent after the start");
    const held = page.getByRole("region", { name: "Message waiting for OpenCode" });
    await held.getByText("held.png").waitFor();
    await held.getByText(/OpenCode is stopped/).waitFor();
    await shot("held");
    const before = stub.requests.length;
    await held.getByRole("button", { name: "Start OpenCode" }).click();
    await reply("Echo: sent after the start");
    expect(await held.count()).toBe(0);
    expect(JSON.stringify(stub.requests.slice(before))).toContain(png.toString("base64"));
  });

  it("branches a chat from a reply into a new one that opens, then compacts it", async () => {
    const client = createTurnkeyClient({ baseUrl: setup.backend.url, token: setup.backend.token });
    const before = await client.sessions();
    await send("the branch point");
    await reply("Echo: the branch point");
    const answer = page.locator(".message-assistant", { hasText: "Echo: the branch point" }).last();
    await answer.hover();
    await answer.getByRole("button", { name: "Branch from here" }).click();
    await page.locator(".sessions li.selected", { hasText: "fork" }).waitFor(replyTimeout);
    await reply("Echo: the branch point");
    const after = await client.sessions();
    expect(after).toHaveLength(before.length + 1);
    await shot("branched");
    // The branch goes on by itself, then its model summarises it.
    await send("only in the branch");
    await reply("Echo: only in the branch");
    const asked = stub.requests.length;
    await page.getByRole("button", { name: "Compact chat" }).click();
    await page.locator(".working").waitFor({ state: "detached", ...replyTimeout });
    await expect.poll(() => stub.requests.length, replyTimeout).toBeGreaterThan(asked);
    expect(JSON.stringify(stub.requests.slice(asked).flatMap((r) => r.messages))).toContain("only in the branch");
  });

  it("fits a small window (800×600): nothing wider than the window, the panel a drawer over the chat", async () => {
    await page.setViewportSize({ width: 800, height: 600 });
    const widths = await page.evaluate(() => {
      const d = (globalThis as unknown as { document: { documentElement: { scrollWidth: number } } }).document;
      return { page: d.documentElement.scrollWidth };
    });
    expect(widths.page).toBeLessThanOrEqual(800);
    await page.getByRole("button", { name: "Details" }).click();
    await page.getByRole("complementary", { name: "Session details" }).waitFor();
    await shot("800x600");
    await page.getByRole("button", { name: "Hide details" }).click();
  });

  it("keeps a diff whose code cannot be loaded (a window open across an update) to its own line", async () => {
    const context = await setup.browser.newContext({ viewport: { width: 1180, height: 760 } });
    try {
      const stale = await context.newPage();
      await stale.route("**/assets/ToolDiff-*.js", (route) => route.abort());
      await stale.goto(setup.loginUrl("/chat"));
      await stale.locator(".agent-picker select").waitFor(replyTimeout);
      const edit = JSON.stringify({ filePath: "notes.txt", oldString: "gamma", newString: "GAMMA" });
      await stale.getByLabel("Message").fill(`capitalise gamma <<call:edit ${edit}>>`);
      await stale.getByLabel("Message").press("Enter");
      const problem = stale.locator(".message-assistant .part-problem");
      await problem.waitFor(replyTimeout);
      expect(await problem.textContent()).toContain(
        "This edit's diff could not be shown. Part of this window's code could not be loaded",
      );
      // The rest of the window goes on: the reply after the edit, and the message box.
      await stale.locator(".message-assistant", { hasText: "Tool said: Edit applied" }).last().waitFor(replyTimeout);
      expect(await stale.getByLabel("Message").isEditable()).toBe(true);
    } finally {
      await context.close();
    }
  });

  it("ran under the strict CSP without errors", () => {
    expect(pageErrors.filter((e) => !e.includes("Failed to load resource"))).toEqual([]);
  });
});

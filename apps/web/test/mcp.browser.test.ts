// The project's MCP servers in the chat window's session panel, in Debian's chromium against the
// headless backend with the real opencode: the project's opencode.json names a local stdio server
// (apps/backend/test/fixtures/mcpServer.mjs), one whose command dies at once, and a remote one
// behind OAuth (mcpOAuthStub.ts). The summary counts them; the list says each one's state and what
// to do; the switch turns the local one off and on; Sign in offers the sign-in page (OpenCode
// cannot open a browser here), and following it in the browser connects the server by itself.
// A server is added through the panel's form (it connects without anyone restarting OpenCode), its
// secret value typed masked and never shown again, turned off in its file, and removed. Beside it,
// the user's agents and commands: a command made in that section's form is in the / list at once.
// And the project's scheduled tasks: one made in the form and run now gets its reply in a new chat,
// which "Open the chat" opens. In that chat, a goal started from the box's text runs its check,
// sends the failure back, and passes; a second one shows above the box while it works, and pauses.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort, type McpOAuthStub, startMcpOAuthStub } from "../../backend/test/mcpOAuthStub.ts";
import { artifacts, type BrowserBackend, openChatWindow, startBrowserBackend } from "./browserBackend.ts";

const fixture = fileURLToPath(new URL("../../backend/test/fixtures/mcpServer.mjs", import.meta.url));
// Safety nets only: on a loaded machine opencode's first answer can take tens of seconds.
const slow = { timeout: 90_000 };

let oauth: McpOAuthStub;
let setup: BrowserBackend;
let page: Page;

beforeAll(async () => {
  oauth = await startMcpOAuthStub();
  const callbackPort = await freePort();
  setup = await startBrowserBackend({
    name: "mcp browser",
    prepare: (root) => {
      writeFileSync(
        join(root, "opencode.json"),
        JSON.stringify({
          mcp: {
            fixture: { type: "local", command: [process.execPath, fixture] },
            broken: { type: "local", command: [process.execPath, "-e", "process.exit(3)"] },
            remote: { type: "remote", url: oauth.url, oauth: { callbackPort } },
          },
        }),
      );
      return { workdir: root };
    },
  });
  page = await openChatWindow(setup);
}, 240_000);

afterAll(async () => {
  await setup?.close();
  await oauth?.close();
});

/** Nothing in the session panel is wider than the panel (no sideways scrolling). */
async function fitsThePanel(): Promise<void> {
  const widths = await page
    .locator(".session-panel")
    .evaluate((aside) => ({ content: aside.scrollWidth, panel: aside.clientWidth }));
  expect(widths.content, JSON.stringify(widths)).toBeLessThanOrEqual(widths.panel);
}

describe("the project's MCP servers in the session panel", () => {
  it("shows each state and what to do, turns one off and on, and signs in to one", async () => {
    await page.getByLabel("Message").fill("hello mcp");
    await page.getByLabel("Message").press("Enter");
    await page.locator(".message-assistant", { hasText: "Echo: hello mcp" }).waitFor(slow);
    const panel = page.getByRole("complementary", { name: "Session details" });
    const summary = panel.locator(".config-panel summary", { hasText: "MCP servers" });
    await summary.waitFor(slow);
    expect(await summary.textContent()).toBe("MCP servers 1 of 3 connected · 1 failed · 1 needs sign-in");
    await summary.click();
    const list = panel.getByRole("list", { name: "MCP servers" });
    const row = (name: string) => list.locator(`[data-mcp="${name}"]`);

    expect(await row("broken").locator(".mcp-state").textContent()).toBe("Failed");
    expect(await row("broken").locator(".config-sentence").textContent()).toContain(
      'Check its command or address for "broken" in opencode.json',
    );
    expect(await row("fixture").locator(".mcp-state").textContent()).toBe("Connected");
    expect(await row("remote").locator(".mcp-state").textContent()).toBe("Needs sign-in");
    await page.screenshot({ path: join(artifacts, "mcp-servers.png") });

    // Off and on again, through OpenCode.
    const use = panel.getByRole("switch", { name: "Use fixture" });
    expect(await use.isChecked()).toBe(true);
    await use.click();
    await row("fixture").locator(".mcp-state", { hasText: "Off" }).waitFor(slow);
    expect(await use.isChecked()).toBe(false);
    await use.click();
    await row("fixture").locator(".mcp-state", { hasText: "Connected" }).waitFor(slow);

    // Sign in: no browser can be opened by OpenCode here, so the window offers the page.
    await row("remote").getByRole("button", { name: "Sign in" }).click();
    const link = row("remote").getByRole("link", { name: "Open the sign-in page" });
    await link.waitFor(slow);
    expect(await row("remote").locator(".config-sentence").textContent()).toContain("open the sign-in page below");
    await page.screenshot({ path: join(artifacts, "mcp-sign-in.png") });
    // The page opens in a tab of its own, sends the browser back to OpenCode, which finishes.
    const [popup] = await Promise.all([page.waitForEvent("popup", slow), link.click()]);
    await popup.waitForURL(/\/mcp\/oauth\/callback/, slow);
    await row("remote").locator(".mcp-state", { hasText: "Connected" }).waitFor(slow);
    expect(await summary.textContent()).toBe("MCP servers 2 of 3 connected · 1 failed");
    expect(oauth.seen).toContain("POST /token");
    expect(setup.pageErrors).toEqual([]);
  }, 300_000);

  it("adds a server through the form, changes it and removes it", async () => {
    const panel = page.getByRole("complementary", { name: "Session details" });
    const list = panel.getByRole("list", { name: "MCP servers" });
    const secret = "typed-secret-value-0123456789";
    await panel.getByRole("button", { name: "Add a server" }).click();
    const form = panel.getByRole("form", { name: "Add an MCP server" });
    await form.getByLabel("Name", { exact: true }).fill("added");
    await form.getByLabel("Program", { exact: true }).fill(process.execPath);
    await form.getByLabel("Arguments, one per line").fill(fixture);
    await form.getByRole("button", { name: "Add a variable" }).click();
    await form.getByLabel("variable name").fill("ADDED_TOKEN");
    await form.getByLabel("How ADDED_TOKEN gets its value").selectOption("value");
    const value = form.getByLabel("Value of ADDED_TOKEN");
    expect(await value.getAttribute("type")).toBe("password");
    await value.fill(secret);
    await page.screenshot({ path: join(artifacts, "mcp-add.png") });
    // The form fits the 270 px panel: a variable's row once pushed its value field and the hint
    // past the panel's right edge, cut off there.
    await fitsThePanel();
    await form.getByRole("button", { name: "Add", exact: true }).click();
    const row = list.locator('[data-mcp="added"]');
    await row.locator(".mcp-state", { hasText: "Connected" }).waitFor(slow);
    expect(await row.locator(".config-source").textContent()).toBe("From the project's opencode.json.");
    expect(readFileSync(join(setup.root, "opencode.json"), "utf8")).toContain(secret);

    // Edit: the secret is not sent back to the page; turned off in the file.
    await row.getByRole("button", { name: "Edit" }).click();
    const change = panel.getByRole("form", { name: "Change added" });
    expect(await change.getByLabel("Value of ADDED_TOKEN").inputValue()).toBe("");
    expect(await page.content()).not.toContain(secret);
    await change.getByLabel("Start it with OpenCode").uncheck();
    await change.getByRole("button", { name: "Save" }).click();
    await row.locator(".mcp-state", { hasText: "Off" }).waitFor(slow);
    expect(readFileSync(join(setup.root, "opencode.json"), "utf8")).toMatch(/"enabled": false/);

    await row.getByRole("button", { name: "Remove", exact: true }).click();
    await row.getByRole("button", { name: "Remove it" }).click();
    await row.waitFor({ state: "detached", ...slow });
    expect(readFileSync(join(setup.root, "opencode.json"), "utf8")).not.toContain(secret);
    expect(setup.pageErrors).toEqual([]);
  }, 300_000);
});

describe("the user's agents, commands and skills in the session panel", () => {
  it("makes a command in the section's form, and the message box's / list offers it at once", async () => {
    const panel = page.getByRole("complementary", { name: "Session details" });
    const section = panel.locator(".config-panel", { hasText: "Agents, commands and skills" });
    await section.locator("summary").click();
    expect(await section.locator("summary").textContent()).toBe("Agents, commands and skills none of your own");
    await section.getByRole("button", { name: "Make a command" }).click();
    const form = section.getByRole("form", { name: "Make a command" });
    await form.getByRole("textbox", { name: /^Name/ }).fill("greet");
    await form.getByRole("textbox", { name: "Description" }).fill("Greets someone by name");
    await form.getByRole("textbox", { name: /^Text sent/ }).fill("Say hi to $ARGUMENTS");
    await page.screenshot({ path: join(artifacts, "custom-command.png") });
    await fitsThePanel();
    await form.getByRole("button", { name: "Make command" }).click();
    await section.getByRole("listitem", { name: "/greet" }).waitFor(slow);
    expect(existsSync(join(setup.root, ".opencode", "commands", "greet.md"))).toBe(true);

    const box = page.getByLabel("Message");
    await box.fill("/gre");
    await page.getByRole("listbox", { name: "Commands" }).getByText("/greet").waitFor(slow);
    await box.fill("");
    expect(setup.pageErrors).toEqual([]);
  }, 120_000);

  it("makes a skill in the section's form: its folder and SKILL.md written, and / offers it at once", async () => {
    const panel = page.getByRole("complementary", { name: "Session details" });
    const section = panel.locator(".config-panel", { hasText: "Agents, commands and skills" });
    await section.getByRole("button", { name: "Make a skill" }).click();
    const form = section.getByRole("form", { name: "Make a skill" });
    await form.getByRole("textbox", { name: /^Name/ }).fill("release-notes");
    await form.getByRole("textbox", { name: /^When to use it/ }).fill("Use when writing release notes");
    await form.getByRole("textbox", { name: "Instructions" }).fill("List the merged changes, one line each.");
    await page.screenshot({ path: join(artifacts, "custom-skill.png") });
    await fitsThePanel();
    await form.getByRole("button", { name: "Make skill" }).click();
    await section.getByRole("listitem", { name: "release-notes" }).waitFor(slow);
    expect(await section.locator("summary").textContent()).toBe(
      "Agents, commands and skills 0 agents · 1 command · 1 skill",
    );
    const file = join(setup.root, ".opencode", "skills", "release-notes", "SKILL.md");
    expect(readFileSync(file, "utf8")).toBe(
      "---\nname: release-notes\ndescription: Use when writing release notes\n---\n\nList the merged changes, one line each.\n",
    );

    const box = page.getByLabel("Message");
    await box.fill("/release");
    await page.getByRole("listbox", { name: "Commands" }).getByText("/release-notes").waitFor(slow);
    await box.fill("");
    expect(setup.pageErrors).toEqual([]);
  }, 120_000);
});

describe("the project's scheduled tasks in the session panel", () => {
  it("makes a task in the form, runs it now, and opens the chat its run made", async () => {
    const panel = page.getByRole("complementary", { name: "Session details" });
    const section = panel.locator(".config-panel", { hasText: "Scheduled tasks" });
    await section.locator("summary").click();
    expect(await section.locator("summary").textContent()).toBe("Scheduled tasks none yet");
    await section.getByRole("button", { name: "New scheduled task" }).click();
    const form = section.getByRole("form", { name: "New scheduled task" });
    await form.getByRole("textbox", { name: "Name", exact: true }).fill("Morning review");
    await form.getByRole("textbox", { name: /^What it asks/ }).fill("scheduled hello");
    await form.getByRole("combobox", { name: "When" }).selectOption("weekly");
    await form.getByRole("textbox", { name: /^At/ }).fill("09:00, 17:30");
    await page.screenshot({ path: join(artifacts, "schedule-form.png") });
    await fitsThePanel();
    await form.getByRole("button", { name: "Schedule it" }).click();
    const row = section.getByRole("listitem", { name: "Morning review" });
    await row.waitFor(slow);
    expect(await row.textContent()).toContain("Mon, Tue, Wed, Thu and Fri at 09:00 and 17:30");

    await row.getByRole("button", { name: "Run Morning review now" }).click();
    await row.getByText(/^Finished · /).waitFor(slow);
    await page.screenshot({ path: join(artifacts, "schedule-run.png") });
    await fitsThePanel(); // the task's row of four buttons wraps in the 270 px panel
    await row.getByRole("button", { name: "Open the chat" }).click();
    await page.locator(".message-assistant", { hasText: "Echo: scheduled hello" }).waitFor(slow);
    await page
      .getByRole("listitem")
      .filter({ hasText: /^Morning review · / })
      .first()
      .waitFor(slow);
    expect(setup.pageErrors).toEqual([]);
  }, 120_000);
});

describe("a chat's goal in the session panel and above the box", () => {
  it("starts from the box's text, sends a failed check back, passes; another pauses from above the box", async () => {
    const panel = page.getByRole("complementary", { name: "Session details" });
    const section = panel.getByRole("region", { name: "Goal" });
    await page.locator("#prompt").fill("make the goal pass");
    await section.getByRole("button", { name: "Work until a check passes…" }).click();
    const form = section.getByRole("form", { name: "Start a goal" });
    expect(await form.getByRole("textbox", { name: /^Task/ }).inputValue()).toBe("make the goal pass");
    // A field with suggestions (the project's actions, its package.json scripts) is a combobox.
    await form
      .getByRole("combobox", { name: /^Done when this passes/ })
      .fill('test -f goal-done || { touch goal-done; echo "1 of 3 tests failed"; exit 1; }');
    await page.screenshot({ path: join(artifacts, "goal-form.png") });
    await fitsThePanel();
    await form.getByRole("button", { name: "Start the goal" }).click();
    await expect.poll(() => page.locator("#prompt").inputValue(), slow).toBe("");
    await section.getByText("Passed after 1 more turn").waitFor(slow);
    await page.locator(".message-assistant", { hasText: "1 of 3 tests failed" }).first().waitFor(slow);
    await section.getByText(/^Last check: passed, /).click();
    await page.screenshot({ path: join(artifacts, "goal-passed.png") });
    await fitsThePanel();

    await page.locator("#prompt").fill("[slow] take your time");
    await section.getByRole("button", { name: "Start a new goal…" }).click();
    await form.getByRole("combobox", { name: /^Done when this passes/ }).fill("exit 1");
    await form.getByRole("button", { name: "Start the goal" }).click();
    const strip = page.getByRole("region", { name: "Goal in progress" });
    await strip.getByText("Working on the task").waitFor(slow);
    await page.screenshot({ path: join(artifacts, "goal-working.png") });
    await strip.getByRole("button", { name: "Pause goal" }).click();
    await section.getByText("Paused", { exact: true }).waitFor(slow);
    await section.getByRole("button", { name: "End the goal" }).click();
    await strip.waitFor({ state: "detached", ...slow });
    expect(setup.pageErrors).toEqual([]);
  }, 120_000);
});

describe("the project's notes and todos in the session panel", () => {
  it("saves notes as typed and a todo for the project, hands the todo to the message box, and shows both after a reload", async () => {
    const panel = page.getByRole("complementary", { name: "Session details" });
    const section = panel.locator(".config-panel", { hasText: "Project notes" });
    await section.locator("summary").click();
    await section.getByRole("textbox", { name: "Notes" }).fill("The release waits for the Windows build.");
    await section.getByText("Saved for this project.").waitFor(slow);
    await section.getByRole("textbox", { name: "New todo" }).fill("Check the installer on Windows 10");
    await section.getByRole("textbox", { name: "New todo" }).press("Enter");
    await section.getByRole("checkbox", { name: "Check the installer on Windows 10" }).waitFor(slow);
    expect(await section.locator("summary").textContent()).toBe("Project notes 1 to do · notes");
    await page.screenshot({ path: join(artifacts, "project-notes.png") });
    await fitsThePanel();

    await section.getByRole("button", { name: "Ask about Check the installer on Windows 10" }).click();
    expect(await page.getByLabel("Message").inputValue()).toBe("Check the installer on Windows 10");
    await page.getByLabel("Message").fill("");
    // The window loaded again: the notes and the todo come from the backend (the browser's copy is gone once saved).
    expect(await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith("turnkey.notes.")))).toEqual(
      [],
    );
    await page.reload();
    const again = page
      .getByRole("complementary", { name: "Session details" })
      .locator(".config-panel", { hasText: "Project notes" });
    await again.locator("summary").click(slow);
    expect(await again.getByRole("textbox", { name: "Notes" }).inputValue()).toBe(
      "The release waits for the Windows build.",
    );
    await again.getByRole("checkbox", { name: "Check the installer on Windows 10" }).waitFor(slow);
    expect(setup.pageErrors).toEqual([]);
  }, 120_000);
});

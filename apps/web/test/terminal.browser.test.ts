// The chat window's Terminal tab in Debian's chromium, against the headless backend with the real
// opencode: the tab opens a shell in the project folder, what is typed runs and its output shows,
// the shell's size is the one the panel shows and follows the panel's width, the tabs fit one row, Close ends the shell, and a
// stopped OpenCode is a sentence that says what to do. A screenshot goes to test-artifacts/.
import { writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import { createTurnkeyClient } from "@turnkey/client";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { artifacts, type BrowserBackend, openChatWindow, startBrowserBackend } from "./browserBackend.ts";

// Safety nets only: on a loaded machine opencode's first answer can take tens of seconds.
const slow = { timeout: 90_000 };

// What the test types, in the shell's words: Windows PowerShell on Windows (shellLaunch.ts), sh
// elsewhere. Each prints its answer computed, so the typed line itself never matches.
const typed =
  process.platform === "win32"
    ? {
        inFolder: (folder: string) => `if ((Split-Path -Leaf $PWD) -eq '${folder}') { 'IN-' + 2*3 }`,
        size: '"$($Host.UI.RawUI.WindowSize.Height) $($Host.UI.RawUI.WindowSize.Width)"',
        colours: '$e = [char]27; "$e[31mRED-$(1+1)$e[0m $e[38;2;10;200;30mRGB-$(2+2)$e[0m"',
      }
    : {
        inFolder: (folder: string) => `[ "$(basename "$PWD")" = "${folder}" ] && echo IN-$((2*3))`,
        size: "stty size",
        colours: "printf '\\033[31mRED-%s\\033[0m \\033[38;2;10;200;30mRGB-%s\\033[0m\\n' $((1+1)) $((2+2))",
      };

let setup: BrowserBackend;
let page: Page;
/** What the terminal's WebSockets did, for a failure to say whether output came at all. */
const socketLog: string[] = [];

beforeAll(async () => {
  setup = await startBrowserBackend({ name: "terminal browser" });
  page = await openChatWindow(setup);
  page.on("websocket", (socket) => {
    const at = () => new Date().toISOString().slice(11, 23);
    socketLog.push(`${at()} open ${socket.url().replace(/ticket=[^&]+/, "ticket=…")}`);
    let frames = 0;
    socket.on("framereceived", (frame) => {
      frames += 1;
      if (frames <= 3) socketLog.push(`${at()} frame ${JSON.stringify(String(frame.payload).slice(0, 60))}`);
    });
    socket.on("socketerror", (error) => socketLog.push(`${at()} error ${error}`));
    socket.on("close", () => socketLog.push(`${at()} close after ${frames} frames`));
  });
}, 240_000);

afterAll(() => setup?.close());

/** The screen's text, row by row, as xterm's DOM renderer lays it out (runs in the page). */
function screenText(): string {
  const rows = document.querySelector(".xterm-rows")?.children ?? [];
  return Array.from(rows, (row) => (row.textContent ?? "").replaceAll("\u00a0", " ").trimEnd()).join("\n");
}
const screen = () => page.evaluate(screenText);

/** Types a command and waits until its output (`expected`, on a line of its own) shows. */
async function run(command: string, expected: RegExp): Promise<RegExpMatchArray> {
  await page.locator(".xterm").click();
  await page.keyboard.type(command);
  await page.keyboard.press("Enter");
  return onScreen(expected);
}

/** Waits until `expected` shows on the screen (xterm draws what arrives on a later frame). */
async function onScreen(expected: RegExp): Promise<RegExpMatchArray> {
  await page
    .waitForFunction(
      (pattern) => {
        const rows = document.querySelector(".xterm-rows")?.children ?? [];
        const text = Array.from(rows, (row) => (row.textContent ?? "").replaceAll("\u00a0", " ").trimEnd()).join("\n");
        return new RegExp(pattern, "m").test(text);
      },
      expected.source,
      slow,
    )
    .catch(async (error: unknown) => {
      const panel = await page.evaluate(() => document.querySelector(".terminal-panel")?.textContent ?? "no panel");
      await page.screenshot({ path: join(artifacts, "terminal-tab-failed.png") });
      // A restart of OpenCode (three health checks of 2 s missed on a starved machine) ends the shell.
      const { restarts, state } = await createTurnkeyClient({ baseUrl: setup.backend.url, token: setup.backend.token })
        .status()
        .catch(() => ({ restarts: "?", state: "?" }));
      throw new Error(
        `No ${expected} on the screen:\n${await screen()}\nThe panel says: ${panel}\nOpenCode: ${state}, ${restarts} restart(s)\nSockets:\n${socketLog.join("\n")}`,
        { cause: error },
      );
    });
  return (await screen()).match(expected) as RegExpMatchArray;
}

describe("the Terminal tab in a browser", () => {
  it("runs what is typed in the project folder, at the panel's size, and closes", async () => {
    await page.getByLabel("Message").fill("hello terminal");
    await page.getByLabel("Message").press("Enter");
    await page.locator(".message-assistant", { hasText: "Echo: hello terminal" }).waitFor(slow);
    await page.getByRole("tab", { name: "Terminal" }).click();
    await page.locator(".xterm-rows").waitFor(slow);
    // The four tabs sit on one row at the desktop window's width (1180 px), none of them clipped.
    const tabs = await page.locator(".session-tab").evaluateAll((all) =>
      all.map((tab) => ({
        name: tab.textContent,
        top: Math.round(tab.getBoundingClientRect().top),
        clipped: tab.scrollWidth > tab.clientWidth,
      })),
    );
    expect(tabs.map((t) => t.name)).toEqual(["Session", "Changes", "Files", "Terminal"]);
    expect(new Set(tabs.map((t) => t.top)).size, JSON.stringify(tabs)).toBe(1);
    expect(tabs.filter((t) => t.clipped)).toEqual([]);
    await page.screenshot({ path: join(artifacts, "terminal-tab-opened.png") });
    await page.getByText(setup.root).first().waitFor(slow); // the folder it runs in
    // `echo $((6*7))` shows as typed; only the shell's answer is 42 alone on its line.
    await run("echo $((6*7))", /^42$/m);
    // The shell takes the keys the window's shortcuts also use (Ctrl+K kills to the line's end)…
    await page.keyboard.type("echo kept-line");
    await page.keyboard.press("Control+a");
    await page.keyboard.press("Control+k");
    await page.keyboard.type("echo after-ctrl-k");
    await page.keyboard.press("Enter");
    await onScreen(/^after-ctrl-k$/m);
    expect(await page.getByLabel("Search sessions").evaluate((el) => el === document.activeElement)).toBe(false);
    // …but Shift+Esc is the way out, to the message box (a keyboard user was trapped in the shell).
    await page.keyboard.press("Shift+Escape");
    expect(await page.getByLabel("Message").evaluate((el) => el === document.activeElement)).toBe(true);
    // In the project folder (compared by name: a narrow panel wraps a long path).
    await run(typed.inFolder(basename(setup.root)), /^IN-6$/m);
    // The shell's size is the screen's: as many rows as xterm lays out.
    const [, rows, columns] = await run(typed.size, /^(\d+) (\d+)$/m);
    const shownRows = await page.locator(".xterm-rows > div").count();
    expect(Number(rows)).toBe(shownRows);
    // The handle beside the panel widens it (End: as wide as the window allows) and the shell gets
    // the columns; Enter puts the default width back.
    await page.getByRole("separator", { name: "Session panel width" }).focus();
    await page.keyboard.press("End");
    // Any row count: the panel's height above the screen can change as late answers arrive (a
    // fresh-clone CI run had 20 rows, not 24, once widened); the columns are what widening gives.
    const [, , wideColumns] = await run(typed.size, new RegExp(`^(\\d+) (?!${columns}$)(\\d+)$`, "m"));
    expect(Number(wideColumns), `${columns} columns, widened ${wideColumns}`).toBeGreaterThan(Number(columns) + 25);
    await page.screenshot({ path: join(artifacts, "terminal-tab-wide.png") });
    await page.getByRole("separator", { name: "Session panel width" }).focus();
    await page.keyboard.press("Enter");
    // xterm's theme reaches the screen under the page's CSP: light text in a monospace font on
    // the dark screen, ANSI colours (red is 31), 24-bit colours as the nearest palette colour
    // (10,200,30 is 256-colour 40, 0,215,0), a visible cursor.
    await run(typed.colours, /^RED-2 RGB-4$/m);
    const look = await page.evaluate(() => {
      const rows = document.querySelector(".xterm-rows") as HTMLElement;
      const span = (text: string) => Array.from(rows.querySelectorAll("span")).find((s) => s.textContent === text);
      const colour = (element: Element | undefined) => (element ? getComputedStyle(element).color : "missing");
      return {
        text: getComputedStyle(rows).color,
        font: getComputedStyle(rows).fontFamily,
        red: colour(span("RED-2")),
        rgb: colour(span("RGB-4")),
        // A block cursor blinking in the theme's colour (the animation is the theme sheet's).
        cursor: getComputedStyle(rows.querySelector(".xterm-cursor") as Element).animationName,
      };
    });
    expect(look).toEqual({
      text: "rgb(255, 255, 255)",
      font: expect.stringMatching(/monospace/),
      red: "rgb(204, 0, 0)",
      rgb: "rgb(0, 215, 0)",
      cursor: expect.stringMatching(/^blink_block_/),
    });
    // Selected text is highlighted: xterm gives each selected cell its background as a style
    // attribute, which the page's CSP refused (no highlight, an error per row) until it went
    // through CSSOM (constructedStyles.ts).
    await page
      .locator(".xterm-rows span", { hasText: /^RGB-4$/ })
      .last()
      .dblclick();
    const highlighted = () =>
      page.evaluate(() =>
        Array.from(document.querySelectorAll<HTMLElement>(".xterm-rows span"))
          .filter((span) => span.style.backgroundColor !== "")
          .map((span) => span.textContent)
          .join(""),
      );
    // Drawn on the next frame.
    await expect.poll(highlighted, slow).toContain("RGB");
    await page.screenshot({ path: join(artifacts, "terminal-tab.png") });
    // Not one console error: a style the page's CSP (style-src 'self') refused would be one.
    expect(setup.pageErrors).toEqual([]);

    await page.getByRole("button", { name: "Close terminal" }).click();
    await page.getByText("The terminal is closed.").waitFor();
    const client = createTurnkeyClient({ baseUrl: setup.backend.url, token: setup.backend.token });
    const sessionId = (await client.sessions())[0]!.id;
    expect((await client.terminals(sessionId)).filter((t) => t.running)).toEqual([]);
  }, 300_000);

  it("runs a project action in a terminal of its own, offers the address it prints, and stops it", async () => {
    writeFileSync(join(setup.root, "package.json"), JSON.stringify({ scripts: { serve: "node server.js" } }));
    // The tab reads the actions when it opens.
    await page.getByRole("tab", { name: "Session" }).click();
    await page.getByRole("tab", { name: "Terminal" }).click();
    await page.getByRole("button", { name: "Add an action…" }).click(slow);
    // The project's package.json script is offered; this test adds its own command (`sleep` is
    // Start-Sleep's built-in alias in Windows PowerShell, and `echo` Write-Output's, so the line runs
    // in both shells: https://learn.microsoft.com/powershell/module/microsoft.powershell.utility/start-sleep?view=powershell-5.1).
    await page
      .getByRole("group", { name: "Suggested from package.json" })
      .getByRole("button", { name: "+ serve" })
      .waitFor();
    const form = page.getByRole("form", { name: "New action" });
    await form.getByLabel("Name").fill("Preview");
    await form.getByLabel("Command").fill('echo "Local: http://localhost:4321/"; sleep 300');
    await form.getByRole("button", { name: "Add the action" }).click();
    await page.getByRole("button", { name: "▶ Preview" }).waitFor(slow);
    await page.screenshot({ path: join(artifacts, "terminal-actions-editor.png") });
    await page.getByRole("button", { name: "Done" }).click();
    await page.getByRole("button", { name: "▶ Preview" }).click();
    await page.getByRole("button", { name: "Stop and close" }).waitFor(slow);
    // Typed by the window: the line as typed, then its output alone on a line.
    await onScreen(/^Local: http:\/\/localhost:4321\/$/m);
    await page.getByRole("link", { name: "Open http://localhost:4321/" }).waitFor(slow);
    const tabs = page.getByRole("group", { name: "Terminals" });
    expect(await tabs.getByRole("button", { name: "Preview" }).getAttribute("aria-pressed")).toBe("true");
    await page.screenshot({ path: join(artifacts, "terminal-action.png") });
    // The desktop app's small window: the panel is a drawer, and nothing is wider than the window.
    await page.setViewportSize({ width: 800, height: 600 });
    await page.getByRole("button", { name: "Details" }).click();
    await page.getByRole("button", { name: "● Preview" }).waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(800);
    await page.screenshot({ path: join(artifacts, "terminal-action-800x600.png") });
    await page.getByRole("button", { name: "Hide details" }).click();
    await page.setViewportSize({ width: 1180, height: 760 });
    await page.getByRole("button", { name: "Stop and close" }).click();
    await page.getByText("The action is stopped.").waitFor();
    const client = createTurnkeyClient({ baseUrl: setup.backend.url, token: setup.backend.token });
    const sessionId = (await client.sessions())[0]!.id;
    expect((await client.terminals(sessionId)).filter((t) => t.action)).toEqual([]);
    expect(setup.pageErrors).toEqual([]);
  }, 240_000);

  it("says what to do when OpenCode is not running", { timeout: 240_000 }, async () => {
    await page.getByRole("button", { name: "New chat" }).click(); // a new chat of the same project: the project's terminal, which the test above closed
    await page.getByLabel("Message").fill("hello stopped");
    await page.getByLabel("Message").press("Enter");
    await page.locator(".message-assistant", { hasText: "Echo: hello stopped" }).waitFor(slow);
    await page.getByRole("tab", { name: "Terminal" }).click();
    await page.getByRole("button", { name: "Close terminal" }).waitFor(slow);
    const client = createTurnkeyClient({ baseUrl: setup.backend.url, token: setup.backend.token });
    await client.stop();
    await page.getByText(/^OpenCode is not running, so no terminal can run\. Press Start above/).waitFor(slow);
  });
});

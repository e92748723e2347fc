// The chat window in Debian's chromium against one backend with the real opencode and the stub
// provider, at the desktop app's sizes (1180×760, 800×600), light and dark: scrolling back during
// and after a reply, a long code line, typing while sending, find in the chat (a match far up
// scrolled to; a match in view leaving a streaming reply followed), rename, a notification while
// unfocused, Restart asking before it cuts a reply. Screenshots go to test-artifacts/.
import { join } from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Backend } from "../../backend/src/startBackend.ts";
import { artifacts, type BrowserBackend, startBrowserBackend } from "./browserBackend.ts";

/** The page side, typed here without the DOM library (this file runs in Node; callbacks in chromium). */
interface El {
  scrollTop: number;
  scrollHeight: number;
  clientHeight: number;
  scrollWidth: number;
  clientWidth: number;
  getBoundingClientRect(): { left: number; right: number };
  addEventListener(type: string, listener: () => void): void;
}
interface PageWindow {
  notes: { title: string; body: string }[];
  permission: string;
  focused: boolean;
  maxTop: number;
  Notification: unknown;
  innerWidth: number;
  document: {
    documentElement: El;
    body: El;
    activeElement: unknown;
    querySelector(selector: string): El | null;
    hasFocus: () => boolean;
  };
  getComputedStyle(el: El): { backgroundColor: string };
}

// Generous: a safety net on a loaded 2-core machine, not a timing assertion.
const replyTimeout = { timeout: 120_000 };
vi.setConfig({ testTimeout: 300_000, hookTimeout: 120_000 });

let setup: BrowserBackend;
let backend: Backend;
let browser: Browser;
let pageErrors: string[];

/** In the page, before its scripts: a recording Notification and a switch for window focus. */
function fakeNotifications() {
  const w = globalThis as unknown as PageWindow;
  w.notes = [];
  w.permission = "default";
  w.focused = true;
  class RecordingNotification {
    static get permission() {
      return w.permission;
    }
    static async requestPermission() {
      w.permission = "granted";
      return "granted";
    }
    onclick: (() => void) | null = null;
    constructor(title: string, options?: { body?: string }) {
      w.notes.push({ title, body: options?.body ?? "" });
    }
    close() {}
  }
  w.Notification = RecordingNotification;
  w.document.hasFocus = () => w.focused;
}

async function newWindow(size: { width: number; height: number }, scheme: "light" | "dark") {
  const context: BrowserContext = await browser.newContext({ viewport: size, colorScheme: scheme });
  await context.addInitScript(fakeNotifications);
  const page = setup.watch(await context.newPage());
  await page.goto(setup.loginUrl("/chat"));
  await page.getByRole("button", { name: "Send" }).waitFor();
  return page;
}

const shot = (page: Page, name: string) => page.screenshot({ path: join(artifacts, `${name}.png`) });

/** Nothing wider than the window: no sideways scrolling of the page, Send and the sidebar on screen. */
async function expectNoOverflow(page: Page) {
  const layout = await page.evaluate(() => {
    const { document, innerWidth } = globalThis as unknown as PageWindow;
    const send = document.querySelector("button[type=submit]")?.getBoundingClientRect();
    const sessions = document.querySelector(".sessions")?.getBoundingClientRect();
    return {
      page: document.documentElement.scrollWidth,
      body: document.body.scrollWidth,
      width: innerWidth,
      sendRight: send?.right ?? 0,
      sessionsLeft: sessions?.left ?? -1,
    };
  });
  expect(layout.page).toBeLessThanOrEqual(layout.width);
  expect(layout.body).toBeLessThanOrEqual(layout.width);
  expect(layout.sendRight).toBeLessThanOrEqual(layout.width);
  expect(layout.sessionsLeft).toBeGreaterThanOrEqual(0);
}

async function send(page: Page, text: string) {
  const box = page.getByLabel("Message", { exact: true });
  await box.fill(text);
  // The previous message has gone out (Send is enabled again): this one will not be refused.
  await page.locator("button[type=submit]:not([disabled])").waitFor(replyTimeout);
  await box.press("Enter");
}

const scrollState = (page: Page) =>
  page.evaluate(() => {
    const el = (globalThis as unknown as PageWindow).document.querySelector(".messages") as El;
    return { top: el.scrollTop, fromBottom: el.scrollHeight - el.scrollTop - el.clientHeight };
  });

/** "Jump to latest" covers no line of the conversation: its box lies outside the scroll area's. */
async function expectJumpHidesNothing(page: Page) {
  const button = await page.getByRole("button", { name: /Jump to latest/ }).boundingBox();
  const view = await page.locator(".messages").boundingBox();
  if (!button || !view) throw new Error("no Jump to latest button or no conversation on screen");
  const overlap = Math.min(button.y + button.height, view.y + view.height) - Math.max(button.y, view.y);
  const beside = Math.min(button.x + button.width, view.x + view.width) - Math.max(button.x, view.x);
  expect(overlap <= 0 || beside <= 0, `button ${JSON.stringify(button)} over ${JSON.stringify(view)}`).toBe(true);
}

const longLine = `const ${"veryLongIdentifier_".repeat(30)} = 1;`;

beforeAll(async () => {
  setup = await startBrowserBackend({ name: "chat-window" });
  ({ backend, browser, pageErrors } = setup);
});

afterAll(() => setup?.close());

describe("the chat window at 1180×760, light", () => {
  let page: Page;

  it("a long code line scrolls inside its block; the page never widens (bug 2)", async () => {
    page = await newWindow({ width: 1180, height: 760 }, "light");
    await send(page, `Here is a long line:\n\n\`\`\`js\n${longLine}\n\`\`\``);
    const block = page.locator(".message-assistant .code-block pre").first();
    await block.waitFor(replyTimeout);
    await page.locator(".message-assistant .hljs-keyword").first().waitFor(); // the lazy highlighter came
    await expectNoOverflow(page);
    const inner = await block.evaluate((el) => ({ scroll: el.scrollWidth, client: el.clientWidth }));
    expect(inner.scroll).toBeGreaterThan(inner.client);
    await shot(page, "chat-long-line-1180x760-light");
  });

  it("text typed while a message is sending stays, alone, in the box (bug 3)", async () => {
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    await page.route("**/api/sessions/*/messages", async (route) => {
      if (route.request().method() === "POST") await gate;
      await route.continue();
    });
    await send(page, "first while slow");
    const box = page.getByLabel("Message", { exact: true });
    expect(await box.inputValue()).toBe("");
    await box.pressSequentially("second thought");
    await page.getByRole("button", { name: "Sending…" }).waitFor();
    await shot(page, "chat-typing-while-sending-1180x760-light");
    release();
    await page.locator(".message-assistant", { hasText: "Echo: first while slow" }).waitFor(replyTimeout);
    await page.unroute("**/api/sessions/*/messages");
    expect(await box.inputValue()).toBe("second thought");
    await box.fill("");
  });

  it("scrolling back holds still during and after a reply; Jump to latest returns (bug 1)", async () => {
    const tall = Array.from({ length: 50 }, (_, i) => `line ${i + 1}`).join("\n");
    await send(page, tall);
    await page.locator(".message-assistant", { hasText: "line 50" }).last().waitFor(replyTimeout);
    await send(page, "[slow] tell me a long story");
    await page.locator(".working").waitFor();
    await page.locator(".message-assistant", { hasText: "tick 2" }).waitFor(replyTimeout);
    // The reader scrolls to the top and records every position the list takes from then on.
    await page.evaluate(() => {
      const w = globalThis as unknown as PageWindow;
      const el = w.document.querySelector(".messages") as El;
      el.scrollTop = 0;
      w.maxTop = 0;
      el.addEventListener("scroll", () => {
        w.maxTop = Math.max(w.maxTop, el.scrollTop);
      });
    });
    await page.getByRole("button", { name: /Jump to latest/ }).waitFor();
    await expectJumpHidesNothing(page);
    await shot(page, "chat-scrolled-back-during-reply-1180x760-light");
    await page.locator(".working").waitFor({ state: "detached", ...replyTimeout });
    expect(await page.evaluate(() => (globalThis as unknown as PageWindow).maxTop)).toBe(0);
    expect((await scrollState(page)).top).toBe(0);
    // After the reply, re-renders (typing re-renders the whole window) still leave the view alone.
    await page.getByLabel("Message", { exact: true }).pressSequentially("hmm");
    expect((await scrollState(page)).top).toBe(0);
    await shot(page, "chat-scrolled-back-after-reply-1180x760-light");
    await page.getByRole("button", { name: /Jump to latest/ }).click();
    await page.locator(".message-assistant", { hasText: "tick 39" }).waitFor();
    expect((await scrollState(page)).fromBottom).toBeLessThan(5);
    await page.getByLabel("Message", { exact: true }).fill("");
  });

  it("Ctrl+F finds the first prompt far up the virtual list, scrolls it into view and paints the match", async () => {
    // More turns than the list renders beyond the view (overscan 6): the first prompt leaves the page.
    for (let i = 1; i <= 5; i++) {
      await send(page, `short turn ${i}`);
      await page
        .locator(".message-assistant", { hasText: `short turn ${i}` })
        .last()
        .waitFor(replyTimeout);
    }
    expect(await page.locator('.message-row[data-index="0"]').count()).toBe(0);
    await page.keyboard.press("Control+f");
    const field = page.getByRole("searchbox", { name: "Find in this chat" });
    await field.fill("HERE IS A LONG LINE");
    await page.locator(".find-count", { hasText: / of / }).waitFor();
    await field.press("Enter"); // the oldest: the first prompt, far above the view
    await page.locator(".find-count", { hasText: /^1 of / }).waitFor();
    const row = page.locator(".message-row.find-current");
    await row.waitFor();
    expect(await row.textContent()).toContain("Here is a long line");
    const painted = () =>
      page.evaluate(() => {
        const registry = (globalThis as unknown as { CSS: { highlights: Map<string, Set<{ toString(): string }>> } })
          .CSS.highlights;
        return [...(registry.get("find-current") ?? [])].map(String);
      });
    await vi.waitFor(async () => expect(await painted()).toEqual(["Here is a long line"]), replyTimeout);
    // On screen: the row lies within the scroll area, which let go of the bottom.
    await vi.waitFor(async () => {
      const box = await row.boundingBox();
      const view = await page.locator(".messages").boundingBox();
      if (!box || !view) throw new Error("no match row or no conversation on screen");
      expect(box.y + box.height).toBeGreaterThan(view.y);
      expect(box.y).toBeLessThan(view.y + view.height);
    }, replyTimeout);
    // The bar sits above the conversation: it covers no line of it (nor the match it scrolled to).
    const barBox = await page.locator(".find-bar").boundingBox();
    const viewBox = await page.locator(".messages").boundingBox();
    expect(barBox && viewBox && barBox.y + barBox.height <= viewBox.y + 0.5).toBe(true);
    await page.getByRole("button", { name: /Jump to latest/ }).waitFor();
    await shot(page, "chat-find-1180x760-light");
    await field.press("Escape");
    expect(await page.locator("#prompt").evaluate((el) => el === el.ownerDocument.activeElement)).toBe(true);
    expect(await painted()).toEqual([]);
    await page.getByRole("button", { name: /Jump to latest/ }).click();
  });

  it("a match already in view keeps the bottom followed while a reply streams", async () => {
    await send(page, "kiwi");
    await page.locator(".message-assistant", { hasText: "Echo: kiwi" }).waitFor(replyTimeout);
    // A tall prompt below it: the reply "Echo: kiwi" stays in view but in the upper half, where
    // scrolling to it (centring it) would leave the bottom.
    const tall = Array.from({ length: 3 }, (_, i) => `row ${i + 1}`).join("\n");
    await send(page, `[slow] count for me\n${tall}`);
    await page.locator(".message-assistant", { hasText: "tick 3" }).waitFor(replyTimeout);
    await page.keyboard.press("Control+f");
    const field = page.getByRole("searchbox", { name: "Find in this chat" });
    await field.fill("echo: kiwi");
    await page.locator(".find-count", { hasText: /^1 of 1$/ }).waitFor();
    await page.locator(".message-row.find-current").waitFor();
    // The reply goes on growing; the list follows it: no "Jump to latest", the end stays in view.
    await page.locator(".message-assistant", { hasText: "tick 30" }).waitFor(replyTimeout);
    expect(await page.getByRole("button", { name: /Jump to latest/ }).count()).toBe(0);
    await page.locator(".working").waitFor({ state: "detached", ...replyTimeout });
    expect((await scrollState(page)).fromBottom).toBeLessThan(5);
    expect(await page.getByRole("button", { name: /Jump to latest/ }).count()).toBe(0);
    await field.press("Escape");
  });

  it("a prompt's bubble ends at its text; pointed at, its tools show under it and take clicks", async () => {
    await send(page, "plum");
    await page.locator(".message-assistant", { hasText: "Echo: plum" }).waitFor(replyTimeout);
    const prompt = page.locator(".message-user", { hasText: "plum" }).last();
    const bubble = (await prompt.boundingBox())!;
    const text = (await prompt.locator(".user-text").boundingBox())!;
    // Its padding under the last line and no more (the hidden tools left an empty strip inside it).
    expect(bubble.y + bubble.height - (text.y + text.height)).toBeLessThan(16);
    await prompt.hover();
    const copy = prompt.getByRole("button", { name: "Copy prompt" });
    const tool = (await copy.boundingBox())!;
    expect(tool.y).toBeGreaterThanOrEqual(bubble.y + bubble.height);
    await copy.click({ trial: true, timeout: 5_000 }); // nothing covers it, and its row does not clip it
    await shot(page, "chat-prompt-tools-1180x760-light");
  });

  it("rename keeps the typed title, saves when the field is left (bug 4)", async () => {
    const current = page.locator(".sessions li.selected .session-name");
    const title = await current.textContent();
    await page.getByRole("button", { name: `Rename ${title}` }).click();
    const field = page.getByLabel("New title");
    await field.fill("");
    await field.pressSequentially("Renamed in chromium", { delay: 80 }); // spans a clock tick or two
    expect(await field.evaluate((el) => el === (globalThis as unknown as PageWindow).document.activeElement)).toBe(
      true,
    );
    await page.getByLabel("Search sessions").click();
    await page.locator(".sessions .session-name", { hasText: "Renamed in chromium" }).waitFor();
    expect(
      await page
        .getByLabel("Search sessions")
        .evaluate((el) => el === (globalThis as unknown as PageWindow).document.activeElement),
    ).toBe(true);
    await shot(page, "chat-renamed-1180x760-light");
  });

  it("asks for notification permission only on request, then notifies when unfocused", async () => {
    const notes = () => page.evaluate(() => (globalThis as unknown as PageWindow).notes);
    await page.getByRole("button", { name: "Turn on notifications" }).click();
    await page.getByRole("button", { name: "Turn on notifications" }).waitFor({ state: "detached" });
    await page.evaluate(() => {
      (globalThis as unknown as PageWindow).focused = false;
    });
    await send(page, "ping while away");
    await page.locator(".message-assistant", { hasText: "Echo: ping while away" }).waitFor(replyTimeout);
    await page.waitForFunction(() => (globalThis as unknown as PageWindow).notes.length > 0);
    expect((await notes()).map((n) => n.title)).toContain("OpenCode finished replying");
    await page.evaluate(() => {
      (globalThis as unknown as PageWindow).focused = true;
    });
  });

  it("Restart in the status window asks before cutting a reply (bug 7)", async () => {
    const pid = backend.supervisor.status().pid;
    await send(page, "[slow] another story");
    await page.locator(".message-assistant", { hasText: "tick 1" }).last().waitFor(replyTimeout);
    const status = await page.context().newPage();
    await status.goto(setup.loginUrl("/"));
    const dialog = new Promise<string>((resolve) =>
      status.once("dialog", (d) => {
        resolve(d.message());
        void d.dismiss();
      }),
    );
    await status.getByRole("button", { name: "Restart", exact: true }).click();
    expect(await dialog).toMatch(/^OpenCode is writing a reply in a chat\. Restarting OpenCode cuts it off/);
    expect(backend.supervisor.status().pid).toBe(pid);
    await status.close();
    await page.locator(".working").waitFor({ state: "detached", ...replyTimeout });
    await page.context().close();
  });
});

describe.each([
  { width: 1180, height: 760, scheme: "dark" as const },
  { width: 800, height: 600, scheme: "light" as const },
  { width: 800, height: 600, scheme: "dark" as const },
])("the chat window at $width×$height, $scheme", ({ width, height, scheme }) => {
  it("shows the long code line without widening the page, and the ? overlay", async () => {
    const page = await newWindow({ width, height }, scheme);
    await page.locator(".sessions .session-title").first().waitFor();
    await page.locator(".sessions .session-title", { hasText: "Renamed in chromium" }).click();
    await page.locator(".message-assistant", { hasText: "tick 39" }).last().waitFor(replyTimeout);
    // The code block is the first reply, far above: scroll back to it (the list renders what is in view).
    await page.evaluate(() => {
      ((globalThis as unknown as PageWindow).document.querySelector(".messages") as El).scrollTop = 0;
    });
    await page.locator(".message-assistant .code-block").first().waitFor(replyTimeout);
    await page.locator(".message-assistant .code-block").first().scrollIntoViewIfNeeded();
    await expectNoOverflow(page);
    if (width <= 1000) {
      // The conversation keeps most of the height: the session panel is a drawer there.
      const conversation = await page.locator(".messages-frame").boundingBox();
      expect(conversation?.height ?? 0).toBeGreaterThanOrEqual(0.6 * height);
      await page.getByRole("button", { name: "Details" }).click();
      await page.getByRole("complementary", { name: "Session details" }).waitFor();
      await shot(page, `chat-details-${width}x${height}-${scheme}`);
      await page.getByRole("button", { name: "Hide details" }).click();
    }
    const background = await page.evaluate(() => {
      const w = globalThis as unknown as PageWindow;
      return w.getComputedStyle(w.document.documentElement).backgroundColor;
    });
    expect(background).toBe(scheme === "dark" ? "rgb(13, 17, 23)" : "rgb(246, 247, 249)");
    await shot(page, `chat-long-line-${width}x${height}-${scheme}`);
    await page.keyboard.press("?");
    await page.getByRole("dialog", { name: "Keyboard shortcuts" }).waitFor();
    await shot(page, `chat-shortcuts-${width}x${height}-${scheme}`);
    await page.keyboard.press("Escape");
    await page.context().close();
  });
});

describe("after the windows closed", () => {
  it("ran under the strict CSP without errors", () => {
    expect(pageErrors.filter((e) => !e.includes("Failed to load resource"))).toEqual([]);
  });
});

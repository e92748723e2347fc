// Both windows in a real browser (Debian's chromium through playwright-core) against the headless
// backend with the real opencode and the stub provider; the chat window after its event stream
// broke. Screenshots land in test-artifacts/.
import { join } from "node:path";
import { createTurnkeyClient } from "@turnkey/client";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Backend } from "../../backend/src/startBackend.ts";
import { artifacts, type BrowserBackend, startBrowserBackend } from "./browserBackend.ts";

let setup: BrowserBackend;
let backend: Backend;
/** One profile for the suite, like one app. */
let context: BrowserContext;
let pageErrors: string[];

async function openPage(path: string): Promise<Page> {
  const page = setup.watch(await context.newPage());
  // Each window logs in with the token in its fragment, as the app's windows do.
  await page.goto(path.includes("#") ? `${backend.url}${path}` : setup.loginUrl(path));
  return page;
}

const badge = (page: Page, text: string) =>
  page
    .getByTestId("state-badge")
    .filter({ hasText: new RegExp(`^${text}$`) })
    .waitFor({ timeout: 30_000 });

beforeAll(async () => {
  setup = await startBrowserBackend({ name: "browser" });
  ({ backend, pageErrors } = setup);
  context = await setup.browser.newContext({ viewport: { width: 1200, height: 800 } });
});

afterAll(() => setup?.close());

describe("in a browser", () => {
  it("logs in with the token, shows running, and Stop / Start work", async () => {
    const page = await openPage(`/?token=${encodeURIComponent(backend.token)}`);
    // An old-style link is moved into the fragment, and the token then leaves the address bar.
    await page.waitForURL((url) => url.search === "" && url.hash === "");
    await badge(page, "Running");
    await page.getByText("OpenCode is ready on port").waitFor();
    await page.screenshot({ path: join(artifacts, "status-running.png"), fullPage: true });
    // The status window at the desktop app's sizes, light and dark: nothing runs off sideways.
    for (const [width, height] of [
      [1180, 760],
      [800, 600],
    ] as const) {
      for (const colorScheme of ["light", "dark"] as const) {
        await page.setViewportSize({ width, height });
        await page.emulateMedia({ colorScheme });
        const overflow = await page.evaluate(() => {
          const root = (
            globalThis as unknown as { document: { documentElement: { scrollWidth: number; clientWidth: number } } }
          ).document.documentElement;
          return root.scrollWidth - root.clientWidth;
        });
        expect(overflow, `${width}x${height} ${colorScheme}`).toBe(0);
        await page.screenshot({ path: join(artifacts, `status-${width}x${height}-${colorScheme}.png`) });
      }
    }
    await page.setViewportSize({ width: 1200, height: 800 });
    await page.emulateMedia({ colorScheme: "light" });

    // The lifecycle buttons of the status panel (the doctor's checklist offers its own Start).
    const controls = page.getByRole("region", { name: "OpenCode status" });
    await controls.getByRole("button", { name: "Stop", exact: true }).click();
    await badge(page, "Stopped");
    expect(await controls.getByRole("button", { name: "Stop", exact: true }).isDisabled()).toBe(true);
    await controls.getByRole("button", { name: "Start", exact: true }).click();
    await badge(page, "Running");
    await page.locator(".log-line", { hasText: "is ready on port" }).first().waitFor();
    await page.close();
  });

  it("chats: a message sent with Enter gets the stub's reply streamed in", async () => {
    const page = await openPage("/chat");
    const box = page.getByLabel("Message");
    await box.fill("hello from the browser");
    await box.press("Enter");
    // A safety net, not a timing: opencode loads a folder on its first prompt there (10–30 s on a
    // busy machine), and the test before restarted it.
    await page.locator(".message-assistant", { hasText: "Echo: hello from the browser" }).waitFor({ timeout: 120_000 });
    expect(await box.inputValue()).toBe("");
    await page.locator(".sessions li").first().waitFor();
    await page.screenshot({ path: join(artifacts, "chat.png"), fullPage: true });
    await page.close();
  });

  it("reads the chats again when its event stream opens after a break: a chat made in the gap shows", async () => {
    const client = createTurnkeyClient({ baseUrl: backend.url, token: backend.token });
    const status = await client.status();
    // The window's first event stream tells OpenCode's state and ends (a dropped connection); its
    // next one waits for the test, so the chat made meanwhile is told by no event.
    let streams = 0;
    let reopen!: () => void;
    const gap = new Promise<void>((resolve) => (reopen = resolve));
    const page = setup.watch(await context.newPage());
    await page.route("**/api/events**", async (route) => {
      streams++;
      if (streams > 1) return gap.then(() => route.continue());
      return route.fulfill({
        contentType: "text/event-stream",
        body: `event: status\ndata: ${JSON.stringify(status)}\n\n`,
      });
    });
    try {
      await page.goto(setup.loginUrl("/chat"));
      await page.locator(".sessions li").first().waitFor(); // the chat of the test before
      await vi.waitFor(() => expect(streams).toBe(2), { timeout: 30_000 });
      await client.createSession({ title: "Made during the break" });
      reopen();
      await page.locator(".sessions li", { hasText: "Made during the break" }).waitFor({ timeout: 30_000 });
    } finally {
      reopen();
      await page.close();
    }
  });

  it("keeps typed text when OpenCode is stopped, and offers Start", async () => {
    await backend.supervisor.stop();
    const page = await openPage("/chat");
    await page.getByText("OpenCode is not running. Press Start to run it.").waitFor();
    const box = page.getByLabel("Message");
    await box.fill("do not lose me");
    // Send stays available: a message sent now is held until OpenCode runs (heldMessage tests).
    expect(await page.getByRole("button", { name: "Send" }).isDisabled()).toBe(false);
    await page.screenshot({ path: join(artifacts, "chat-stopped.png"), fullPage: true });
    await page.getByRole("button", { name: "Start", exact: true }).click();
    await page.getByRole("button", { name: "Send" }).waitFor({ state: "visible" });
    // A function, not a string: the page's CSP (rightly) forbids evaluating strings.
    await page.waitForFunction(() => {
      type Doc = { querySelector(selector: string): { disabled: boolean } | null };
      return (
        (globalThis as unknown as { document: Doc }).document.querySelector("button[type=submit]")?.disabled === false
      );
    });
    expect(await box.inputValue()).toBe("do not lose me");
    await page.close();
  });

  it("ran under the strict CSP without errors", () => {
    expect(pageErrors.filter((e) => !e.includes("Failed to load resource"))).toEqual([]);
  });
});

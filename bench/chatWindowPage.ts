// Benchmark 10's page side: open the chat window and a session (first paint, interactive),
// run frames while scrolling (or idle, the baseline), stream deltas, and read the page's
// main-thread time from one CDP session (with CPU throttling to model a loaded machine).
import type { ChatEvent } from "@turnkey/contracts";
import type { BrowserContext, Page } from "playwright-core";
import type { FakeBackend } from "./chatWindowBackend.ts";

/** Page side, typed without the DOM library. */
interface PageGlobals {
  document: {
    querySelector(s: string): { scrollTop: number; scrollHeight: number; clientHeight: number } | null;
    querySelectorAll(s: string): { length: number };
    body: { textContent: string | null };
  };
  performance: { now(): number };
  requestAnimationFrame(cb: (t: number) => void): void;
  PerformanceObserver: new (
    cb: (list: { getEntries(): { startTime: number; duration: number }[] }) => void,
  ) => { observe(o: { type: string; buffered: boolean }): void };
  longTasks: { startTime: number; duration: number }[];
}

/** A fresh window (a new tab: a new document, empty sessionStorage, no cache of the last one). */
export async function openChat(context: BrowserContext, url: string): Promise<Page> {
  for (const old of context.pages()) await old.close();
  const page = await context.newPage();
  await page.goto(`${url}/chat#token=bench`);
  await page.getByRole("button", { name: /^Long session/ }).waitFor();
  return page;
}

/** The page's clock at the frame after `text` is in the page (checked each frame). */
export function frameShowing(page: Page, text: string): Promise<number> {
  return page.evaluate(
    (text) =>
      new Promise<number>((resolve) => {
        const w = globalThis as unknown as PageGlobals;
        const check = () => {
          if (w.document.body.textContent?.includes(text)) w.requestAnimationFrame(() => resolve(w.performance.now()));
          else w.requestAnimationFrame(check);
        };
        check();
      }),
    text,
  );
}

/** Click a session; first paint = a frame after its last message is in the page; interactive = after the last long task. */
export async function openSession(page: Page, title: string, lastText: string) {
  await page.evaluate(() => {
    const w = globalThis as unknown as PageGlobals;
    w.longTasks = [];
    new w.PerformanceObserver((list) => w.longTasks.push(...list.getEntries())).observe({
      type: "longtask",
      buffered: false,
    });
  });
  const t0 = await page.evaluate(() => (globalThis as unknown as PageGlobals).performance.now());
  await page.getByRole("button", { name: new RegExp(`^${title}`) }).click();
  const painted = await frameShowing(page, lastText);
  // Let trailing work (measuring rows, highlighting) finish, then read the long tasks.
  await page.evaluate(
    () =>
      new Promise<void>((resolve) => {
        const w = globalThis as unknown as PageGlobals;
        let frames = 0;
        const tick = () => (++frames >= 30 ? resolve() : w.requestAnimationFrame(tick));
        w.requestAnimationFrame(tick);
      }),
  );
  const lastLongTaskEnd = await page.evaluate(() =>
    Math.max(0, ...(globalThis as unknown as PageGlobals).longTasks.map((t) => t.startTime + t.duration)),
  );
  return { firstPaintMs: painted - t0, interactiveMs: Math.max(painted, lastLongTaskEnd) - t0 };
}

/** A vsync is 16.7 ms at 60 Hz; rAF intervals jitter around it, so a frame counts as on time
 *  (no vsync missed) up to a quarter of a vsync later. */
export const onTimeFrameMs = 16.7 * 1.25;

/**
 * Frame intervals over `frames` animation frames, and the page's main-thread busy time meanwhile.
 * "scroll" moves the conversation up 300 px each frame (a fast wheel: a screen every few frames),
 * from the bottom, until the top; "idle" only counts frames: the baseline of the same page on
 * the same machine at the same moment.
 */
export async function runFrames(page: Page, clock: PageClock, mode: "scroll" | "idle", frames = 180) {
  const before = await clock.taskSeconds();
  const intervals = await page.evaluate(
    ({ mode, frames }) =>
      new Promise<number[]>((resolve) => {
        const w = globalThis as unknown as PageGlobals;
        const el = w.document.querySelector(".messages");
        if (!el) return resolve([]);
        if (mode === "scroll") el.scrollTop = el.scrollHeight;
        const seen: number[] = [];
        let last = w.performance.now();
        const step = (t: number) => {
          seen.push(t - last);
          last = t;
          if (mode === "scroll") el.scrollTop -= 300;
          if (seen.length < frames && (mode === "idle" || el.scrollTop > 0)) w.requestAnimationFrame(step);
          else resolve(seen.slice(2));
        };
        w.requestAnimationFrame(step);
      }),
    { mode, frames },
  );
  const busyMs = ((await clock.taskSeconds()) - before) * 1000;
  return { intervals, busyPerFrameMs: busyMs / Math.max(1, intervals.length + 2) };
}

function deltas(sessionID: string, count: number): ChatEvent[] {
  const events: ChatEvent[] = [{ type: "session.status", sessionID, status: "busy", attempt: null, message: null }];
  for (let i = 0; i < count; i++) {
    // Every 40th delta starts a new line; every 2,000th a code fence, as real replies do.
    const text = i % 2000 === 0 ? "\n\n```ts\n" : i % 2000 === 1000 ? "\n```\n\n" : i % 40 === 0 ? "\nword " : "word ";
    events.push({
      type: "text.delta",
      sessionID,
      messageID: "msg_live",
      partID: "prt_live",
      field: "text",
      delta: text,
    });
  }
  events.push({ type: "session.status", sessionID, status: "idle", attempt: null, message: null });
  return events;
}

export interface PageClock {
  /** The page's total main-thread task time so far, in seconds. */
  taskSeconds(): Promise<number>;
  /** CPU throttling (1 = none): 4 makes every task four times slower, as on a busy machine. */
  throttle(rate: number): Promise<void>;
  close(): Promise<void>;
}

/** One CDP session kept for the page: its main-thread time, and CPU throttling. */
export async function pageClock(page: Page): Promise<PageClock> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Performance.enable");
  return {
    async taskSeconds() {
      const { metrics } = await cdp.send("Performance.getMetrics");
      return metrics.find((m) => m.name === "TaskDuration")?.value ?? 0;
    },
    async throttle(rate) {
      await cdp.send("Emulation.setCPUThrottlingRate", { rate });
    },
    close: () => cdp.detach(),
  };
}

/** Busy main-thread time for streaming `count` deltas into `sessionID` while `shown` is open. */
export async function streamInto(page: Page, clock: PageClock, backend: FakeBackend, sessionID: string, count: number) {
  const before = await clock.taskSeconds();
  const started = Date.now();
  // The stream ends by renaming a session: once the page shows that title, it has handled
  // every delta before it (events are handled in order).
  const marker = `Streamed into ${sessionID}`;
  await backend.push([
    ...deltas(sessionID, count),
    {
      type: "session.updated",
      sessionID: "ses_hidden",
      session: {
        id: "ses_hidden",
        title: marker,
        key: null,
        createdAt: 1,
        updatedAt: 1,
        directory: "/bench",
        projectId: null,
      },
    },
  ]);
  await page.getByText(marker).waitFor({ timeout: 120_000 });
  const after = await clock.taskSeconds();
  return { busyMs: (after - before) * 1000, wallMs: Date.now() - started };
}

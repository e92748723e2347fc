// Benchmark 10: the chat window in chromium (playwright-core), against a fake backend that serves
// the built UI and answers the chat API from memory, so only the window is measured:
//  - opening a 2,000-message session vs a 20-message one (first paint, interactive), alternated;
//  - scrolling through the 2,000 messages (frame times);
//  - 20,000 streamed deltas: main-thread busy time per delta, against the same deltas sent to a
//    session that is not shown (transport and parsing only) in the same run;
//  - the gzipped size of what the chat view loads, and of its lazy chunks.
import { readFileSync } from "node:fs";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { extname, join, normalize } from "node:path";
import { gzipSync } from "node:zlib";
import type { ChatEvent, ChatMessage, ChatSession, SidecarStatus } from "@turnkey/contracts";
import { chromium, type Page } from "playwright-core";
import { chromiumArgs, chromiumPath } from "../apps/web/test/chromium.ts";
import { ensureWebBuild } from "../scripts/ensureWebBuild.ts";
import type { BenchResult } from "./context.ts";
import { round, summarize } from "./stats.ts";

const dist = join(import.meta.dirname, "..", "apps", "web", "dist");
const types: Record<string, string> = {
  ".html": "text/html",
  ".js": "text/javascript",
  ".css": "text/css",
  ".svg": "image/svg+xml",
};
/** The budget for what opening the chat window downloads, gzipped (README). */
export const chatViewBudgetKb = 260;

const status: SidecarStatus = {
  state: "running",
  pid: 4242,
  port: 1,
  version: "bench",
  startedAt: 1,
  readyAt: 2,
  uptimeMs: 1000,
  restarts: 0,
  nextRestartAt: null,
  lastExit: null,
  error: null,
  health: null,
  binary: null,
};

function reply(i: number): string {
  const code =
    i % 10 === 1
      ? `\n\n\`\`\`ts\nexport function step${i}(value: number): number {\n  return value * ${i};\n}\n\`\`\`\n`
      : "";
  return `Reply **${i}**: the function reads the file, checks each line and returns the total.\n\n- first point about ${i}\n- second point${code}\n\nThat is all for step ${i}.`;
}

function history(sessionID: string, count: number): ChatMessage[] {
  return Array.from({ length: count }, (_, i) => {
    const role = i % 2 === 0 ? "user" : "assistant";
    const text = role === "user" ? `Question ${i}: what does step ${i} do?` : reply(i);
    return {
      id: `msg_${String(i).padStart(6, "0")}`,
      sessionID,
      role,
      createdAt: i,
      completedAt: i,
      model: null,
      error: null,
      text,
      parts: [{ type: "text", id: `prt_${i}`, text }],
    };
  });
}

/** The fake backend: the built UI, the chat API from memory, and an SSE stream the bench feeds. */
async function fakeBackend() {
  const sessions: ChatSession[] = [
    {
      id: "ses_long",
      title: "Long session",
      key: null,
      createdAt: 1,
      updatedAt: 3,
      directory: "/bench",
      projectId: null,
    },
    {
      id: "ses_short",
      title: "Short session",
      key: null,
      createdAt: 1,
      updatedAt: 2,
      directory: "/bench",
      projectId: null,
    },
    {
      id: "ses_hidden",
      title: "Other session",
      key: null,
      createdAt: 1,
      updatedAt: 1,
      directory: "/bench",
      projectId: null,
    },
  ];
  const messages: Record<string, string> = {
    ses_long: JSON.stringify({ messages: history("ses_long", 2000) }),
    ses_short: JSON.stringify({ messages: history("ses_short", 20) }),
    ses_hidden: JSON.stringify({ messages: [] }),
  };
  const streams = new Set<ServerResponse>();
  const json = (res: ServerResponse, body: unknown, code = 200) => {
    res.writeHead(code, { "content-type": "application/json" });
    res.end(typeof body === "string" ? body : JSON.stringify(body));
  };
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const path = new URL(req.url ?? "/", "http://x").pathname;
    if (path === "/api/events") {
      res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-store" });
      res.write(`event: status\ndata: ${JSON.stringify(status)}\n\n`);
      streams.add(res);
      req.on("close", () => streams.delete(res));
      return;
    }
    if (path === "/api/status") return json(res, status);
    if (path === "/api/sessions") return json(res, { sessions });
    if (path === "/api/models")
      return json(res, {
        providers: [{ id: "stub", name: "Stub", models: [{ id: "m", name: "Model" }] }],
        default: { providerID: "stub", modelID: "m" },
        configured: true,
      });
    if (path === "/api/providers")
      return json(res, { providers: [{ id: "stub", name: "Stub", connected: true, env: [] }], connected: ["stub"] });
    const match = /^\/api\/sessions\/([\w]+)\/messages$/.exec(path);
    if (match) return json(res, messages[match[1] ?? ""] ?? { messages: [] });
    if (path.startsWith("/api/")) return json(res, { error: { code: "not_found", message: "Not in the bench." } }, 404);
    const file = path === "/" || path === "/chat" ? "index.html" : normalize(path).replace(/^\/+/, "");
    try {
      const body = readFileSync(join(dist, file));
      res.writeHead(200, { "content-type": types[extname(file)] ?? "application/octet-stream" });
      res.end(body);
    } catch {
      json(res, { error: { code: "not_found", message: "No such file." } }, 404);
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    /** Streams chat events, many per write, as the relay batches them. */
    async push(events: ChatEvent[], perWrite = 50) {
      for (let i = 0; i < events.length; i += perWrite) {
        const chunk = events
          .slice(i, i + perWrite)
          .map((e) => `event: chat\ndata: ${JSON.stringify(e)}\n\n`)
          .join("");
        for (const stream of streams) if (!stream.write(chunk)) await new Promise((r) => stream.once("drain", r));
        await new Promise((r) => setImmediate(r));
      }
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const stream of streams) stream.end();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

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

async function openChat(page: Page, url: string) {
  await page.goto(`${url}/chat#token=bench`);
  await page.getByRole("button", { name: /^Long session/ }).waitFor();
}

/** Click a session; first paint = a frame after its last message is in the page; interactive = after the last long task. */
async function openSession(page: Page, title: string, lastText: string) {
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
  const painted = await page.evaluate(
    (text) =>
      new Promise<number>((resolve) => {
        const w = globalThis as unknown as PageGlobals;
        const check = () => {
          if (w.document.body.textContent?.includes(text)) w.requestAnimationFrame(() => resolve(w.performance.now()));
          else w.requestAnimationFrame(check);
        };
        check();
      }),
    lastText,
  );
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

async function scrollFrames(page: Page): Promise<number[]> {
  return await page.evaluate(
    () =>
      new Promise<number[]>((resolve) => {
        const w = globalThis as unknown as PageGlobals;
        const el = w.document.querySelector(".messages");
        if (!el) return resolve([]);
        el.scrollTop = el.scrollHeight;
        const frames: number[] = [];
        let last = w.performance.now();
        const step = (t: number) => {
          frames.push(t - last);
          last = t;
          el.scrollTop -= 300; // a fast wheel: a screen-height every few frames
          if (frames.length < 180 && el.scrollTop > 0) w.requestAnimationFrame(step);
          else resolve(frames.slice(2));
        };
        w.requestAnimationFrame(step);
      }),
  );
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

/** The page's total main-thread task time so far, from one CDP session kept for the page. */
async function taskClock(page: Page): Promise<() => Promise<number>> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Performance.enable");
  return async () => {
    const { metrics } = await cdp.send("Performance.getMetrics");
    return metrics.find((m) => m.name === "TaskDuration")?.value ?? 0;
  };
}

/** Busy main-thread time for streaming `count` deltas into `sessionID` while `shown` is open. */
async function streamInto(
  page: Page,
  taskSeconds: () => Promise<number>,
  backend: Awaited<ReturnType<typeof fakeBackend>>,
  sessionID: string,
  count: number,
) {
  const before = await taskSeconds();
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
  const after = await taskSeconds();
  return { busyMs: (after - before) * 1000, wallMs: Date.now() - started };
}

function gzipKb(file: string): number {
  return gzipSync(readFileSync(join(dist, file))).length / 1024;
}

export async function benchChatWindow(runs: number, deltaCount = 20_000): Promise<BenchResult> {
  ensureWebBuild();
  const backend = await fakeBackend();
  const browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
  try {
    // What the chat view downloads to open (everything but the lazy chunks).
    const context = await browser.newContext({ viewport: { width: 1180, height: 760 } });
    // tsx keeps function names with a `__name` helper that page-side callbacks would miss.
    await context.addInitScript({ content: "globalThis.__name = (f) => f;" });
    const loaded = new Set<string>();
    context.on("response", (r) => {
      const path = new URL(r.url()).pathname;
      if (/\.(js|css)$/.test(path)) loaded.add(path.slice(1));
    });
    const page = await context.newPage();
    await openChat(page, backend.url);
    const initial = [...loaded];
    const initialKb = initial.reduce((sum, f) => sum + gzipKb(f), 0);

    // Opening a long and a short session, alternated, each from a fresh window.
    const long = { firstPaint: [] as number[], interactive: [] as number[] };
    const short = { firstPaint: [] as number[], interactive: [] as number[] };
    for (let i = 0; i < runs + 1; i++) {
      for (const [target, title, last] of [
        [long, "Long session", "That is all for step 1999."],
        [short, "Short session", "That is all for step 19."],
      ] as const) {
        await page.evaluate(() =>
          (globalThis as unknown as { sessionStorage: { clear(): void } }).sessionStorage.clear(),
        );
        await openChat(page, backend.url);
        const opened = await openSession(page, title, last);
        if (i === 0) continue; // warm-up
        target.firstPaint.push(opened.firstPaintMs);
        target.interactive.push(opened.interactiveMs);
      }
    }

    // Scrolling the long session from the bottom up.
    await openChat(page, backend.url);
    await openSession(page, "Long session", "That is all for step 1999.");
    const frames = summarize(await scrollFrames(page));

    // The lazy chunks, now that code blocks made the highlighter load.
    const lazy = [...loaded].filter((f) => !initial.includes(f));
    const lazyKb = lazy.reduce((sum, f) => sum + gzipKb(f), 0);

    // 20,000 deltas: into the open session, and (baseline) into one that is not shown.
    await openChat(page, backend.url);
    await openSession(page, "Short session", "That is all for step 19.");
    const clock = await taskClock(page);
    const hidden = await streamInto(page, clock, backend, "ses_hidden", deltaCount);
    const shown = await streamInto(page, clock, backend, "ses_short", deltaCount);
    const streamed = await page.locator(".message-assistant").last().textContent();
    await context.close();

    const fp = { long: summarize(long.firstPaint), short: summarize(short.firstPaint) };
    const ti = { long: summarize(long.interactive), short: summarize(short.interactive) };
    const perDeltaUs = (shown.busyMs * 1000) / deltaCount;
    const baselineUs = (hidden.busyMs * 1000) / deltaCount;
    const ms = (s: { median: number; min: number; max: number }) =>
      `${round(s.median, 0)} ms (${round(s.min, 0)}–${round(s.max, 0)})`;
    const met = initialKb <= chatViewBudgetKb && fp.long.median <= 2 * fp.short.median + 100 && frames.p90 <= 20;
    return {
      name: "10. Chat window (chromium)",
      goal: `open 2,000 ≈ 20 messages; scroll p90 ≤ 20 ms/frame; chat view ≤ ${chatViewBudgetKb} KB gz`,
      met,
      rows: [
        { metric: "open 2,000 messages: first paint", value: ms(fp.long) },
        { metric: "open 20 messages: first paint (baseline)", value: ms(fp.short) },
        { metric: "open 2,000 messages: interactive", value: ms(ti.long) },
        { metric: "open 20 messages: interactive (baseline)", value: ms(ti.short) },
        {
          metric: "scroll 2,000 messages: frame time",
          value: `median ${round(frames.median, 1)} ms, p90 ${round(frames.p90, 1)} ms, max ${round(frames.max, 0)} ms (${frames.n} frames)`,
        },
        {
          metric: `stream ${deltaCount.toLocaleString("en")} deltas: main-thread busy per delta`,
          value: `${round(perDeltaUs, 1)} µs (${round(shown.wallMs / 1000, 1)} s wall, ${streamed?.length ?? 0} characters shown)`,
        },
        {
          metric: "same deltas to a session not shown (transport + parsing)",
          value: `${round(baselineUs, 1)} µs (${round(hidden.wallMs / 1000, 1)} s wall)`,
        },
        {
          metric: "chat view, gzipped (what opening it loads)",
          value: `${round(initialKb, 1)} KB in ${initial.length} files`,
        },
        { metric: "lazy chunks loaded later (highlighter…)", value: `${round(lazyKb, 1)} KB in ${lazy.length} files` },
      ],
      raw: { long, short, frames, shown, hidden, perDeltaUs, baselineUs, initial, initialKb, lazy, lazyKb },
    };
  } finally {
    await browser.close();
    await backend.close();
  }
}

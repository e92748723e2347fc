// Benchmark 10: the chat window in chromium (playwright-core), against a fake backend that serves
// the built UI and answers the chat API from memory, so only the window is measured:
//  - opening a 2,000-message session vs a 20-message one (first paint, interactive), alternated;
//  - scrolling through the 2,000 messages (frame times, main-thread time a frame) against idle
//    frames of the same page in the same run, as is and under 4x CPU throttling (a busy machine);
//  - 20,000 streamed deltas: main-thread busy time per delta, against the same deltas sent to a
//    session that is not shown (transport and parsing only) in the same run;
//  - the gzipped size of what the chat view loads, and of its lazy chunks.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { chromium } from "playwright-core";
import { chromiumArgs, chromiumPath } from "../apps/web/test/chromium.ts";
import { ensureWebBuild } from "../scripts/ensureWebBuild.ts";
import { dist, fakeBackend } from "./chatWindowBackend.ts";
import { onTimeFrameMs, openChat, openSession, pageClock, runFrames, streamInto } from "./chatWindowPage.ts";
import type { BenchResult } from "./context.ts";
import { round, summarize } from "./stats.ts";

/** The budget for what opening the chat window downloads, gzipped (README). */
export const chatViewBudgetKb = 260;

/** Frame intervals as read in the README: median, p90, the share on time, main-thread time a frame. */
function frameFigures(run: { intervals: number[]; busyPerFrameMs: number }) {
  const s = summarize(run.intervals);
  const onTime = run.intervals.filter((f) => f <= onTimeFrameMs).length / Math.max(1, run.intervals.length);
  return { ...s, onTime, busyPerFrameMs: run.busyPerFrameMs };
}
type FrameFigures = ReturnType<typeof frameFigures>;
const frameText = (f: FrameFigures) =>
  `median ${round(f.median, 1)} ms, p90 ${round(f.p90, 1)} ms, ${round(f.onTime * 100, 0)} % on time, ${round(f.busyPerFrameMs, 1)} ms busy a frame (${f.n} frames)`;

function gzipKb(file: string): number {
  return gzipSync(readFileSync(join(dist, file))).length / 1024;
}

export async function benchChatWindow(runs: number, deltaCount = 20_000): Promise<BenchResult> {
  if (!process.env.BENCH_WEB_DIST) ensureWebBuild();
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
    let page = await openChat(context, backend.url);
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
        page = await openChat(context, backend.url);
        const opened = await openSession(page, title, last);
        if (i === 0) continue; // warm-up
        target.firstPaint.push(opened.firstPaintMs);
        target.interactive.push(opened.interactiveMs);
      }
    }

    // Scrolling the long session from the bottom up right after opening it, then idle frames of
    // the same page (the baseline); as is, then with the CPU throttled 4x.
    const scroll: { rate: number; moving: FrameFigures; idle: FrameFigures }[] = [];
    for (const rate of [1, 4]) {
      page = await openChat(context, backend.url);
      await openSession(page, "Long session", "That is all for step 1999.");
      const clock = await pageClock(page);
      await clock.throttle(rate);
      const moving = frameFigures(await runFrames(page, clock, "scroll"));
      const idle = frameFigures(await runFrames(page, clock, "idle", moving.n + 2));
      await clock.throttle(1);
      scroll.push({ rate, moving, idle });
    }
    const frames = scroll[0]?.moving ?? frameFigures({ intervals: [], busyPerFrameMs: 0 });

    // The lazy chunks, now that code blocks made the highlighter load.
    const lazy = [...loaded].filter((f) => !initial.includes(f));
    const lazyKb = lazy.reduce((sum, f) => sum + gzipKb(f), 0);

    // 20,000 deltas: into the open session, and (baseline) into one that is not shown.
    page = await openChat(context, backend.url);
    await openSession(page, "Short session", "That is all for step 19.");
    const clock = await pageClock(page);
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
        ...scroll.flatMap(({ rate, moving, idle }) => {
          const how = rate === 1 ? "" : ` (CPU ${rate}x slower)`;
          return [
            { metric: `scroll 2,000 messages, 300 px a frame${how}`, value: frameText(moving) },
            {
              metric: `idle frames of the same page${how} (baseline)`,
              value: `${frameText(idle)}; scroll p90 / idle p90 = ${round(moving.p90 / idle.p90, 2)}`,
            },
          ];
        }),
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
      raw: { long, short, scroll, shown, hidden, perDeltaUs, baselineUs, initial, initialKb, lazy, lazyKb },
    };
  } finally {
    await browser.close();
    await backend.close();
  }
}

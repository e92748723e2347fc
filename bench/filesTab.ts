// The Files tab's tree in chromium, outside `npm run bench` (run it alone: `/work/wt/quiet-run npx
// tsx bench/filesTab.ts`): a folder of 5,000 files answered from memory by benchmark 10's fake
// backend (paged as the backend pages it: folderPage.ts), so only the window is measured. For each
// build (FILES_TAB_BEFORE=<a dist folder> adds an older one, alternated with this one): from the
// click on the folder to the frame showing its first entry, the page's main-thread time meanwhile,
// the rows in the page then, and whether its last entry can be reached (Show more, scrolled to).
import { loadavg } from "node:os";
import type { FileTreeEntry, GitWorkState } from "@turnkey/contracts";
import { chromium, type Page } from "playwright-core";
import { folderPage } from "../apps/backend/src/files/folderPage.ts";
import { chromiumArgs, chromiumPath } from "../apps/web/test/chromium.ts";
import { ensureWebBuild } from "../scripts/ensureWebBuild.ts";
import { dist, fakeBackend } from "./chatWindowBackend.ts";
import { frameShowing, openChat, openSession, pageClock } from "./chatWindowPage.ts";
import { round, summarize } from "./stats.ts";

const count = Number(process.env.FILES_TAB_ENTRIES ?? 5_000);
const runs = Number(process.env.FILES_TAB_RUNS ?? 7);
const width = String(count - 1).length;
const name = (i: number) => `f${String(i).padStart(width, "0")}.txt`;
const folder: FileTreeEntry[] = Array.from({ length: count }, (_, i) => ({
  name: name(i),
  path: `out/${name(i)}`,
  type: "file",
  ignored: false,
}));
const root: FileTreeEntry[] = [
  { name: "out", path: "out", type: "directory", ignored: false },
  { name: "README.md", path: "README.md", type: "file", ignored: false },
];
const gitState: GitWorkState = {
  branch: "main",
  head: { hash: "a".repeat(40), shortHash: "aaaaaaa", subject: "init" },
  upstream: null,
  ahead: 0,
  behind: 0,
  branches: ["main"],
  remotes: [],
  files: [],
};

function answer(url: URL): unknown {
  if (url.pathname.endsWith("/git/state")) return gitState;
  if (url.pathname.endsWith("/git")) return { files: [] };
  if (!url.pathname.endsWith("/tree")) return undefined;
  const path = url.searchParams.get("path") ?? "";
  const after = url.searchParams.get("after") ?? undefined;
  const filter = url.searchParams.get("filter") ?? undefined;
  const page = folderPage(path === "out" ? folder : root, { size: 2_000, after, filter });
  return { path, ...page };
}

/** Click → a frame after `text` is in the page, in ms. */
async function clickUntilShown(page: Page, click: () => Promise<void>, text: string): Promise<number> {
  const t0 = await page.evaluate(() => performance.now());
  await click();
  return (await frameShowing(page, text)) - t0;
}

/** Show more and scroll to the end until the last entry is in the page (or nothing more is offered). */
async function reachLast(page: Page): Promise<boolean> {
  const panel = page.getByRole("complementary", { name: "Session details" });
  for (let i = 0; i < 100; i++) {
    await panel.locator(".file-tree-root").evaluate((el) => {
      el.scrollTop = el.scrollHeight;
    });
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    if ((await panel.getByRole("button", { name: name(count - 1), exact: true }).count()) > 0) return true;
    const more = panel.getByRole("button", { name: /^Show .* more$/ }).last();
    if ((await more.count()) === 0) return false;
    await more.click();
  }
  return false;
}

async function measure(page: Page) {
  await openSession(page, "Short session", "That is all for step 19.");
  await page.getByRole("tab", { name: "Files" }).click();
  const panel = page.getByRole("complementary", { name: "Session details" });
  const out = panel.getByRole("button", { name: "▸ out" });
  await out.waitFor();
  const clock = await pageClock(page);
  const busyBefore = await clock.taskSeconds();
  const openMs = await clickUntilShown(page, () => out.click(), name(0));
  await page.evaluate(() => new Promise((r) => setTimeout(r, 300)));
  const busyMs = ((await clock.taskSeconds()) - busyBefore) * 1000;
  await clock.close();
  const rows = await panel.locator(".file-entry").count();
  const elements = await panel.locator(".file-tree-root *").count();
  return { openMs, busyMs, rows, elements };
}

if (!process.env.FILES_TAB_NO_BUILD) ensureWebBuild();
const builds = [
  ...(process.env.FILES_TAB_BEFORE ? [{ label: "before", dist: process.env.FILES_TAB_BEFORE }] : []),
  { label: "this build", dist },
];
const backends = await Promise.all(builds.map((b) => fakeBackend({ extra: answer, dist: b.dist })));
const browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
const load = () =>
  loadavg()
    .map((n) => n.toFixed(2))
    .join(" ");
try {
  console.log(`${count.toLocaleString("en")} entries in one folder, ${runs} opens each; load average ${load()}`);
  const samples = builds.map(() => ({ openMs: [] as number[], busyMs: [] as number[], rows: 0, elements: 0 }));
  const context = await browser.newContext({ viewport: { width: 1180, height: 760 } });
  await context.addInitScript({ content: "globalThis.__name = (f) => f;" });
  for (let run = 0; run < runs + 1; run++) {
    for (const [i, backend] of backends.entries()) {
      const page = await openChat(context, backend.url);
      const figures = await measure(page);
      if (run === 0) continue; // a warm-up of each
      const s = samples[i]!;
      s.openMs.push(figures.openMs);
      s.busyMs.push(figures.busyMs);
      s.rows = figures.rows;
      s.elements = figures.elements;
    }
  }
  for (const [i, build] of builds.entries()) {
    const s = samples[i]!;
    const open = summarize(s.openMs);
    const busy = summarize(s.busyMs);
    const page = await openChat(context, backends[i]!.url);
    await measure(page);
    const reached = await reachLast(page);
    console.log(
      `${build.label}: open ${round(open.median, 0)} ms (${round(open.min, 0)}–${round(open.max, 0)}), main thread ${round(busy.median, 0)} ms (${round(busy.min, 0)}–${round(busy.max, 0)}), ${s.rows} rows drawn (${s.elements} elements), last entry reachable: ${reached ? "yes" : "no"}`,
    );
  }
  console.log(`load average at the end: ${load()}`);
} finally {
  await browser.close();
  await Promise.all(backends.map((b) => b.close()));
}

// The Files tab's change list in chromium at 50,000 changed files, outside `npm run bench` (run it
// alone: `/work/wt/quiet-run npx tsx bench/filesTabChanges.ts`): benchmark 10's fake backend answers
// the change list from memory (paged and filtered as the backend does: changeList.ts), so only the
// window is measured. For each build (FILES_TAB_BEFORE=<a dist folder> adds an older one, alternated
// with this one): from the click on the Files tab to the frame showing the first changed file and
// the page's main-thread time meanwhile; then with 2,000 files held (nine "Show more"), the rows in
// the page and the main-thread time of a Refresh (what a reply's end costs); and whether one file
// of the 50,000 can be found by its path.
import { loadavg } from "node:os";
import type { FileChange, GitWorkState } from "@turnkey/contracts";
import { chromium, type Page } from "playwright-core";
import { changePage } from "../apps/backend/src/git/changeList.ts";
import { chromiumArgs, chromiumPath } from "../apps/web/test/chromium.ts";
import { ensureWebBuild } from "../scripts/ensureWebBuild.ts";
import { dist, fakeBackend } from "./chatWindowBackend.ts";
import { frameShowing, openChat, openSession, pageClock } from "./chatWindowPage.ts";
import { round, summarize } from "./stats.ts";

const count = Number(process.env.FILES_TAB_CHANGES ?? 50_000);
const runs = Number(process.env.FILES_TAB_RUNS ?? 5);
const width = String(count - 1).length;
const pathOf = (i: number) => `out/f${String(i).padStart(width, "0")}.txt`;
const changes: FileChange[] = Array.from({ length: count }, (_, i) => ({
  path: pathOf(i),
  status: "added",
  additions: 1,
  deletions: 0,
  patch: null,
}));
// The commit form is left empty here: only the change list is measured.
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
  if (url.pathname.endsWith("/tree")) return { path: "", entries: [] };
  if (!url.pathname.endsWith("/git")) return undefined;
  const q = url.searchParams;
  const page = changePage(changes, {
    limit: Number(q.get("limit") ?? 2_000),
    cap: 2_000,
    after: q.get("after") ?? undefined,
    filter: q.get("filter") ?? undefined,
  });
  return page.more > 0 ? page : { files: page.files };
}

/** Two frames after the page's work settles. */
const settle = (page: Page) =>
  page.evaluate(() => new Promise((r) => setTimeout(() => requestAnimationFrame(() => requestAnimationFrame(r)), 300)));

async function measure(page: Page) {
  await openSession(page, "Short session", "That is all for step 19.");
  const panel = page.getByRole("complementary", { name: "Session details" });
  const clock = await pageClock(page);
  let busy = await clock.taskSeconds();
  const t0 = await page.evaluate(() => performance.now());
  await page.getByRole("tab", { name: "Files" }).click();
  const openMs = (await frameShowing(page, pathOf(0))) - t0;
  await settle(page);
  const openBusyMs = ((await clock.taskSeconds()) - busy) * 1000;
  const changesList = panel.getByRole("region", { name: "Uncommitted changes" });
  for (let held = 200; held < 2_000; held += 200) {
    await changesList.getByRole("button", { name: "Show 200 more" }).click();
    await changesList.getByText(`${(count - held - 200).toLocaleString("en")} more changed files`).waitFor();
  }
  await settle(page);
  const rows = await changesList.locator(".change-file").count();
  busy = await clock.taskSeconds();
  await changesList.getByRole("button", { name: "Refresh" }).click();
  await settle(page);
  await changesList.getByText(`${(count - 2_000).toLocaleString("en")} more changed files`).waitFor();
  await settle(page);
  const refreshBusyMs = ((await clock.taskSeconds()) - busy) * 1000;
  await clock.close();
  return { openMs, openBusyMs, rows, refreshBusyMs };
}

/** Whether the last changed file can be found by typing its name (a path filter). */
async function findsLast(page: Page): Promise<boolean> {
  const box = page.getByRole("searchbox", { name: "Filter the changed files by path" });
  if ((await box.count()) === 0) return false;
  await box.fill(pathOf(count - 1).slice(4));
  const last = page.getByRole("button", { name: pathOf(count - 1), exact: true });
  return last.waitFor({ timeout: 10_000 }).then(
    () => true,
    () => false,
  );
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
  console.log(`${count.toLocaleString("en")} changed files, ${runs} runs each; load average ${load()}`);
  type Figures = Awaited<ReturnType<typeof measure>>;
  const samples = builds.map(() => [] as Figures[]);
  const context = await browser.newContext({ viewport: { width: 1180, height: 760 } });
  await context.addInitScript({ content: "globalThis.__name = (f) => f;" });
  for (let run = 0; run < runs + 1; run++) {
    for (const [i, backend] of backends.entries()) {
      const figures = await measure(await openChat(context, backend.url));
      if (run > 0) samples[i]!.push(figures); // the first of each is a warm-up
    }
  }
  const range = (values: number[]) => {
    const s = summarize(values);
    return `${round(s.median, 0)} ms (${round(s.min, 0)}–${round(s.max, 0)})`;
  };
  for (const [i, build] of builds.entries()) {
    const s = samples[i]!;
    const page = await openChat(context, backends[i]!.url);
    await openSession(page, "Short session", "That is all for step 19.");
    await page.getByRole("tab", { name: "Files" }).click();
    await frameShowing(page, pathOf(0));
    const found = await findsLast(page);
    console.log(
      `${build.label}: tab to first changed file ${range(s.map((f) => f.openMs))}, main thread ${range(s.map((f) => f.openBusyMs))}; with 2,000 held: ${s[0]?.rows} rows in the page, a Refresh's main thread ${range(s.map((f) => f.refreshBusyMs))}; the last file found by its path: ${found ? "yes" : "no"}`,
    );
  }
  console.log(`load average at the end: ${load()}`);
} finally {
  await browser.close();
  await Promise.all(backends.map((b) => b.close()));
}

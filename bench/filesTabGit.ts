// The Files tab's git reads in a big project, outside `npm run bench` (run it alone:
// `/work/wt/quiet-run npx tsx bench/filesTabGit.ts`): a repository with FILES_TAB_FILES (default
// 50,000) new empty files in a build folder and one edited tracked file, read through ProjectGit as
// the routes do. Opening one file's patch, a tracked and a new one, and the change list's first
// page and a later one. Prints each figure's median (min–max) with the load average.
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { ProjectGit } from "../apps/backend/src/git/projectGit.ts";
import { round, summarize } from "./stats.ts";

const count = Number(process.env.FILES_TAB_FILES ?? 50_000);
const runs = Number(process.env.FILES_TAB_RUNS ?? 7);
const root = mkdtempSync(join(tmpdir(), "turnkey-bench-git-"));
const load = () =>
  loadavg()
    .map((n) => n.toFixed(2))
    .join(" ");

try {
  const project = join(root, "project");
  mkdirSync(join(project, "out"), { recursive: true });
  const git = (...args: string[]) =>
    execFileSync("git", ["-c", "user.email=b@example.com", "-c", "user.name=B", ...args], { cwd: project });
  git("init", "-q", "-b", "main");
  writeFileSync(join(project, "README.md"), "one\ntwo\n");
  git("add", "-A");
  git("commit", "-qm", "init");
  writeFileSync(join(project, "README.md"), "one\nTWO\n");
  for (let i = 0; i < count; i++) writeFileSync(join(project, "out", `f${String(i).padStart(5, "0")}.txt`), "");
  const last = `out/f${String(count - 1).padStart(5, "0")}.txt`;
  const projectGit = new ProjectGit({ folderOf: async () => project, privateFolders: [], providerKeyNames: () => [] });
  const time = async (work: () => Promise<unknown>) => {
    const samples: number[] = [];
    await work(); // warm the file system cache
    for (let i = 0; i < runs; i++) {
      const t0 = performance.now();
      await work();
      samples.push(performance.now() - t0);
    }
    const s = summarize(samples);
    return `${round(s.median, 0)} ms (${round(s.min, 0)}–${round(s.max, 0)})`;
  };
  console.log(`${count.toLocaleString("en")} new files, ${runs} runs each; load average at start: ${load()}`);
  console.log(`one tracked file's patch: ${await time(() => projectGit.diff("ses", "README.md"))}`);
  console.log(`one new file's patch: ${await time(() => projectGit.diff("ses", last))}`);
  console.log(`the change list's first page (200): ${await time(() => projectGit.changes("ses", 200))}`);
  console.log(`load average at the end: ${load()}`);
} finally {
  rmSync(root, { recursive: true, force: true });
}

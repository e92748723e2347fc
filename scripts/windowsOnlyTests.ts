// The tests that can only run on Windows (a real job object, PowerShell, opencode.exe killed with its
// backend), run by the Windows workflow as a step of their own that fails unless each of them ran
// and passed. `npm test` passes a file whose Windows tests were skipped, so a wrong platform test, a
// renamed title or a vitest filter would leave them silently unrun there; here a skipped or missing
// one is a failure that names it. scripts/workflows.test.ts holds every `runIf(<Windows>)` test of
// the repository to this list, so a new one cannot be left out of it.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { isMain } from "./isMain.ts";

export interface WindowsOnlyTest {
  /** Relative to the repository, `/`-separated. */
  file: string;
  /** A describe or test title: every test under it (or the test itself) must pass. */
  title: string;
}

export const windowsOnlyTests: readonly WindowsOnlyTest[] = [
  { file: "packages/sidecar/src/windowsJob.test.ts", title: "a real job object" },
  { file: "packages/sidecar/src/launchProgram.test.ts", title: "on Windows, real programs" },
  { file: "apps/backend/src/terminal/shellLaunch.test.ts", title: "the Windows wrapper, run in Windows PowerShell" },
  {
    file: "apps/backend/test/terminal.test.ts",
    title: "runs Windows PowerShell in the project folder that answers what is typed, and closes",
  },
  {
    file: "apps/backend/test/terminal.test.ts",
    title: "gives Windows PowerShell and what it starts none of the secrets",
  },
  { file: "apps/backend/src/goals/goalCheck.test.ts", title: "a goal's check, run by cmd.exe on Windows" },
  {
    file: "apps/backend/src/customize/skillFiles.test.ts",
    title: "a skill's removal on Windows, with a junction inside",
  },
  {
    file: "apps/backend/test/gitLeftRunning.test.ts",
    title: "git left running (Windows: git in the backend's own job, review 6 W1)",
  },
  {
    file: "apps/backend/test/cli.test.ts",
    title: "prints one ready line, drives the real sidecar, and a backend killed outright takes opencode.exe with it",
  },
];

/** What vitest's json reporter writes, as far as this check reads it. */
export interface VitestJsonReport {
  testResults: { name: string; assertionResults: { ancestorTitles: string[]; title: string; status: string }[] }[];
}

/** One sentence for each listed test that did not run and pass; none when all did. */
export function unmetWindowsTests(report: VitestJsonReport, expected: readonly WindowsOnlyTest[]): string[] {
  const problems: string[] = [];
  for (const { file, title } of expected) {
    const results = report.testResults.find((r) => r.name.replaceAll("\\", "/").endsWith(`/${file}`));
    const tests = (results?.assertionResults ?? []).filter(
      (t) => t.title === title || t.ancestorTitles.includes(title),
    );
    if (tests.length === 0) {
      problems.push(`"${title}" (${file}) was not found in the run: its title or file changed; update this list.`);
      continue;
    }
    for (const t of tests.filter((t) => t.status !== "passed"))
      problems.push(`"${[...t.ancestorTitles, t.title].join(" > ")}" (${file}) ${t.status}, and must pass on Windows.`);
  }
  return problems;
}

/** vitest's -t pattern: any of the titles, literally. */
export function titlePattern(expected: readonly WindowsOnlyTest[]): string {
  return [...new Set(expected.map((t) => t.title.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")))].join("|");
}

if (isMain(import.meta)) {
  if (process.platform !== "win32") {
    process.stderr.write("These tests run only on Windows; this is not Windows.\n");
    process.exit(1);
  }
  const root = join(import.meta.dirname, "..");
  const out = mkdtempSync(join(tmpdir(), "windows-only-"));
  const reportFile = join(out, "report.json");
  // vitest's own entry run by this node: no npx.cmd, which Node refuses to spawn without a shell
  // (CVE-2024-27980, Node's child_process docs on .bat and .cmd files).
  const vitest = join(root, "node_modules", "vitest", "vitest.mjs");
  const files = [...new Set(windowsOnlyTests.map((t) => t.file))];
  const run = spawnSync(
    process.execPath,
    [
      vitest,
      "run",
      ...files,
      "-t",
      titlePattern(windowsOnlyTests),
      "--reporter=default",
      "--reporter=json",
      `--outputFile.json=${reportFile}`,
    ],
    { cwd: root, stdio: "inherit" },
  );
  let problems: string[];
  try {
    problems = unmetWindowsTests(JSON.parse(readFileSync(reportFile, "utf8")) as VitestJsonReport, windowsOnlyTests);
  } catch (error) {
    problems = [`vitest wrote no report (${(error as Error).message}); its output is above.`];
  }
  rmSync(out, { recursive: true, force: true });
  for (const problem of problems) process.stderr.write(`${problem}\n`);
  if (problems.length === 0)
    process.stderr.write(`All ${windowsOnlyTests.length} Windows-only tests ran and passed.\n`);
  process.exit(problems.length > 0 || run.status !== 0 ? 1 : 0);
}

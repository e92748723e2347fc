// The Windows workflow's "every Windows-only test ran and passed" step, checked here where Windows
// is not: its list holds every test file that runs something only on Windows, each listed title is
// still in its file, and its verdict fails a skipped, failed or missing test.
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { titlePattern, unmetWindowsTests, type VitestJsonReport, windowsOnlyTests } from "./windowsOnlyTests.ts";

const root = join(import.meta.dirname, "..");

function testFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (entry.name === "node_modules" || entry.name === "dist" || entry.name.startsWith(".")) return [];
    const full = join(dir, entry.name);
    if (entry.isDirectory()) return testFiles(full);
    return /\.test\.tsx?$/.test(entry.name) ? [relative(root, full).split("\\").join("/")] : [];
  });
}

/** `runIf(<Windows>)` or `skipIf(<not Windows>)`, however the file names its platform test. */
const windowsOnly =
  /\.(?:runIf\(\s*(?:process\.platform\s*===\s*"win32"|onWindows|windows|isWindows)\s*\)|skipIf\(\s*(?:process\.platform\s*!==\s*"win32"|!onWindows|!windows|!isWindows)\s*\))/;

describe("the Windows-only tests' list", () => {
  it("names every test file that runs something only on Windows, and each title is still in its file", () => {
    const found = ["apps", "packages", "scripts", "bench"]
      .flatMap((dir) => testFiles(join(root, dir)))
      .filter((file) => file !== "scripts/windowsOnlyTests.test.ts")
      .filter((file) => windowsOnly.test(readFileSync(join(root, file), "utf8")));
    const listed = new Set(windowsOnlyTests.map((t) => t.file));
    expect(found.length).toBeGreaterThanOrEqual(5);
    expect(found.filter((file) => !listed.has(file))).toEqual([]);
    for (const { file, title } of windowsOnlyTests)
      expect(readFileSync(join(root, file), "utf8"), `${file}: ${title}`).toContain(JSON.stringify(title).slice(1, -1));
  });

  it("fails a skipped, failed or missing test by name, and passes when all passed", () => {
    const expected = [
      { file: "a/job.test.ts", title: "a real job" },
      { file: "b/shell.test.ts", title: "runs PowerShell" },
    ];
    const report = (jobStatus: string, shell = true): VitestJsonReport => ({
      testResults: [
        {
          name: "D:\\a\\repo\\a\\job.test.ts",
          assertionResults: [
            { ancestorTitles: ["a real job"], title: "holds a child", status: jobStatus },
            { ancestorTitles: ["a real job"], title: "ends it", status: "passed" },
            { ancestorTitles: [], title: "something else", status: "skipped" },
          ],
        },
        {
          name: "D:\\a\\repo\\b\\shell.test.ts",
          assertionResults: shell ? [{ ancestorTitles: ["terminal"], title: "runs PowerShell", status: "passed" }] : [],
        },
      ],
    });
    expect(unmetWindowsTests(report("passed"), expected)).toEqual([]);
    expect(unmetWindowsTests(report("skipped"), expected)).toEqual([
      '"a real job > holds a child" (a/job.test.ts) skipped, and must pass on Windows.',
    ]);
    expect(unmetWindowsTests(report("failed"), expected)).toHaveLength(1);
    expect(unmetWindowsTests(report("passed", false), expected)).toEqual([
      '"runs PowerShell" (b/shell.test.ts) was not found in the run: its title or file changed; update this list.',
    ]);
  });

  it("selects the listed tests by their literal titles", () => {
    const pattern = new RegExp(titlePattern(windowsOnlyTests));
    for (const { title } of windowsOnlyTests) expect(pattern.test(`src/x.test.ts ${title}`), title).toBe(true);
    expect(pattern.test("git left running (POSIX: git leads its own process group)")).toBe(false);
  });
});

// Searching a project's text with the real ripgrep (CI installs Debian's): plain text ignoring case,
// matches placed in the line (a character before them that takes two bytes in UTF-8 too), a
// regular expression and one ripgrep cannot read, hidden files searched but not `.git`,
// git-ignored files and the backend's data folder left out, long lines cut around the match; and
// without ripgrep, OpenCode asked to fetch its copy, then a sentence.
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { maxMatchLineChars } from "@turnkey/contracts";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ProjectGit } from "../git/projectGit.ts";
import { parseMatches, TextSearch, TextSearchError } from "./textSearch.ts";

let root: string;
let project: string;

beforeEach(() => {
  root = realpathSync(mkdtempSync(join(tmpdir(), "turnkey-text-search-")));
  project = join(root, "project");
  const files: Record<string, string> = {
    "src/app.ts": 'const greeting = "Hello";\nexport function Needle() {}\n',
    "docs/é-notes.md": "café needle here\n",
    ".github/workflow.yml": "name: needle\n",
    ".gitignore": "build/\n",
    "build/out.js": "needle in a build\n",
    ".git/config": "[needle]\n",
    "turnkey-data/secrets.json": '{"needle": "the data folder"}\n',
    "long.txt": `${"x".repeat(1000)}needle${"y".repeat(1000)}\n`,
  };
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(project, path, ".."), { recursive: true });
    writeFileSync(join(project, path), text);
  }
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

function searchIn(options: { isProgram?: (file: string) => boolean; fetched?: string[] } = {}) {
  const git = new ProjectGit({
    folderOf: async () => project,
    privateFolders: [join(project, "turnkey-data")],
    providerKeyNames: () => [],
  });
  return new TextSearch(git, {
    sidecarEnv: () => ({ XDG_DATA_HOME: join(root, "xdg") }),
    fetchRipgrep: async (folder) => {
      options.fetched?.push(folder);
    },
    ...(options.isProgram ? { isProgram: options.isProgram } : {}),
  });
}

const query = (q: string, extra: { case?: "true" | "false"; regex?: "true" | "false" } = {}) => ({
  q,
  case: "false" as const,
  regex: "false" as const,
  ...extra,
});

describe("searching the project's text", () => {
  it("finds text ignoring case in hidden and ordinary files, not in .git, git-ignored files or the data folder", async () => {
    const found = await searchIn().search("ses_1", query("needle"));
    const byPath = Object.fromEntries(found.matches.map((m) => [m.path, m]));
    expect(Object.keys(byPath).sort()).toEqual([".github/workflow.yml", "docs/é-notes.md", "long.txt", "src/app.ts"]);
    expect(byPath["src/app.ts"]).toEqual({
      path: "src/app.ts",
      line: 2,
      text: "export function Needle() {}",
      ranges: [[16, 22]],
    });
    // "café " is six bytes in UTF-8 and five characters: the match starts at character 5.
    expect(byPath["docs/é-notes.md"]).toMatchObject({ text: "café needle here", ranges: [[5, 11]] });
    expect(found).toMatchObject({ cut: null, unreadable: null });
  });

  it("cuts a long line around its match, the range moved with it", async () => {
    const found = await searchIn().search("ses_1", query("needle"));
    const long = found.matches.find((m) => m.path === "long.txt");
    expect(long?.text.length).toBeLessThanOrEqual(maxMatchLineChars + 2);
    const [start, end] = long?.ranges[0] ?? [0, 0];
    expect(long?.text.slice(start, end)).toBe("needle");
    expect(long?.text.startsWith("…x")).toBe(true);
  });

  it("matches case when asked, takes a regular expression, and refuses one ripgrep cannot read with a sentence", async () => {
    const search = searchIn();
    expect((await search.search("ses_1", query("needle", { case: "true" }))).matches.map((m) => m.path)).not.toContain(
      "src/app.ts",
    );
    const regex = await search.search("ses_1", query("Hel+o", { regex: "true" }));
    expect(regex.matches.map((m) => [m.path, m.line])).toEqual([["src/app.ts", 1]]);
    // Plain text is taken as it is: "Hel+o" is not in any file.
    expect((await search.search("ses_1", query("Hel+o"))).matches).toEqual([]);
    // A pattern that looks like an option is still a pattern.
    expect((await search.search("ses_1", query("--files"))).matches).toEqual([]);
    const refused = await search.search("ses_1", query("(unclosed", { regex: "true" })).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(TextSearchError);
    expect(refused).toMatchObject({ httpStatus: 400, code: "invalid_request" });
    expect((refused as Error).message).toMatch(/^That is not a regular expression ripgrep can read: .*Turn off/);
  });

  it("asks OpenCode to fetch its ripgrep when there is none, and says what to do when that did not help", async () => {
    const fetched: string[] = [];
    const refused = await searchIn({ isProgram: () => false, fetched })
      .search("ses_1", query("needle"))
      .catch((e: unknown) => e);
    expect(fetched).toEqual([project]);
    expect(refused).toMatchObject({ httpStatus: 503, code: "search_unavailable" });
    expect((refused as Error).message).toMatch(/needs ripgrep.*install ripgrep \(rg\) so that it is on PATH/);
  });

  it("takes OpenCode's own ripgrep before one on PATH", () => {
    const own = join(root, "xdg", "opencode", "bin", process.platform === "win32" ? "rg.exe" : "rg");
    const search = searchIn({ isProgram: (file) => file === own || file === "/usr/bin/rg" });
    expect(search.ripgrep({ env: { PATH: "/usr/bin" }, folder: project })).toBe(own);
  });
});

describe("ripgrep's answer", () => {
  it("names Windows paths with forward slashes, skips a line that is not UTF-8 and the line the output cap cut", () => {
    const match = (path: string) =>
      JSON.stringify({
        type: "match",
        data: {
          path: { text: path },
          lines: { text: "a needle\r\n" },
          line_number: 3,
          submatches: [{ start: 2, end: 8 }],
        },
      });
    const bytes = JSON.stringify({
      type: "match",
      data: { path: { text: "b.bin" }, lines: { bytes: "/w==" }, line_number: 1 },
    });
    const output = [match(".\\src\\a.ts"), bytes, match("./c.txt").slice(0, 40)].join("\n");
    expect(parseMatches(output, "win32")).toEqual([{ path: "src/a.ts", line: 3, text: "a needle", ranges: [[2, 8]] }]);
  });

  it("marks 50 matches of a line at most, each in its place, whatever the line holds", () => {
    const text = "é-".repeat(10_000);
    const submatches = Array.from({ length: 10_000 }, (_, i) => ({ start: i * 3, end: i * 3 + 2 }));
    const line = JSON.stringify({
      type: "match",
      data: { path: { text: "./min.js" }, lines: { text }, line_number: 1, submatches },
    });
    const [match] = parseMatches(line, "linux");
    expect(match?.ranges).toHaveLength(50);
    for (const [start, end] of match?.ranges ?? []) expect(match?.text.slice(start, end)).toBe("é");
  });
});

it("says ripgrep could not run when OpenCode's copy is not a program, rather than finding nothing", async () => {
  const own = join(root, "xdg", "opencode", "bin", process.platform === "win32" ? "rg.exe" : "rg");
  mkdirSync(join(own, ".."), { recursive: true });
  writeFileSync(own, "half a download", { mode: 0o644 });
  const refused = await searchIn()
    .search("ses_1", query("needle"))
    .catch((e: unknown) => e);
  expect(refused).toMatchObject({ httpStatus: 503, code: "search_unavailable" });
  expect((refused as Error).message).toMatch(/could not run/);
});

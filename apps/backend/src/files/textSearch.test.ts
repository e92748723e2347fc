// Searching a project's text with the real ripgrep (CI installs Debian's): plain text ignoring case,
// matches placed in the line (a character before them that takes two bytes in UTF-8 too), a
// regular expression and one ripgrep cannot read, hidden files searched but not `.git`,
// git-ignored files and the backend's data folder left out, long lines cut around the match; and
// without ripgrep, OpenCode asked to fetch its copy, then a sentence.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { getRequestListener } from "@hono/node-server";
import { maxMatchLineChars } from "@turnkey/contracts";
import { signalZeroAlive } from "@turnkey/sidecar";
import { Hono } from "hono";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { ProjectGit } from "../git/projectGit.ts";
import { fileRoutes } from "../routes/files.ts";
import type { ProjectFiles } from "./projectFiles.ts";
import { literalGlob, parseMatches, ripgrepRetryMs, TextSearch, TextSearchError } from "./textSearch.ts";

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

function searchIn(
  options: {
    isProgram?: (file: string) => boolean;
    fetched?: string[];
    fetchRipgrep?: (folder: string) => Promise<boolean>;
    now?: () => number;
    privateFolder?: string;
  } = {},
) {
  const git = new ProjectGit({
    folderOf: async () => project,
    privateFolders: [join(project, options.privateFolder ?? "turnkey-data")],
    providerKeyNames: () => [],
  });
  return new TextSearch(git, {
    sidecarEnv: () => ({ XDG_DATA_HOME: join(root, "xdg") }),
    fetchRipgrep:
      options.fetchRipgrep ??
      (async (folder) => {
        options.fetched?.push(folder);
        return true;
      }),
    ...(options.isProgram ? { isProgram: options.isProgram } : {}),
    ...(options.now ? { now: options.now } : {}),
  });
}

/** OpenCode's ripgrep path in the test's data folder. */
const ownRipgrep = () => join(root, "xdg", "opencode", "bin", process.platform === "win32" ? "rg.exe" : "rg");

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
    // A line break typed as an escape: ripgrep refuses it, which is the pattern's fault, not the files'.
    const lineBreak = await search.search("ses_1", query("a\\nb", { regex: "true" })).catch((e: unknown) => e);
    expect(lineBreak).toMatchObject({ httpStatus: 400, code: "invalid_request" });
    expect((lineBreak as Error).message).toMatch(/cannot hold a line break/);
  });

  it("asks OpenCode to fetch its ripgrep when there is none, and says what to do when that did not help", async () => {
    const fetched: string[] = [];
    const refused = await searchIn({ isProgram: () => false, fetched })
      .search("ses_1", query("needle"))
      .catch((e: unknown) => e);
    expect(fetched).toEqual([project]);
    // OpenCode answered, yet no ripgrep is where the backend looks: it has one of its own elsewhere.
    expect(refused).toMatchObject({ httpStatus: 503, code: "search_unavailable" });
    expect((refused as Error).message).toMatch(
      /one the backend does not find.*Install ripgrep \(rg\) so that it is on PATH/,
    );
  });

  it("takes OpenCode's own ripgrep before one on PATH", () => {
    const own = ownRipgrep();
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
  const own = ownRipgrep();
  mkdirSync(join(own, ".."), { recursive: true });
  writeFileSync(own, "half a download", { mode: 0o644 });
  const refused = await searchIn()
    .search("ses_1", query("needle"))
    .catch((e: unknown) => e);
  expect(refused).toMatchObject({ httpStatus: 503, code: "search_unavailable" });
  expect((refused as Error).message).toMatch(/could not run/);
});

it("leaves out a data folder whose name holds glob characters, and only it: a folder of a similar name is searched", async () => {
  // Unescaped, `!/td[1]` is a glob for "td1": ripgrep would skip that ordinary folder instead.
  for (const folder of ["td[1]", "td1"]) {
    mkdirSync(join(project, folder));
    writeFileSync(join(project, folder, "notes.txt"), `needle in ${folder}\n`);
  }
  const found = await searchIn({ privateFolder: "td[1]" }).search("ses_1", query("needle in"));
  expect(found.matches.map((m) => m.path)).toEqual(["td1/notes.txt"]);
  if (process.platform !== "win32") {
    // A name ending in a space (POSIX only): ripgrep drops a glob's trailing spaces.
    for (const folder of ["sp ", "sp"]) {
      mkdirSync(join(project, folder));
      writeFileSync(join(project, folder, "notes.txt"), `spaced needle in ${folder}\n`);
    }
    const spaced = await searchIn({ privateFolder: "sp " }).search("ses_1", query("spaced needle"));
    expect(spaced.matches.map((m) => m.path)).toEqual(["sp/notes.txt"]);
  }
  expect(literalGlob("a\\[b]\\c*?{d,e}", "win32")).toBe("a/[[]b[]]/c[*][?][{]d,e[}]");
  expect(literalGlob("a\\b", "linux")).toBe("a\\\\b");
  // ripgrep drops a glob's trailing spaces: a data folder named "sp " would leave out "sp" instead.
  expect(literalGlob("sp ", "linux")).toBe("sp[ ]");
});

it("says the answer was cut for size when the matching lines are too long to send them all", async () => {
  // Three minified bundles of 3.9 MB, each one line holding the text: more than runGit's 8 MB cap.
  for (const name of ["a", "b", "c"])
    writeFileSync(join(project, `${name}.min.js`), `${"x".repeat(3_900_000)}needle\n`);
  const found = await searchIn().search("ses_1", query("needle"));
  expect(found.cut).toBe("size");
  expect(found.matches.filter((m) => m.path.endsWith(".min.js")).length).toBeLessThan(3);
});

it("keeps a line cut around its match whole: no half of a character outside the BMP at either end", () => {
  const lone = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
  // The cut falls on the second half of an emoji: at the start of the first line, at the end of the second.
  for (const text of [`${"😀".repeat(400)}aneedle${"😀".repeat(400)}`, `aneedle${"😀".repeat(400)}`]) {
    const bytesBefore = Buffer.byteLength(text.slice(0, text.indexOf("needle")));
    const line = JSON.stringify({
      type: "match",
      data: {
        path: { text: "./emoji.txt" },
        lines: { text },
        line_number: 1,
        submatches: [{ start: bytesBefore, end: bytesBefore + 6 }],
      },
    });
    const [match] = parseMatches(line, "linux");
    expect(match?.text).not.toMatch(lone);
    const [start, end] = match?.ranges[0] ?? [0, 0];
    expect(match?.text.slice(start, end)).toBe("needle");
  }
});

describe("OpenCode's ripgrep, asked for when there is none", () => {
  it("asks once for searches that wait together, then says at once it is offline for a minute in that folder, then asks again", async () => {
    let now = 1_000_000;
    let asked = 0;
    let fail: () => void = () => undefined;
    const search = searchIn({
      isProgram: () => false,
      now: () => now,
      fetchRipgrep: () =>
        new Promise((_, reject) => {
          asked += 1;
          fail = () => reject(new Error("OpenCode's search failed"));
        }),
    });
    const first = search.search("ses_1", query("needle")).catch((e: unknown) => e);
    const second = search.search("ses_2", query("needle")).catch((e: unknown) => e);
    await vi.waitFor(() => expect(asked).toBe(1));
    fail();
    for (const refused of await Promise.all([first, second]))
      expect((refused as Error).message).toMatch(/offline.*in a minute/);
    expect(asked).toBe(1);
    now += ripgrepRetryMs - 1;
    const soon = await search.search("ses_1", query("needle")).catch((e: unknown) => e);
    expect(soon).toMatchObject({ httpStatus: 503, code: "search_unavailable" });
    expect((soon as Error).message).toMatch(/offline.*in a minute/);
    expect(asked).toBe(1);
    now += 2;
    const later = search.search("ses_1", query("needle")).catch((e: unknown) => e);
    await vi.waitFor(() => expect(asked).toBe(2));
    fail();
    expect(await later).toMatchObject({ code: "search_unavailable" });
  });

  it("answers a search that stops being wanted while OpenCode fetches ripgrep at once, the fetch going on for the others", async () => {
    let asked = 0;
    const search = searchIn({
      isProgram: () => false,
      fetchRipgrep: () => {
        asked += 1;
        return new Promise(() => {}); // a slow download
      },
    });
    const left = new AbortController();
    const mine = search.search("ses_1", query("needle"), left.signal).catch((e: unknown) => e);
    await vi.waitFor(() => expect(asked).toBe(1));
    left.abort();
    expect(await mine).toMatchObject({ httpStatus: 409, code: "search_stopped" });
    expect(asked).toBe(1);
  });

  it("says OpenCode is not running when it could not be asked, and asks at the next search", async () => {
    let asked = 0;
    const search = searchIn({
      isProgram: () => false,
      fetchRipgrep: async () => {
        asked += 1;
        return false;
      },
    });
    const refused = await search.search("ses_1", query("needle")).catch((e: unknown) => e);
    expect(refused).toMatchObject({ httpStatus: 503, code: "search_unavailable" });
    expect((refused as Error).message).toMatch(/OpenCode is not running\. Start OpenCode/);
    await search.search("ses_1", query("needle")).catch(() => undefined);
    expect(asked).toBe(2);
  });
});

// A stand-in ripgrep (a shell script: POSIX only) that hangs for the pattern "slow" and finds nothing otherwise.
describe.skipIf(process.platform === "win32")("one search per chat at a time", () => {
  function slowRipgrep() {
    const pidFile = join(root, "rg.pid");
    mkdirSync(join(ownRipgrep(), ".."), { recursive: true });
    writeFileSync(
      ownRipgrep(),
      `#!/bin/sh\nfor a in "$@"; do [ "$a" = slow ] && { echo $$ > '${pidFile}'; exec sleep 600; }; done\nexit 1\n`,
      { mode: 0o755 },
    );
    return pidFile;
  }

  /**
   * The stand-in's pid once it is written whole: the file exists as soon as the shell opens it, and
   * an empty one read as pid 0 (the whole process group, always alive: a CI failure).
   */
  async function recordedPid(pidFile: string): Promise<number> {
    await vi.waitFor(() => expect(existsSync(pidFile) && readFileSync(pidFile, "utf8")).toMatch(/^\d+\n$/), {
      timeout: 10_000,
      interval: 20,
    });
    return Number(readFileSync(pidFile, "utf8"));
  }

  it("ends the chat's running search when a newer one starts: the older says so, the newer answers", async () => {
    const pidFile = slowRipgrep();
    const search = searchIn();
    const older = search.search("ses_1", query("slow")).catch((e: unknown) => e);
    const pid = await recordedPid(pidFile);
    expect(await search.search("ses_1", query("quick"))).toMatchObject({ matches: [], cut: null });
    const refused = await older;
    expect(refused).toMatchObject({ httpStatus: 409, code: "search_stopped" });
    expect((refused as Error).message).toMatch(/A newer search/);
    await vi.waitFor(() => expect(signalZeroAlive(pid)).toBe(false), { timeout: 10_000, interval: 20 });
  });

  it("leaves another window's search of the same chat running (each box names itself)", async () => {
    const pidFile = slowRipgrep();
    const search = searchIn();
    const mine = search.search("ses_1", { ...query("slow"), asker: "window-a" }).catch((e: unknown) => e);
    const pid = await recordedPid(pidFile);
    await search.search("ses_1", { ...query("quick"), asker: "window-b" });
    expect(signalZeroAlive(pid)).toBe(true);
    await search.search("ses_1", { ...query("quick"), asker: "window-a" });
    expect(await mine).toMatchObject({ code: "search_stopped" });
  });

  it("ends ripgrep when the HTTP request goes away (the route passes the request's signal)", async () => {
    const pidFile = slowRipgrep();
    const app = new Hono();
    fileRoutes(app, {} as ProjectFiles, searchIn());
    const server = createServer(getRequestListener(app.fetch));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const left = new AbortController();
      const asked = fetch(
        `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/sessions/ses_1/search?q=slow`,
        {
          signal: left.signal,
        },
      ).catch((e: unknown) => e);
      const pid = await recordedPid(pidFile);
      left.abort();
      await asked;
      await vi.waitFor(() => expect(signalZeroAlive(pid)).toBe(false), { timeout: 10_000, interval: 20 });
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it("ends ripgrep when the asker stops waiting, and leaves another chat's search running", async () => {
    const pidFile = slowRipgrep();
    const search = searchIn();
    const left = new AbortController();
    const mine = search.search("ses_1", query("slow"), left.signal).catch((e: unknown) => e);
    const pid = await recordedPid(pidFile);
    // Another chat's search does not end this one.
    await search.search("ses_2", query("quick"));
    expect(signalZeroAlive(pid)).toBe(true);
    left.abort();
    expect(await mine).toMatchObject({ code: "search_stopped" });
    await vi.waitFor(() => expect(signalZeroAlive(pid)).toBe(false), { timeout: 10_000, interval: 20 });
  });
});

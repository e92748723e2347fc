// Searching the text of a chat's project files (the Files tab's "Find text in the files").
// OpenCode's own text search (`GET /find`) answers 10 matches at most, so ripgrep is run here: the
// program OpenCode itself searches with, its copy in OpenCode's data folder first (opencode's
// Global.Path.bin, `<XDG data>/opencode/bin/rg`, downloaded from GitHub the first time OpenCode
// searches), else one on PATH (an absolute entry, never the project folder: gitProgram.ts). Neither
// there: OpenCode is asked to search once, which makes it fetch its copy, and then looked for again.
//
// It runs as the Files tab's git does (ProjectGit's runner: a deadline, its tree ended with the
// backend, the scrubbed environment, no shell), with `--no-config` (RIPGREP_CONFIG_PATH ignored),
// hidden files searched but not `.git`, git-ignored files left out, links not followed (ripgrep's
// default, so nothing outside the folder is read), and the backend's data folder left out. The
// pattern goes after `--regexp`, so one that starts with `-` is a pattern, never an option.
import { join, relative } from "node:path";
import {
  type ErrorCode,
  maxMatchLineChars,
  maxTextMatches,
  type TextMatch,
  type TextSearchQuery,
  type TextSearchResponse,
  textSearchDeadlineMs,
} from "@turnkey/contracts";
import { opencodeFolder } from "@turnkey/sidecar";
import { findProgram, type IsProgram, isRegularFile } from "../git/gitProgram.ts";
import type { ProjectGit, Scope } from "../git/projectGit.ts";
import { isInside } from "./containment.ts";

export class TextSearchError extends Error {
  constructor(
    readonly httpStatus: 400 | 503,
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export interface TextSearchOptions {
  /** The environment OpenCode runs with (where its data folder, and so its ripgrep, is). */
  sidecarEnv: () => NodeJS.ProcessEnv;
  /** Has OpenCode search `folder` once, which makes it download its ripgrep when it has none. */
  fetchRipgrep: (folder: string) => Promise<void>;
  platform?: NodeJS.Platform;
  isProgram?: IsProgram;
}

/** How long OpenCode may take to download its ripgrep (a few MB from GitHub) when asked to search. */
export const ripgrepFetchMs = 60_000;

/** Matches read from one file at most: a minified bundle's thousand matches would crowd out the rest. */
const perFileMatches = 20;

export class TextSearch {
  constructor(
    private readonly git: ProjectGit,
    private readonly options: TextSearchOptions,
  ) {}

  private get platform() {
    return this.options.platform ?? process.platform;
  }

  /** OpenCode's ripgrep, else the one PATH gives; null when there is none. */
  ripgrep(scope: Pick<Scope, "env" | "folder">): string | null {
    const name = this.platform === "win32" ? "rg.exe" : "rg";
    const own = join(opencodeFolder("data", this.options.sidecarEnv(), this.platform), "bin", name);
    if ((this.options.isProgram ?? isRegularFile)(own)) return own;
    return findProgram("rg", scope.env, {
      platform: this.platform,
      projectFolder: scope.folder,
      ...(this.options.isProgram ? { isProgram: this.options.isProgram } : {}),
    });
  }

  async search(sessionID: string, query: TextSearchQuery): Promise<TextSearchResponse> {
    const scope = await this.git.scope(sessionID);
    let program = this.ripgrep(scope);
    if (program === null) {
      await this.options.fetchRipgrep(scope.folder).catch(() => undefined);
      program = this.ripgrep(scope);
    }
    if (program === null)
      throw new TextSearchError(
        503,
        "search_unavailable",
        "Searching the files' text needs ripgrep, and there is none: OpenCode downloads it from GitHub the first time it searches, which did not work (is this computer offline?). Connect once and search again, or install ripgrep (rg) so that it is on PATH.",
      );
    const privateGlobs = scope.hidden
      .filter((folder) => isInside(scope.folder, folder) && folder !== scope.folder)
      .flatMap((folder) => ["--glob", `!/${relative(scope.folder, folder).split("\\").join("/")}`]);
    const args = [
      "--json",
      "--no-config",
      "--hidden",
      // Windows and macOS ignore case in names: `.GIT` or a data folder spelled otherwise is the same folder.
      "--glob-case-insensitive",
      "--glob",
      "!.git",
      ...privateGlobs,
      "--max-count",
      String(perFileMatches),
      "--max-filesize",
      "4M",
      query.case === "true" ? "--case-sensitive" : "--ignore-case",
      ...(query.regex === "true" ? [] : ["--fixed-strings"]),
      "--regexp",
      query.q,
      "--",
      ".",
    ];
    const run = await this.git.run(scope, args, { program, stepMs: textSearchDeadlineMs });
    // A ripgrep that could not run (a copy half downloaded, no execute bit) is no answer at all.
    if (run.missing || (run.code === null && !run.timedOut) || (run.code !== null && run.code > 2))
      throw new TextSearchError(
        503,
        "search_unavailable",
        `ripgrep (${program}) could not run${run.stderr.trim() ? `: ${firstLines(run.stderr)}` : ""}. Install ripgrep (rg) so that it is on PATH, or delete that file for OpenCode to download it again.`,
      );
    if (run.code === 2 && /regex parse error|error parsing regex/i.test(run.stderr))
      throw new TextSearchError(
        400,
        "invalid_request",
        `That is not a regular expression ripgrep can read: ${firstLines(run.stderr)} Turn off "Regular expression" to search for the text as it is.`,
      );
    const matches = parseMatches(run.stdout, this.platform).filter(
      (match) => !scope.hidden.some((folder) => isInside(folder, join(scope.folder, match.path))),
    );
    const cut = matches.length > maxTextMatches ? "matches" : run.timedOut ? "time" : null;
    return {
      matches: matches.slice(0, maxTextMatches),
      cut,
      unreadable: run.code === 2 && run.stderr.trim() !== "" ? firstLines(run.stderr) : null,
    };
  }
}

const firstLines = (text: string) =>
  text
    .trim()
    .split(/\r?\n/)
    .filter((line) => line.trim() !== "")
    .slice(0, 3)
    .join(" ")
    .slice(0, 400);

/** The matches of one line that are marked: a minified line can hold hundreds of thousands. */
const maxRangesPerLine = 50;

/** ripgrep's `--json` lines of type `match` as the window shows them (a line not UTF-8 is skipped). */
export function parseMatches(output: string, platform: NodeJS.Platform): TextMatch[] {
  const found: TextMatch[] = [];
  for (const line of output.split("\n")) {
    if (!line.startsWith('{"type":"match"')) continue;
    let data: {
      path?: { text?: string };
      lines?: { text?: string };
      line_number?: number;
      submatches?: { start: number; end: number }[];
    };
    try {
      data = (JSON.parse(line) as { data: typeof data }).data;
    } catch {
      continue; // the last line, cut by the output's cap
    }
    const path = data.path?.text;
    const text = data.lines?.text;
    if (path === undefined || text === undefined || !data.line_number) continue;
    const bare = text.replace(/\r?\n$/, "");
    // ripgrep counts bytes of UTF-8; the window indexes the string. One pass over the line, the
    // offsets in order, and 50 matches of a line at most: decoding from the line's start for each
    // match froze the backend for seconds on a hostile one-line file (review 14, text search H1).
    const bytes = Buffer.from(bare, "utf8");
    let byteAt = 0;
    let indexAt = 0;
    const index = (byte: number) => {
      const to = Math.min(Math.max(byte, byteAt), bytes.length);
      indexAt += bytes.subarray(byteAt, to).toString("utf8").length;
      byteAt = to;
      return indexAt;
    };
    const ranges = (data.submatches ?? [])
      .slice(0, maxRangesPerLine)
      .map(({ start, end }) => [index(start), index(end)] as [number, number]);
    found.push({
      path: relativePath(path, platform),
      line: data.line_number,
      ...shortened(bare, ranges),
    });
  }
  return found;
}

/** ripgrep's `./src/a.ts` (`.\src\a.ts` on Windows) as the Files tab names it: `src/a.ts`. */
function relativePath(path: string, platform: NodeJS.Platform): string {
  const slashed = platform === "win32" ? path.split("\\").join("/") : path;
  return slashed.replace(/^\.\//, "");
}

/** A long line cut to maxMatchLineChars around its first match, the ranges moved with it. */
function shortened(text: string, ranges: [number, number][]): Pick<TextMatch, "text" | "ranges"> {
  if (text.length <= maxMatchLineChars) return { text, ranges };
  const first = ranges[0]?.[0] ?? 0;
  const from = Math.max(0, Math.min(first - 60, text.length - maxMatchLineChars));
  const to = from + maxMatchLineChars;
  const lead = from > 0 ? "…" : "";
  const tail = to < text.length ? "…" : "";
  const shift = lead.length - from;
  return {
    text: `${lead}${text.slice(from, to)}${tail}`,
    ranges: ranges
      .filter(([start, end]) => end > from && start < to)
      .map(([start, end]) => [Math.max(start, from) + shift, Math.min(end, to) + shift]),
  };
}

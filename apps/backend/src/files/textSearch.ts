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
//
// One search per chat at a time: a newer one (the next key typed) ends the one still running, and
// a window that goes away ends its own (the request's signal), so typing never stacks up searches.
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
import { ApiRefusal } from "../apiError.ts";
import { findProgram, type IsProgram, isRegularFile } from "../git/gitProgram.ts";
import type { ProjectGit, Scope } from "../git/projectGit.ts";
import { isInside } from "./containment.ts";

export class TextSearchError extends ApiRefusal {
  declare readonly httpStatus: 400 | 409 | 503;
  declare readonly code: ErrorCode;
  constructor(httpStatus: 400 | 409 | 503, code: ErrorCode, message: string) {
    super(httpStatus, code, message);
  }
}

export interface TextSearchOptions {
  /** The environment OpenCode runs with (where its data folder, and so its ripgrep, is). */
  sidecarEnv: () => NodeJS.ProcessEnv;
  /**
   * Has OpenCode search `folder` once, which makes it download its ripgrep when it has none: true
   * when it answered, false when OpenCode is not running (nothing was asked); rejects when its
   * search failed (offline: the download did).
   */
  fetchRipgrep: (folder: string) => Promise<boolean>;
  platform?: NodeJS.Platform;
  isProgram?: IsProgram;
  /** The clock of ripgrepRetryMs (tests replace it). */
  now?: () => number;
}

/** How long OpenCode may take to download its ripgrep (a few MB from GitHub) when asked to search. */
export const ripgrepFetchMs = 60_000;

/**
 * After OpenCode was asked for its ripgrep in vain (offline), how long searches say so at once
 * rather than each waiting on another download that fails (a ripgrep put on PATH counts at once).
 */
export const ripgrepRetryMs = 60_000;

/** Why a search's own signal aborted: a newer search of the same chat. */
const replaced = new Error("replaced by a newer search");

/** The answer of a search whose signal aborted: replaced by a newer one, or its asker gone. */
const stopped = (signal: AbortSignal) =>
  new TextSearchError(
    409,
    "search_stopped",
    signal.reason === replaced
      ? "A newer search of this chat's files started in this window, so this one was stopped before it finished."
      : "The search was stopped before it finished: nothing was waiting for it any more.",
  );

/** Rejects with stopped() once `signal` aborts (a search waiting on something it does not own). */
const whenAborted = (signal: AbortSignal) =>
  new Promise<never>((_, reject) => {
    if (signal.aborted) reject(stopped(signal));
    else signal.addEventListener("abort", () => reject(stopped(signal)), { once: true });
  });

const offline = () =>
  new TextSearchError(
    503,
    "search_unavailable",
    "Searching the files' text needs ripgrep, and there is none: OpenCode downloads it from GitHub the first time it searches, which did not work (is this computer offline?). Connect and search again in a minute, or install ripgrep (rg) so that it is on PATH.",
  );

/** Matches read from one file at most: a minified bundle's thousand matches would crowd out the rest. */
const perFileMatches = 20;

export class TextSearch {
  /** The search running for each chat and window, to be ended by the next one. */
  private readonly running = new Map<string, AbortController>();
  /** OpenCode's download of its ripgrep while one runs: searches started meanwhile wait on the same one. */
  private fetching: Promise<"answered" | "not running" | "failed"> | null = null;
  /** When OpenCode, asked in a project folder, last failed to fetch its ripgrep. */
  private readonly fetchFailedAt = new Map<string, number>();

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

  /**
   * A ripgrep to run: the one there is, else OpenCode's after asking it to fetch it; else a sentence.
   * A search that stops being wanted while the download runs is answered at once (it holds none).
   */
  private async ripgrepOrFetch(scope: Scope, signal: AbortSignal): Promise<string> {
    const found = this.ripgrep(scope);
    if (found !== null) return found;
    const now = this.options.now ?? Date.now;
    const failedAt = this.fetchFailedAt.get(scope.folder);
    if (failedAt !== undefined && now() - failedAt < ripgrepRetryMs) throw offline();
    this.fetching ??= this.options
      .fetchRipgrep(scope.folder)
      .then(
        (asked) => (asked ? "answered" : "not running"),
        () => "failed" as const,
      )
      .finally(() => {
        this.fetching = null;
      });
    const outcome = await Promise.race([this.fetching, whenAborted(signal)]);
    const fetched = this.ripgrep(scope);
    if (fetched !== null) {
      this.fetchFailedAt.delete(scope.folder);
      return fetched;
    }
    if (outcome === "not running")
      throw new TextSearchError(
        503,
        "search_unavailable",
        "Searching the files' text needs ripgrep: OpenCode downloads it the first time it searches, and OpenCode is not running. Start OpenCode and search again, or install ripgrep (rg) so that it is on PATH.",
      );
    if (outcome === "answered")
      throw new TextSearchError(
        503,
        "search_unavailable",
        "Searching the files' text needs ripgrep: OpenCode searched with one the backend does not find (one on OpenCode's own PATH?). Install ripgrep (rg) so that it is on PATH.",
      );
    // Kept for this folder only: OpenCode may have failed in this project alone (its config, say).
    this.fetchFailedAt.set(scope.folder, now());
    throw offline();
  }

  /** `signal`: the asker went away (the request's). A newer search of the same chat ends this one (409 search_stopped). */
  async search(sessionID: string, query: TextSearchQuery, signal?: AbortSignal): Promise<TextSearchResponse> {
    // Per window (its `asker`): two windows on one chat do not end each other's searches.
    const key = `${sessionID}\n${query.asker ?? ""}`;
    this.running.get(key)?.abort(replaced);
    const own = new AbortController();
    this.running.set(key, own);
    try {
      return await this.searchUntil(sessionID, query, signal ? AbortSignal.any([own.signal, signal]) : own.signal);
    } finally {
      if (this.running.get(key) === own) this.running.delete(key);
    }
  }

  private async searchUntil(
    sessionID: string,
    query: TextSearchQuery,
    signal: AbortSignal,
  ): Promise<TextSearchResponse> {
    const scope = await this.git.scope(sessionID);
    const program = await this.ripgrepOrFetch(scope, signal);
    const privateGlobs = scope.hidden
      .filter((folder) => isInside(scope.folder, folder) && folder !== scope.folder)
      .flatMap((folder) => ["--glob", `!/${literalGlob(relative(scope.folder, folder), this.platform)}`]);
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
    // ripgrep starts nothing of its own: ended by itself, with no tree to list (runGit's `alone`).
    const run = await this.git.run(scope, args, { program, stepMs: textSearchDeadlineMs, signal, alone: true });
    if (run.cancelled) throw stopped(signal);
    // A ripgrep that could not run (a copy half downloaded, no execute bit) is no answer at all.
    if (run.missing || (run.code === null && !run.timedOut) || (run.code !== null && run.code > 2))
      throw new TextSearchError(
        503,
        "search_unavailable",
        `ripgrep (${program}) could not run${run.stderr.trim() ? `: ${firstLines(run.stderr)}` : ""}. Install ripgrep (rg) so that it is on PATH, or delete that file for OpenCode to download it again.`,
      );
    if (run.code === 2 && /is not allowed in a regex/i.test(run.stderr))
      throw new TextSearchError(
        400,
        "invalid_request",
        "ripgrep matches within one line, so a regular expression cannot hold a line break (\\n). Search for one line's text.",
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
    const cut = matches.length > maxTextMatches ? "matches" : run.timedOut ? "time" : run.outputCut ? "size" : null;
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

/**
 * A path relative to the project as a glob that matches only that path. ripgrep reads `--glob` as a
 * gitignore line (the ignore crate), where `\` escapes the next character on every platform and
 * trailing spaces are dropped: Windows' `\` separators are written `/`, a POSIX name's own `\` is
 * escaped, and globset's special characters and a trailing space each go in a class of their own
 * (`[*]`, `[ ]`), which needs no escape character.
 */
export function literalGlob(path: string, platform: NodeJS.Platform): string {
  const slashed = platform === "win32" ? path.split("\\").join("/") : path.replace(/\\/g, "\\\\");
  return slashed
    .replace(/[[\]{}*?]/g, (special) => `[${special}]`)
    .replace(/\s+$/, (spaces) => [...spaces].map((space) => `[${space}]`).join(""));
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
  let from = Math.max(0, Math.min(first - 60, text.length - maxMatchLineChars));
  let to = from + maxMatchLineChars;
  // Never half of a character outside the Basic Multilingual Plane (an emoji): the window would show "�".
  if (isLowSurrogate(text.charCodeAt(from))) from += 1;
  if (isLowSurrogate(text.charCodeAt(to))) to -= 1;
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

const isLowSurrogate = (code: number) => code >= 0xdc00 && code <= 0xdfff;

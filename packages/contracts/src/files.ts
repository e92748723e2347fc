// The project's files as the chat window's file panel shows them: a folder's entries, one file's
// text, and the project's uncommitted git changes. Paths are relative to the session's project
// folder and never leave it (the backend refuses `..`, absolute paths and links that point out).
import { z } from "zod";
import { FileChange } from "./workbench.ts";

/** Largest file the viewer is sent; a bigger one is named with its size, not shown. */
export const maxViewedFileBytes = 1_000_000;

/** A path inside the project: relative, `/`-separated; "" is the project folder itself. */
export const ProjectPathQuery = z.string().max(4_000);

export const FileTreeEntry = z.object({
  name: z.string(),
  /** Relative to the project folder, `/`-separated, without a trailing slash. */
  path: z.string(),
  type: z.enum(["file", "directory"]),
  /** Ignored by the project's .gitignore (shown dimmed). */
  ignored: z.boolean(),
});
export type FileTreeEntry = z.infer<typeof FileTreeEntry>;

/** Most entries one page of a folder's listing sends (folders first, then by name). */
export const maxFolderEntries = 2_000;

/**
 * Whether a name (or a path) holds what was typed in a filter, ignoring case and the spaces around
 * it: the one rule of the Files tab's filters, applied by the backend and by the window alike.
 */
export function holdsFilter(text: string, filter: string): boolean {
  const needle = filter.trim().toLowerCase();
  return needle === "" || text.toLowerCase().includes(needle);
}

/**
 * `GET /api/sessions/:id/tree?path=&after=&filter=`: `after` is an earlier page's `next` (the page
 * after it), `filter` keeps the entries whose name holds it, ignoring case.
 */
export const FileTreeQuery = z.object({
  path: ProjectPathQuery.default(""),
  after: z.string().max(4_100).optional(),
  filter: z.string().max(1_000).optional(),
});
export type FileTreeQuery = z.infer<typeof FileTreeQuery>;

export const FileTreeResponse = z.object({
  path: z.string(),
  entries: z.array(FileTreeEntry),
  /** Entries of the folder (or of those the filter keeps) past this page, not sent (absent: none). */
  more: z.number().int().nonnegative().optional(),
  /** With `more`: ask again with `after=` this for the next page. */
  next: z.string().optional(),
});
export type FileTreeResponse = z.infer<typeof FileTreeResponse>;

export const FileContentResponse = z.object({
  path: z.string(),
  /** `text` carries the content; `binary` and `too_large` do not (the viewer says why). */
  kind: z.enum(["text", "binary", "too_large"]),
  content: z.string().nullable(),
  size: z.number().int().nonnegative(),
});
export type FileContentResponse = z.infer<typeof FileContentResponse>;

/** Largest patch sent for one file in the git status; a bigger one comes as null ("too large to show"). */
export const maxGitPatchChars = 200_000;

/**
 * The project's uncommitted changes (git's working tree against HEAD), by path, at most the
 * `limit` asked (maxGitFilesListed at most) after the path `after` (the page after the one ending
 * there: `GET /api/sessions/:id/git?limit=&after=`), each with its line counts; `patch` is null here and
 * each file's patch is asked for when it is opened (GitDiffResponse), so a big change costs no
 * patch up front.
 */
export const GitStatusResponse = z.object({
  files: z.array(FileChange),
  /** Changed files past this page, not listed (absent: none). */
  more: z.number().int().nonnegative().optional(),
});
export type GitStatusResponse = z.infer<typeof GitStatusResponse>;

/** One changed file's patch against HEAD; null when it is binary, not a regular file, or past maxGitPatchChars. */
export const GitDiffResponse = z.object({ path: z.string(), patch: z.string().nullable() });
export type GitDiffResponse = z.infer<typeof GitDiffResponse>;

/** Most matching lines one text search answers; more and the answer says it was cut. */
export const maxTextMatches = 500;
/** How long ripgrep may search; past it the matches found so far are answered (`cut: "time"`). */
export const textSearchDeadlineMs = 20_000;
/** A matching line is sent up to this many characters around its first match. */
export const maxMatchLineChars = 300;

/**
 * `GET /api/sessions/:id/search?q=&case=&regex=`: the project's files holding `q` (ripgrep, in the
 * project folder: git-ignored files and `.git` left out, hidden files searched). `case` "true": the
 * case must match; `regex` "true": `q` is a regular expression (Rust's syntax), else plain text.
 */
export const TextSearchQuery = z.object({
  // One line: ripgrep matches within a line and refuses a line break; a NUL cannot be an argument.
  q: z
    .string()
    .min(1)
    .max(500)
    .refine((q) => !/[\r\n\0]/.test(q)),
  case: z.enum(["true", "false"]).default("false"),
  regex: z.enum(["true", "false"]).default("false"),
  /** Which window's search box asks: its newer search ends its older one, never another window's. */
  asker: z.string().max(64).optional(),
});
export type TextSearchQuery = z.infer<typeof TextSearchQuery>;

export const TextMatch = z.object({
  /** Relative to the project folder, `/`-separated. */
  path: z.string(),
  /** 1-based. */
  line: z.number().int().positive(),
  /** The line (maxMatchLineChars at most, cut around the first match), without its line break. */
  text: z.string(),
  /** Where in `text` each match lies: [start, end) in string indices. */
  ranges: z.array(z.tuple([z.number().int().nonnegative(), z.number().int().nonnegative()])),
});
export type TextMatch = z.infer<typeof TextMatch>;

export const TextSearchResponse = z.object({
  matches: z.array(TextMatch),
  /**
   * Not every match is here: maxTextMatches were found, the search ran out of time, or the matching
   * lines were too long to send them all (runGit's output cap: minified files).
   */
  cut: z.enum(["matches", "time", "size"]).nullable(),
  /** Some files could not be read (permissions, a vanished file): ripgrep's first complaint, else null. */
  unreadable: z.string().nullable(),
});
export type TextSearchResponse = z.infer<typeof TextSearchResponse>;

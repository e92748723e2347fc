// Review comments: a person reading the agent's changes points at lines of a diff and says what
// to change there, the way a code review does. Each comment keeps the lines it points at as the
// diff showed them, so the agent reads the same code the person saw even when the file has moved
// on; they wait beside the message box and go with the next message, written into its text (the
// chat shows what was asked, and any model reads it). Pure, so the wording is tested as sent.
import { languageOf } from "../files/language.ts";
import type { DiffLine } from "../workbench/patch.ts";

export interface ReviewComment {
  id: string;
  path: string;
  /** Numbered as the changed file ("new": added and unchanged lines) or as before ("old": removed lines only). */
  side: "new" | "old";
  start: number;
  end: number;
  /** The last line pointed at on `side`, as shown: where the comment is drawn in a diff that still has it. */
  anchor: string;
  /** The lines pointed at: from a diff each with its sign (`+`, `-` or a space), from a file as they read. */
  code: string[];
  text: string;
  /** Where the lines were chosen: a diff (the default, and every comment stored before files took them) or the file itself. */
  from?: "diff" | "file";
}

/** A comment is a sentence or a few, not a document: the message it goes with stays readable. */
export const maxCommentChars = 4000;
/** Lines quoted per comment; a longer selection is quoted up to here and says how many more. */
export const maxQuotedLines = 40;
/** Comments waiting for one message. */
export const maxWaitingComments = 30;

const sign = { add: "+", del: "-", context: " " } as const;

/** What a selection of diff lines (in the diff's order) points at, or null when it has no numbered line. */
export function pointAt(path: string, lines: readonly DiffLine[]): Omit<ReviewComment, "id" | "text"> | null {
  if (lines.length === 0) return null;
  // Numbered as the file is now whenever any line of it is still in the file.
  const side = lines.some((l) => l.newNo !== null) ? "new" : "old";
  const numbered = lines.filter((l) => (side === "new" ? l.newNo : l.oldNo) !== null);
  const numbers = numbered.map((l) => (side === "new" ? l.newNo : l.oldNo) as number);
  const last = numbered.at(-1);
  if (!last) return null;
  return {
    path,
    side,
    start: Math.min(...numbers),
    end: Math.max(...numbers),
    anchor: last.text,
    code: lines.map((l) => `${sign[l.kind]}${l.text}`),
  };
}

/** What lines `start`..`end` (1-based) of a file's text point at, chosen in the file itself. */
export function pointAtFile(
  path: string,
  content: string,
  start: number,
  end: number,
): Omit<ReviewComment, "id" | "text"> | null {
  const lines = content.split("\n");
  if (lines.at(-1) === "") lines.pop(); // the file's own final newline
  const first = Math.max(1, Math.min(start, end));
  const last = Math.min(lines.length, Math.max(start, end));
  if (first > last) return null;
  const code = lines.slice(first - 1, last);
  return { path, side: "new", start: first, end: last, anchor: code.at(-1) ?? "", code, from: "file" };
}

/**
 * The lines a selection covers, from its offsets in the file's text: a selection ending just after a
 * line's newline (a triple-click, a drag to the next line's start) does not take that next line.
 */
export function selectedLines(content: string, from: number, to: number): { start: number; end: number } | null {
  const a = Math.max(0, Math.min(from, to));
  let b = Math.min(content.length, Math.max(from, to));
  if (b === a) return null;
  if (content[b - 1] === "\n" && b - 1 > a) b -= 1;
  const lineAt = (offset: number) => content.slice(0, offset).split("\n").length;
  return { start: lineAt(a), end: lineAt(content[b - 1] === "\n" ? b - 1 : b) };
}

/** "line 12", "lines 12–14", "removed lines 8–9 (numbered as before the change)". */
export function whereLabel(comment: Pick<ReviewComment, "side" | "start" | "end">): string {
  const span = comment.start === comment.end ? `line ${comment.start}` : `lines ${comment.start}–${comment.end}`;
  return comment.side === "new" ? span : `removed ${span} (numbered as before the change)`;
}

/** Does this diff line carry the comment (its last numbered line, with the same text)? */
export function isAnchor(
  comment: Pick<ReviewComment, "path" | "side" | "end" | "anchor">,
  path: string | undefined,
  line: DiffLine,
): boolean {
  if (path !== comment.path) return false;
  const no = comment.side === "new" ? line.newNo : line.oldNo;
  return no === comment.end && line.text === comment.anchor && (comment.side === "new" || line.kind === "del");
}

/** A fence longer than any run of backticks in the code, so quoted code cannot close it early. */
function fenceFor(code: string): string {
  const longest = Math.max(2, ...[...code.matchAll(/`+/g)].map((m) => m[0].length));
  return "`".repeat(longest + 1);
}

function quote(comment: ReviewComment): string {
  const shown = comment.code.slice(0, maxQuotedLines);
  const more = comment.code.length - shown.length;
  const body = shown.join("\n") + (more > 0 ? `\n… ${more} more line${more === 1 ? "" : "s"}` : "");
  const fence = fenceFor(body);
  // A file's own lines in its language; a diff's with their signs.
  const language = comment.from === "file" ? languageOf(comment.path) : "diff";
  return `In \`${comment.path}\`, ${whereLabel(comment)}:\n${fence}${language}\n${body}\n${fence}\n${comment.text.trim()}`;
}

/** The message with the waiting comments after what was typed (or alone, when nothing was). */
export function withComments(text: string, comments: readonly ReviewComment[]): string {
  if (comments.length === 0) return text;
  const heading = comments.length === 1 ? "Review comment:" : "Review comments:";
  const block = [heading, ...comments.map(quote)].join("\n\n");
  return text.trim() === "" ? block : `${text.trimEnd()}\n\n${block}`;
}

/** Stored comments from an older or tampered store: each field checked, anything else dropped. */
export function isReviewComment(value: unknown): value is ReviewComment {
  if (typeof value !== "object" || value === null) return false;
  const c = value as Record<string, unknown>;
  return (
    typeof c.id === "string" &&
    typeof c.path === "string" &&
    (c.side === "new" || c.side === "old") &&
    Number.isInteger(c.start) &&
    Number.isInteger(c.end) &&
    typeof c.anchor === "string" &&
    Array.isArray(c.code) &&
    c.code.every((l) => typeof l === "string") &&
    typeof c.text === "string" &&
    (c.from === undefined || c.from === "diff" || c.from === "file")
  );
}

// The Files tab's uncommitted changes, from git itself and bounded: opencode's vcs diff built every
// changed file's patch up front (an untracked file's is its whole content), so a build folder of
// 50,000 new files made it answer after the 2-minute deadline, on every refresh. Here the list is
// `git status` (fast however many files), line counts are taken for the listed files only, and a
// file's patch is made when it is opened.
import { lstat, readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { type FileChange, type GitWorkFile, maxGitPatchChars } from "@turnkey/contracts";
import { submoduleDiffUnread } from "./gitFilters.ts";
import { lineCountLimits, newFileLines } from "./lineCounts.ts";

/** git in the project folder with the Files tab's environment (no prompt), run as an unasked read. */
export type GitIn = (args: string[]) => Promise<{ code: number | null; stdout: string }>;

export function changeStatus(state: GitWorkFile["state"]): FileChange["status"] {
  return state === "untracked" || state === "added" ? "added" : state === "deleted" ? "deleted" : "modified";
}

/**
 * A path as a pathspec that names exactly that file (a file named `*.ts` or `:(exclude)x` too).
 * Marked per path, not with GIT_LITERAL_PATHSPECS: git's children inherit that variable, so a
 * project hook's own `git diff --cached -- '*.py'` matched nothing and its lint passed (review 5, L11).
 */
export const literal = (path: string) => `:(literal)${path}`;

/** Paths as pathspec arguments in groups short enough for any command line (Windows: 32,767 characters). */
function inGroups(paths: string[], maxChars = 8_000): string[][] {
  const groups: string[][] = [];
  let group: string[] = [];
  let chars = 0;
  for (const path of paths) {
    if (group.length > 0 && chars + path.length + 1 > maxChars) {
      groups.push(group);
      group = [];
      chars = 0;
    }
    group.push(path);
    chars += path.length + 1;
  }
  if (group.length > 0) groups.push(group);
  return groups;
}

/** A regular file's text (not a link, a device, a binary or an oversized file), else null. */
async function textOf(absolute: string, maxBytes: number): Promise<string | null> {
  try {
    const info = await lstat(absolute);
    if (!info.isFile() || info.size > maxBytes) return null;
    const text = await readFile(absolute, "utf8");
    return text.includes("\0") ? null : text;
  } catch {
    return null;
  }
}

/**
 * `files` (the listed ones) with their lines added and removed: git's numstat against HEAD for
 * tracked files, the file's own lines for a new one (and every file before the first commit),
 * counted in its first bytes only (`partialCount` when that was not the whole file).
 */
export async function withLineCounts(
  folder: string,
  files: readonly GitWorkFile[],
  hasHead: boolean,
  git: GitIn,
  limits = lineCountLimits,
): Promise<FileChange[]> {
  const tracked = hasHead ? files.filter((f) => f.state !== "untracked").map((f) => f.path) : [];
  const counts = new Map<string, [number, number]>();
  for (const group of inGroups(tracked)) {
    const run = await git([
      "diff",
      "HEAD",
      "--no-ext-diff",
      "--no-textconv",
      "--numstat",
      "-z",
      "--no-renames",
      ...submoduleDiffUnread,
      "--",
      ...group.map(literal),
    ]);
    if (run.code !== 0) continue;
    // With -z each record is "added\tdeleted\tpath" (a binary file counts "-").
    for (const record of run.stdout.split("\0")) {
      const match = /^(-|\d+)\t(-|\d+)\t(.*)$/s.exec(record);
      if (match) counts.set(match[3]!, [Number(match[1]) || 0, Number(match[2]) || 0]);
    }
  }
  // A new file's own lines, its first bytes only (lineCounts.ts, review 6 P1).
  const uncounted = files.filter((f) => !counts.has(f.path) && f.state !== "deleted");
  const lines = await newFileLines(
    uncounted.map((f) => resolve(folder, f.path)),
    limits,
  );
  const partial = new Set<string>();
  uncounted.forEach((f, i) => {
    counts.set(f.path, [lines[i]!.additions, 0]);
    if (lines[i]!.partial) partial.add(f.path);
  });
  return files.map((file) => {
    const [additions, deletions] = counts.get(file.path) ?? [0, 0];
    const change: FileChange = { path: file.path, status: changeStatus(file.state), additions, deletions, patch: null };
    return partial.has(file.path) ? { ...change, partialCount: true } : change;
  });
}

/** A new file's patch as git writes one (`git diff` does not show untracked files). */
function newFilePatch(path: string, text: string): string {
  const header = `diff --git a/${path} b/${path}\nnew file mode 100644\n--- /dev/null\n+++ b/${path}\n`;
  if (text === "") return header;
  const lines = text.split("\n");
  const ended = text.endsWith("\n");
  if (ended) lines.pop();
  const body = lines.map((line) => `+${line}\n`).join("");
  return `${header}@@ -0,0 +1,${lines.length} @@\n${body}${ended ? "" : "\\ No newline at end of file\n"}`;
}

/** One changed file's patch against HEAD; null when it is binary, not a regular file, or too large. */
export async function patchOf(folder: string, file: GitWorkFile, hasHead: boolean, git: GitIn): Promise<string | null> {
  let patch: string | null;
  if (hasHead && file.state !== "untracked") {
    const args = ["diff", "HEAD", "--no-ext-diff", "--no-textconv", "--no-renames", ...submoduleDiffUnread];
    const run = await git([...args, "--", literal(file.path)]);
    patch = run.code === 0 && run.stdout !== "" && !/^Binary files /m.test(run.stdout) ? run.stdout : null;
  } else {
    const text = await textOf(resolve(folder, file.path), maxGitPatchChars);
    patch = text === null ? null : newFilePatch(file.path, text);
  }
  return patch !== null && patch.length <= maxGitPatchChars ? patch : null;
}

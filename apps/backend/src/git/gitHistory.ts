// The Files tab's history: the branch's recent commits a page at a time, what one commit changed
// (its files, line counts from git's numstat) and one file's patch in it, asked for when opened.
// Reads only, run as the tab's other reads are (`unasked`: no fsmonitor, filter driver, external
// diff or textconv the repository names; no signature check), each with the local deadline.
import {
  type FileChange,
  type GitCommitFilesResponse,
  type GitDiffResponse,
  type GitLogCommit,
  type GitLogResponse,
  gitHashPattern,
  maxGitFilesListed,
  maxGitPatchChars,
} from "@turnkey/contracts";
import { normalizeProjectPath, PathRefusedError } from "../files/containment.ts";
import { literal } from "./gitChanges.ts";
import { GitError, gitFailure } from "./gitErrors.ts";
import { submoduleDiffUnread } from "./gitFilters.ts";
import { recordFormat, records } from "./gitRecords.ts";
import type { ProjectGit, Scope } from "./projectGit.ts";

const logFormat = recordFormat(["%H", "%h", "%an", "%aI", "%P", "%s"]);

/** `git log` with logFormat, parsed; a record that does not hold every field is left out (gitRecords.ts). */
export function parseLog(text: string): GitLogCommit[] {
  const commits: GitLogCommit[] = [];
  for (const [hash = "", shortHash = "", author = "", date = "", parents = "", subject = ""] of records(text, 6)) {
    if (!gitHashPattern.test(hash)) continue;
    commits.push({ hash, shortHash, author, date, subject, parents: parents.split(" ").filter(Boolean).length });
  }
  return commits;
}

/** Why git had nothing to log: no commit yet (the answer is an empty history) rather than a failure. */
const noCommitYet = (stderr: string) =>
  /bad revision 'HEAD'|does not have any commits yet|bad default revision|ambiguous argument 'HEAD'/i.test(stderr);

export async function log(git: ProjectGit, sessionID: string, limit: number, skip: number): Promise<GitLogResponse> {
  const scope = await git.scope(sessionID);
  const unasked = await git.unaskedArgs(scope);
  const run = await git.run(scope, [
    ...unasked,
    "log",
    `--max-count=${limit + 1}`,
    `--skip=${skip}`,
    "--no-show-signature",
    "--no-color",
    logFormat,
    "HEAD",
    "--",
  ]);
  if (run.code !== 0) {
    if (run.code !== null && noCommitYet(run.stderr)) return { commits: [], more: false };
    throw gitFailure("status", run, run.reportMs);
  }
  const commits = parseLog(run.stdout);
  return { commits: commits.slice(0, limit), more: commits.length > limit };
}

/** The commit `hash` names, with its parents (the first parent is what its files are compared with). */
async function commitOf(git: ProjectGit, scope: Scope, hash: string): Promise<{ hash: string; parents: string[] }> {
  if (!gitHashPattern.test(hash))
    throw new GitError(400, "git_refused", `${hash.slice(0, 80)} is not a commit's hash (4 to 64 hexadecimal digits).`);
  const run = await git.run(scope, [
    ...(await git.unaskedArgs(scope)),
    "rev-list",
    "--parents",
    "--max-count=1",
    `${hash}^{commit}`,
    "--",
  ]);
  const [full, ...parents] = run.code === 0 ? run.stdout.trim().split(" ") : [];
  if (!full) {
    if (run.timedOut || run.missing) throw gitFailure("status", run, run.reportMs);
    throw new PathRefusedError(404, "not_found", `There is no commit ${hash} in this repository. Refresh the history.`);
  }
  return { hash: full, parents };
}

/** What `diff-tree` compares: the commit with its first parent, or with nothing (the first commit). */
const comparedTrees = (commit: { hash: string; parents: string[] }) =>
  commit.parents[0] ? [commit.parents[0], commit.hash] : ["--root", commit.hash];

const statusOf: Record<string, FileChange["status"]> = { A: "added", D: "deleted" };

export async function commitFiles(git: ProjectGit, sessionID: string, hash: string): Promise<GitCommitFilesResponse> {
  const scope = await git.scope(sessionID);
  const commit = await commitOf(git, scope, hash);
  const unasked = await git.unaskedArgs(scope);
  const base = [...unasked, "diff-tree", "-r", "-z", "--no-commit-id", "--no-renames", ...submoduleDiffUnread];
  const [names, counts] = await Promise.all([
    git.git(scope, "status", [...base, "--name-status", ...comparedTrees(commit), "--"]),
    git.git(scope, "status", [...base, "--numstat", ...comparedTrees(commit), "--"]),
  ]);
  // Past runGit's 8 MB of output the last name is cut short and the count wrong (review 17b R2).
  if (names.outputCut || counts.outputCut)
    throw new GitError(
      409,
      "git_refused",
      `Commit ${commit.hash.slice(0, 12)} changed too many files to list here. Run \`git show --stat ${commit.hash.slice(0, 12)}\` in a terminal.`,
    );
  // --name-status -z: "X\0path\0" per file.
  const files: FileChange[] = [];
  const parts = names.stdout.split("\0");
  for (let i = 0; i + 1 < parts.length; i += 2) {
    const letter = parts[i]!.trim()[0] ?? "M";
    files.push({
      path: parts[i + 1]!,
      status: statusOf[letter] ?? "modified",
      additions: 0,
      deletions: 0,
      patch: null,
    });
  }
  // --numstat -z: "added\tdeleted\tpath\0" (a binary file counts "-").
  const lines = new Map<string, [number, number]>();
  for (const record of counts.stdout.split("\0")) {
    const match = /^(-|\d+)\t(-|\d+)\t(.*)$/s.exec(record);
    if (match) lines.set(match[3]!, [Number(match[1]) || 0, Number(match[2]) || 0]);
  }
  for (const file of files) [file.additions, file.deletions] = lines.get(file.path) ?? [0, 0];
  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const listed = files.slice(0, maxGitFilesListed);
  return { hash: commit.hash, files: listed, more: files.length - listed.length };
}

/** One file's patch in a commit; null when it is binary or past maxGitPatchChars. */
export async function commitDiff(
  git: ProjectGit,
  sessionID: string,
  hash: string,
  path: string,
): Promise<GitDiffResponse> {
  normalizeProjectPath(path); // the form only: git's own name is used (a POSIX `x\y.txt` is one file)
  const scope = await git.scope(sessionID);
  const commit = await commitOf(git, scope, hash);
  const unasked = await git.unaskedArgs(scope);
  // A file, not a folder: a literal pathspec `src` also takes every file under src/ (review 17b R6).
  const named = await git.git(scope, "status", [
    ...unasked,
    "diff-tree",
    "-r",
    "-z",
    "--name-only",
    "--no-commit-id",
    "--no-renames",
    ...comparedTrees(commit),
    "--",
    literal(path),
  ]);
  if (named.stdout !== `${path}\0`)
    throw new PathRefusedError(404, "not_found", `${path} is not among the files commit ${hash} changed.`);
  const run = await git.git(scope, "status", [
    ...unasked,
    "diff-tree",
    "-r",
    "-p",
    "--no-commit-id",
    "--no-renames",
    "--no-ext-diff",
    "--no-textconv",
    ...submoduleDiffUnread,
    ...comparedTrees(commit),
    "--",
    literal(path),
  ]);
  const patch =
    run.outputCut || /^Binary files /m.test(run.stdout) || run.stdout.length > maxGitPatchChars ? null : run.stdout;
  return { path, patch };
}

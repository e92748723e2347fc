// What a worktree's branch changed, and those changes brought into this chat's folder: how "one
// task, several models" ends (apps/web/src/chat/multirun), each model having worked in a worktree of
// its own, the user keeping the best. git has no one command for "that worktree's work, committed
// or not, as uncommitted changes here", so it is made of three:
// - the worktree's files are added to an index of our own (a copy of its index, so only changed
//   files are hashed; GIT_INDEX_FILE), never to its real one: what the agent staged stays staged;
// - that index is diffed against the commit the worktree's branch shares with this folder's
//   (merge-base), so its commits count too, and a commit made here since does not show as undone;
// - the patch is applied here with `git apply`, which "by default fails the whole patch and does not
//   touch the working tree when some of the hunks do not apply" (git-scm.com/docs/git-apply,
//   --reject): a file changed on both sides is refused and nothing changes.
// The patch goes through a file in a private temp folder, never a JavaScript string: a file that is
// not UTF-8 would not survive the decoding.
import { copyFile, mkdtemp, realpath, rm, stat, utimes } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type {
  GitWorktree,
  GitWorktreeChange,
  GitWorktreeChangesResponse,
  GitWorktreeTakeResponse,
} from "@turnkey/contracts";
import { isInside } from "../files/containment.ts";
import { GitError, gitFailure, gitSaid } from "./gitErrors.ts";
import { listedWorktree, listIn, refusePrivate } from "./gitWorktree.ts";
import type { ProjectGit, Scope } from "./projectGit.ts";

/** Files an answer lists; the counts cover every one. */
const listedChanges = 500;

/** The same diff for the summary and the patch: git's own, whatever the user's diff settings say. */
const plainDiff = [
  "diff",
  "--cached",
  "--no-ext-diff",
  "--no-textconv",
  "--no-renames",
  "--no-color",
  "--no-relative",
  "--ignore-submodules=all",
];

interface Prepared {
  target: GitWorktree;
  /** The worktree's folder, with our own index in its environment. */
  run: Scope;
  /** The commit both branches share. */
  base: string;
  tempFolder: string;
}

/**
 * Finds the worktree among this repository's (never this chat's own folder or the main one's
 * record of a bare repository), adds its files to an index of our own, and finds the commit to
 * diff from; `work` runs with that, then the temp folder goes.
 */
async function withWorktreeIndex<T>(
  git: ProjectGit,
  scope: Scope,
  path: string,
  work: (prepared: Prepared) => Promise<T>,
): Promise<T> {
  const { listed, worktrees } = await listIn(git, scope);
  const here = worktrees.find((w) => w.current);
  // git apply run below the top folder leaves out every path outside it: refused, not half done.
  if (!here)
    throw new GitError(
      409,
      "git_refused",
      "This chat's folder is inside a repository rather than its top folder, so a worktree's changes cannot be brought here. Open the repository's top folder as a project.",
    );
  const target = listedWorktree(worktrees, path);
  if (target.current) throw new GitError(400, "git_refused", "That worktree is this chat's own folder.");
  if (target.bare || target.missing || !target.head)
    throw new GitError(
      409,
      "git_refused",
      `${target.path} ${target.missing ? "no longer exists" : "has no commit checked out"}, so it has no changes to bring.`,
    );
  refusePrivate(scope, target.path);
  const real = await realpath(target.path);
  if (scope.hidden.some((p) => isInside(real, p)))
    throw new GitError(403, "path_outside_project", "git does not work inside OpenCode Turnkey's own data folder.");
  // listIn's two lists are in the same order; the listed one has whole hashes.
  const hereHead = listed[worktrees.indexOf(here)]?.head;
  const theirs = listed[worktrees.indexOf(target)]?.head;
  if (!hereHead || !theirs)
    throw new GitError(409, "git_refused", "This folder has no commit yet, so there is nothing to compare with.");
  const tempFolder = await mkdtemp(join(tmpdir(), "turnkey-worktree-"));
  try {
    const index = join(tempFolder, "index");
    const run: Scope = { ...scope, folder: real, env: { ...scope.env, GIT_INDEX_FILE: index }, unasked: undefined };
    const unasked = await git.unaskedArgs(run);
    // The worktree's own index holds each file's last known size and time, so `add -A` hashes only
    // what changed; without one (never written) the tree is read in afresh. The copy keeps the
    // index's own time, which git weighs each entry's time against ("racy git",
    // git-scm.com/docs/racy-git): a copy dated now must not vouch for more than the original does.
    const own = await git.run({ ...scope, folder: real }, [
      ...unasked,
      "rev-parse",
      "--path-format=absolute",
      "--git-path",
      "index",
    ]);
    const copied = own.code === 0 && (await copyIndex(own.stdout.trim(), index));
    if (!copied) await git.git(run, "worktree", [...unasked, "read-tree", "HEAD"]);
    await git.git(run, "worktree", [...unasked, "add", "--all"]);
    const base = (await git.git(run, "worktree", [...unasked, "merge-base", theirs, hereHead])).stdout.trim();
    return await work({ target, run, base, tempFolder });
  } finally {
    await rm(tempFolder, { recursive: true, force: true }).catch(() => undefined);
  }
}

/** A copy of an index with the original's times; false when there is none to copy. */
async function copyIndex(from: string, to: string): Promise<boolean> {
  try {
    const { atime, mtime } = await stat(from);
    await copyFile(from, to);
    await utimes(to, atime, mtime);
    return true;
  } catch {
    return false;
  }
}

/** `--numstat -z` and `--name-status -z` of the same diff, as one list by path. */
function parseChanges(numstat: string, nameStatus: string): GitWorktreeChange[] {
  const counts = new Map<string, [number | null, number | null]>();
  for (const record of numstat.split("\0")) {
    const match = /^(-|\d+)\t(-|\d+)\t(.*)$/s.exec(record);
    if (match) counts.set(match[3]!, match[1] === "-" ? [null, null] : [Number(match[1]), Number(match[2])]);
  }
  const fields = nameStatus.split("\0");
  const changes: GitWorktreeChange[] = [];
  for (let i = 0; i + 1 < fields.length; i += 2) {
    const letter = fields[i]!;
    const path = fields[i + 1]!;
    const status = letter === "A" || letter === "D" ? letter : "M";
    const [additions, deletions] = counts.get(path) ?? [null, null];
    changes.push({ path, status, additions, deletions });
  }
  return changes.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

export async function worktreeChanges(
  git: ProjectGit,
  sessionID: string,
  path: string,
): Promise<GitWorktreeChangesResponse> {
  const scope = await git.scope(sessionID);
  return withWorktreeIndex(git, scope, path, async ({ target, run, base }) => {
    const unasked = await git.unaskedArgs(run);
    const [numstat, names] = await Promise.all([
      git.git(run, "worktree", [...unasked, ...plainDiff, "--numstat", "-z", base]),
      git.git(run, "worktree", [...unasked, ...plainDiff, "--name-status", "-z", base]),
    ]);
    const files = parseChanges(numstat.stdout, names.stdout);
    const sum = (pick: (f: GitWorktreeChange) => number | null) => files.reduce((n, f) => n + (pick(f) ?? 0), 0);
    const more = files.length - listedChanges;
    return {
      path: target.path,
      branch: target.branch,
      files: files.slice(0, listedChanges),
      ...(more > 0 ? { more } : {}),
      fileCount: files.length,
      additions: sum((f) => f.additions),
      deletions: sum((f) => f.deletions),
    };
  });
}

/**
 * The worktree's changes made here, uncommitted, with nothing staged: refused whole, changing
 * nothing, when a file they touch was changed here too. Neither folder's chat may be replying
 * (their files are moving), and neither folder runs another git action meanwhile.
 */
export async function takeWorktreeChanges(
  git: ProjectGit,
  sessionID: string,
  path: string,
): Promise<GitWorktreeTakeResponse> {
  const scope = await git.scope(sessionID);
  return git.exclusive(scope.folder, () =>
    withWorktreeIndex(git, scope, path, async ({ target, run, base, tempFolder }) => {
      const name = target.branch ? `the branch ${target.branch}` : target.path;
      const replying = (folder: string, which: string) => {
        if (git.worktreeHooks.replyingIn(folder))
          throw new GitError(
            409,
            "git_refused",
            `A chat is replying in ${which}: stop it (or let it finish), then bring the changes over.`,
          );
      };
      replying(scope.folder, "this folder");
      replying(run.folder, target.path);
      const take = async () => {
        const unasked = await git.unaskedArgs(run);
        const patch = join(tempFolder, "changes.patch");
        const names = await git.git(run, "worktree", [...unasked, ...plainDiff, "--name-only", "-z", base]);
        const fileCount = names.stdout.split("\0").filter(Boolean).length;
        if (fileCount === 0)
          throw new GitError(
            409,
            "git_refused",
            `Nothing to bring: ${name} has no changes since it left this folder's branch.`,
          );
        await git.git(run, "worktree", [
          ...unasked,
          ...plainDiff,
          "--binary",
          "--full-index",
          "--src-prefix=a/",
          "--dst-prefix=b/",
          `--output=${patch}`,
          base,
        ]);
        const applied = await git.run(scope, [
          ...(await git.unaskedArgs(scope)),
          "apply",
          "--whitespace=nowarn",
          patch,
        ]);
        if (applied.code !== 0) {
          if (applied.timedOut || applied.missing || applied.cancelled)
            throw gitFailure("worktree", applied, applied.reportMs);
          const said = gitSaid(applied);
          throw new GitError(
            409,
            "git_refused",
            `The changes of ${name} were not brought here: files they change were changed here too, so nothing was changed. Commit or stash the changes here first, or merge the branch in a terminal.${said ? `\n${said}` : ""}`,
          );
        }
        return {
          done: `Brought the changes of ${name} here: ${fileCount} ${fileCount === 1 ? "file" : "files"}, uncommitted. The worktree keeps its own copy.`,
          fileCount,
          state: await git.read(scope),
        };
      };
      // The worktree's own git actions (a commit from its chat's Files tab) wait for this, as a removal does.
      return git.exclusive(
        run.folder,
        take,
        () =>
          new GitError(
            409,
            "git_refused",
            "A git action is running in that worktree (from its own chat's Files tab): wait for it to finish, then try again.",
          ),
      );
    }),
  );
}

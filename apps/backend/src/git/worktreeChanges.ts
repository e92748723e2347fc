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
// Which repository git works on is never left to git's discovery inside the worktree: its `.git` is
// a text file in the run's own folder, which the run's agent can rewrite to name any folder (review
// 21, H1: a fake git folder whose work tree was the backend's data folder was "compared" and
// brought here). git is told the worktree's record in this repository (GIT_DIR) and its folder
// (GIT_WORK_TREE), found from this folder's side, and never fetches a missing object for it
// (GIT_NO_LAZY_FETCH, git 2.45+: a promisor remote's upload-pack is a program config can name).
import { copyFile, mkdtemp, readdir, readFile, realpath, rm, stat, utimes } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import type {
  GitWorktree,
  GitWorktreeChange,
  GitWorktreeChangesResponse,
  GitWorktreeTakeResponse,
} from "@turnkey/contracts";
import { isInside } from "../files/containment.ts";
import { GitError, gitFailure, gitSaid } from "./gitErrors.ts";
import { listedWorktree, listIn, refusePrivate, sameFolder } from "./gitWorktree.ts";
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
  // diff.context=0 in config would make a patch git apply refuses (review 21, L1).
  "--unified=3",
  "--inter-hunk-context=0",
];

/**
 * Before each call on our own index: a split index (core.splitIndex) would write a shared index
 * into the worktree's record and could expire the one its real index uses (review 21, L2).
 */
const wholeIndex = ["-c", "core.splitIndex=false", "-c", "splitIndex.sharedIndexExpire=never"];

interface Prepared {
  target: GitWorktree;
  /** The worktree's folder, with our own index in its environment. */
  run: Scope;
  /** The commit both branches share. */
  base: string;
  /** Put before each git call on it: unasked, and our own index kept whole. */
  args: string[];
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
    throw new GitError(
      403,
      "path_outside_project",
      `OpenCode Turnkey's own data folder is inside ${target.path}, so git does not take changes from there.`,
    );
  const gitDir = await worktreeRecord(git, scope, real);
  // listIn's two lists are in the same order; the listed one has whole hashes.
  const hereHead = listed[worktrees.indexOf(here)]?.head;
  const theirs = listed[worktrees.indexOf(target)]?.head;
  if (!hereHead || !theirs)
    throw new GitError(409, "git_refused", "This folder has no commit yet, so there is nothing to compare with.");
  const tempFolder = await mkdtemp(join(tmpdir(), "turnkey-worktree-"));
  try {
    const index = join(tempFolder, "index");
    const env = { ...scope.env, GIT_DIR: gitDir, GIT_WORK_TREE: real, GIT_INDEX_FILE: index, GIT_NO_LAZY_FETCH: "1" };
    const run: Scope = { ...scope, folder: real, env, unasked: undefined };
    const unasked = [...(await git.unaskedArgs(run)), ...wholeIndex];
    // The worktree's own index holds each file's last known size and time, so `add -A` hashes only
    // what changed; without one (never written) the tree is read in afresh. The copy keeps the
    // index's own time, which git weighs each entry's time against ("racy git",
    // git-scm.com/docs/racy-git): a copy dated now must not vouch for more than the original does.
    if (!(await copyIndex(join(gitDir, "index"), index)))
      await git.git(run, "worktree", [...unasked, "read-tree", "HEAD"]);
    await git.git(run, "worktree", [...unasked, "add", "--all"]);
    const base = (await git.git(run, "worktree", [...unasked, "merge-base", theirs, hereHead])).stdout.trim();
    return await work({ target, run, base, args: unasked, tempFolder });
  } finally {
    await rm(tempFolder, { recursive: true, force: true }).catch(() => undefined);
  }
}

/**
 * The worktree's record in this repository (`<common dir>/worktrees/<id>`, whose `gitdir` file names
 * the worktree's `.git`), found from this folder's side: what `git worktree list` read. Refused
 * when none leads to the folder.
 */
async function worktreeRecord(git: ProjectGit, scope: Scope, real: string): Promise<string> {
  const common = (
    await git.git(scope, "worktree", [
      ...(await git.unaskedArgs(scope)),
      "rev-parse",
      "--path-format=absolute",
      "--git-common-dir",
    ])
  ).stdout.trim();
  const records = join(common, "worktrees");
  for (const id of await readdir(records).catch(() => [] as string[])) {
    const named = await readFile(join(records, id, "gitdir"), "utf8").catch(() => null);
    if (named === null) continue;
    const folder = await realpath(dirname(named.trim())).catch(() => null);
    if (folder !== null && sameFolder(folder, real)) return join(records, id);
  }
  throw new GitError(
    409,
    "git_refused",
    `git's record of the worktree ${real} was not found in this repository: run \`git worktree repair\` in a terminal, then try again.`,
  );
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

/**
 * Refuses files that go through one of the repository's own filters (nbstripout, git-crypt, LFS
 * installed with --local): the Files tab never runs those (unaskedArgs), and without them the
 * worktree's files are hashed raw and this folder's read raw, so the patch would be wrong or
 * refused for a reason that is not true (review 21, M3).
 */
async function refuseFiltered(git: ProjectGit, run: Scope, unasked: string[], paths: string[], name: string) {
  const off = new Set(
    unasked.flatMap((arg) => {
      const match = /^filter\.(.+)\.clean=$/s.exec(arg);
      return match ? [match[1]!] : [];
    }),
  );
  if (off.size === 0) return;
  const attrs = await git.git(run, "worktree", [...unasked, "check-attr", "-z", "--stdin", "filter"], {
    input: `${paths.join("\0")}\0`,
  });
  // -z: "path NUL attribute NUL value NUL" for each path.
  const fields = attrs.stdout.split("\0");
  for (let i = 0; i + 2 < fields.length; i += 3) {
    const driver = fields[i + 2]!;
    if (off.has(driver))
      throw new GitError(
        409,
        "git_refused",
        `${fields[i]} goes through this repository's own "${driver}" filter, which OpenCode Turnkey does not run: bring the changes of ${name} over in a terminal (git merge, or git checkout of the files).`,
      );
  }
}

export async function worktreeChanges(
  git: ProjectGit,
  sessionID: string,
  path: string,
): Promise<GitWorktreeChangesResponse> {
  const scope = await git.scope(sessionID);
  return withWorktreeIndex(git, scope, path, async ({ target, run, base, args: unasked }) => {
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
    withWorktreeIndex(git, scope, path, async ({ target, run, base, args: unasked, tempFolder }) => {
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
        const patch = join(tempFolder, "changes.patch");
        const names = await git.git(run, "worktree", [...unasked, ...plainDiff, "--name-only", "-z", base]);
        const paths = names.stdout.split("\0").filter(Boolean);
        if (paths.length === 0)
          throw new GitError(
            409,
            "git_refused",
            `Nothing to bring: ${name} has no changes since it left this folder's branch.`,
          );
        // Every other write of the Files tab keeps out of the backend's data folder (a home folder under git).
        if (paths.some((p) => scope.hidden.some((hidden) => isInside(hidden, resolve(scope.folder, p)))))
          throw new GitError(
            403,
            "path_outside_project",
            `${name} changes files in OpenCode Turnkey's own data folder, which git does not write: merge the branch in a terminal if that is meant.`,
          );
        await refuseFiltered(git, run, unasked, paths, name);
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
        const here = [...(await git.unaskedArgs(scope)), "apply", "--whitespace=nowarn"];
        // Checked first: git apply is whole or nothing while it checks, not while it writes (a file
        // named like a folder the patch makes passes the check and fails the write: review 21, M1).
        const check = await git.run(scope, [...here, "--check", patch]);
        if (check.code !== 0) {
          if (check.timedOut || check.missing || check.cancelled) throw gitFailure("worktree", check, check.reportMs);
          // Brought before (and committed since): the same changes, found here already (M2).
          const reverse = await git.run(scope, [...here, "--check", "--reverse", patch]);
          if (reverse.code === 0)
            throw new GitError(409, "git_refused", `The changes of ${name} are here already: nothing was changed.`);
          const said = gitSaid(check);
          throw new GitError(
            409,
            "git_refused",
            `The changes of ${name} were not brought here, and nothing was changed: files they change differ here (changed, added or deleted here too, or some of them brought already). Commit, stash or move the changes here first, or merge the branch in a terminal.${said ? `\n${said}` : ""}`,
          );
        }
        const applied = await git.run(scope, [...here, patch]);
        if (applied.code !== 0) {
          const said = gitSaid(applied);
          throw new GitError(
            409,
            "git_refused",
            `git stopped partway through bringing the changes of ${name}: some files here may have changed. The Files tab lists them.${said ? `\n${said}` : ""}`,
          );
        }
        return {
          done: `Brought the changes of ${name} here: ${paths.length} ${paths.length === 1 ? "file" : "files"}, uncommitted. The worktree keeps its own copy.`,
          fileCount: paths.length,
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

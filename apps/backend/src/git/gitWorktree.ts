// The Files tab's worktrees: the repository's folders (`git worktree list`), a new one on its own
// branch beside the main folder, and one removed. Two chats changing the same folder write over
// each other's files and see each other's half-done work in every diff; a worktree gives a chat
// its own folder and branch from the same repository, as OpenChamber's and OpenCode desktop's
// workspaces do. Where they go: `<parent>/<repo>.worktrees/<branch>`, next to the repository rather
// than inside it (inside, every file search, ripgrep and `git status` of the main folder would walk
// them) and never in the backend's data folder (git does not run there).
import { mkdir, realpath, rm, rmdir } from "node:fs/promises";
import { basename, dirname, join, resolve } from "node:path";
import { type GitWorktree, type GitWorktreeActionResponse, gitLocalBudgetMs } from "@turnkey/contracts";
import { isInside } from "../files/containment.ts";
import { refuseBadBranchName } from "./gitActions.ts";
import { GitBudget } from "./gitBudget.ts";
import { GitError, gitFailure } from "./gitErrors.ts";
import { branchNameProblem } from "./gitState.ts";
import type { ProjectGit, Scope } from "./projectGit.ts";
import { refuseChanges, worktreeRefusal } from "./worktreeRefusals.ts";

/** One record of `git worktree list --porcelain -z`, as git wrote it. */
export interface ListedWorktree {
  path: string;
  head: string | null;
  branch: string | null;
  bare: boolean;
  locked?: string;
  prunable: boolean;
}

/**
 * `git worktree list --porcelain -z` (git 2.36+, git-scm.com/docs/git-worktree#_porcelain_format):
 * attribute lines each ended by NUL, a record ended by an empty one; the main folder comes first.
 * With -z a path with a new line in it stays one path.
 */
export function parseWorktrees(text: string): ListedWorktree[] {
  const listed: ListedWorktree[] = [];
  let current: ListedWorktree | null = null;
  for (const line of text.split("\0")) {
    if (line === "") {
      if (current) listed.push(current);
      current = null;
      continue;
    }
    const space = line.indexOf(" ");
    const [key, value] = space === -1 ? [line, ""] : [line.slice(0, space), line.slice(space + 1)];
    if (key === "worktree") {
      if (current) listed.push(current);
      current = { path: value, head: null, branch: null, bare: false, prunable: false };
    } else if (!current) continue;
    else if (key === "HEAD") current.head = /^0+$/.test(value) ? null : value;
    else if (key === "branch") current.branch = value.replace(/^refs\/heads\//, "");
    else if (key === "bare") current.bare = true;
    else if (key === "locked") current.locked = value;
    else if (key === "prunable") current.prunable = true;
  }
  if (current) listed.push(current);
  return listed;
}

/**
 * The folder name for a branch: `feature/login` → `feature-login`. Only letters and digits (any
 * script), `.`, `_` and `-` (no separator, nothing Windows reserves: `<>:"|?*`), no dot or dash at either end (Windows drops a trailing
 * dot or space), at most 64 characters, and never one of Windows' device names, which a folder
 * cannot be called even with an extension (CON, NUL, COM1…: learn.microsoft.com/windows/win32/fileio/naming-a-file).
 */
export function worktreeFolderName(branch: string): string {
  const name =
    branch
      .normalize("NFC")
      .replace(/[^\p{L}\p{N}._-]+/gu, "-")
      .replace(/^[.-]+|[.-]+$/g, "")
      .slice(0, 64)
      .replace(/[.-]+$/, "") || "worktree";
  return /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³]|conin\$|conout\$)(\.|$)/i.test(name) ? `wt-${name}` : name;
}

/** Where a new worktree for `branch` goes: `<parent>/<repo>.worktrees/<folder name>`. */
export function worktreeFolder(mainFolder: string, branch: string): string {
  return join(dirname(mainFolder), `${basename(mainFolder)}.worktrees`, worktreeFolderName(branch));
}

/**
 * Paths as this system spells them (git for Windows writes `C:/x/y`), compared exactly, else
 * without case on Windows (NTFS ignores it; macOS volumes may not, and there a caseless match could
 * name another worktree: review 18b, W2).
 */
const spelled = (path: string) => resolve(path);
export const sameFolder = (a: string, b: string) =>
  spelled(a) === spelled(b) || (process.platform === "win32" && spelled(a).toLowerCase() === spelled(b).toLowerCase());

/** The main folder: the first entry, unless that is a bare repository's (then the first other). */
const mainOf = (listed: ListedWorktree[]) => listed.find((entry) => !entry.bare) ?? listed[0];

export async function listIn(
  git: ProjectGit,
  scope: Scope,
): Promise<{ listed: ListedWorktree[]; worktrees: GitWorktree[] }> {
  const run = await git.git(scope, "worktree", [
    ...(await git.unaskedArgs(scope)),
    "worktree",
    "list",
    "--porcelain",
    "-z",
  ]);
  const listed = parseWorktrees(run.stdout).map((entry) => ({ ...entry, path: spelled(entry.path) }));
  const main = mainOf(listed);
  const worktrees = await Promise.all(
    listed.map(async (entry): Promise<GitWorktree> => {
      // The folder as the projects' list and the chat name it is real.
      const real = await realpath(entry.path).catch(() => null);
      const missing = real === null || entry.prunable;
      return {
        path: entry.path,
        branch: entry.branch,
        head: entry.head ? entry.head.slice(0, 7) : null,
        main: entry === main || entry.bare,
        bare: entry.bare,
        current: real === scope.folder,
        missing,
        ...(entry.locked !== undefined ? { locked: entry.locked } : {}),
        projectId: missing ? null : git.worktreeHooks.projectIdOf(real),
      };
    }),
  );
  return { listed, worktrees };
}

export async function worktrees(git: ProjectGit, sessionID: string): Promise<GitWorktree[]> {
  return (await listIn(git, await git.scope(sessionID))).worktrees;
}

/** The worktree at `path` among those listed, spelled as git lists it or as this system does; refused when none is. */
export function listedWorktree(listed: GitWorktree[], path: string): GitWorktree {
  const target = listed.find((w) => w.path === spelled(path)) ?? listed.find((w) => sameFolder(w.path, path));
  if (!target)
    throw new GitError(
      404,
      "not_found",
      `${path} is not among this repository's worktrees any more. Refresh the list.`,
    );
  return target;
}

/** Refuses a folder inside the backend's data folder: git never works there, whatever git's records say. */
export function refusePrivate(scope: Scope, folder: string): void {
  if (scope.hidden.some((p) => isInside(p, spelled(folder))))
    throw new GitError(403, "path_outside_project", "git does not work inside OpenCode Turnkey's own data folder.");
}

/**
 * Hooks off for the checkout a new worktree makes and its clean-up (a post-checkout hook's failure
 * would report a made worktree as failed, and which hooks run is the repository's, read from config
 * the agent can write): a folder in the backend's data folder that is never made, so it holds no
 * hook. Not `/dev/null`: Git for Windows 2.35–2.38 warned about it on every call
 * (git-for-windows/git#4125), pushing git's own error out of the lines quoted. Filters still run
 * (git-lfs's smudge puts the real files there, as a terminal's add would).
 */
const noHooks = (scope: Scope) => ["-c", `core.hooksPath=${join(scope.hidden[0] ?? resolve("/"), "no-hooks")}`];

/**
 * A new worktree checking out `branch`: a new branch from this folder's last commit, or the branch
 * of that name when there is one (and no worktree has it checked out: git refuses, said below).
 * Its folder must not exist yet: it is claimed (made empty, which git accepts) before git runs, so
 * two adds cannot both pick it. If git fails or is ended at its deadline, what it left is cleared
 * (its record, the folder, the branch it made), so the same name can be tried again.
 */
export async function addWorktree(
  git: ProjectGit,
  sessionID: string,
  branch: string,
): Promise<GitWorktreeActionResponse> {
  const name = branch.trim();
  const problem = branchNameProblem(name);
  if (problem) throw new GitError(400, "invalid_branch", problem);
  // A checkout writes every file of the project: the network's longer deadline, as a clone's would.
  const scope = await git.scope(sessionID, true);
  return git.exclusive(scope.folder, async () => {
    await refuseBadBranchName(git, scope, name);
    const [{ listed }, state] = await Promise.all([listIn(git, scope), git.read(scope)]);
    const main = mainOf(listed);
    if (!main)
      throw new GitError(409, "git_refused", "git listed no folder for this repository. Refresh and try again.");
    const holder = listed.find((w) => w.branch === name);
    if (holder)
      throw new GitError(
        409,
        "git_refused",
        `The branch ${name} is already checked out in ${holder.path}: open that folder as a project, or choose another name.`,
      );
    const existing = state.branches.includes(name);
    // Windows' and macOS's disks keep refs without case: `feature` would find `Feature` there.
    const clash = state.branches.find((b) => b !== name && b.toLowerCase() === name.toLowerCase());
    if (clash)
      throw new GitError(
        409,
        "git_refused",
        `There is a branch named ${clash}: a name that differs from it only in case is the same branch on Windows and macOS. Use ${clash}, or choose another name.`,
      );
    if (!existing && !state.head)
      throw new GitError(
        409,
        "git_refused",
        "There is no commit yet to start a branch from: make a first commit, then add a worktree.",
      );
    const folder = worktreeFolder(main.path, name);
    refusePrivate(scope, folder);
    try {
      await mkdir(dirname(folder), { recursive: true });
      await mkdir(folder); // not recursive: EEXIST says the folder is taken
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      throw new GitError(
        409,
        "git_refused",
        code === "EEXIST"
          ? `${folder} already exists, and a worktree needs a folder of its own. Choose another branch name, or move that folder away.`
          : `${dirname(folder)} cannot be made (${code ?? "an error"}): the folder beside the repository is not writable. Check its permissions, then try again.`,
      );
    }
    // `--`: the folder and the branch are never read as options (the name cannot start with "-" either).
    const args = existing
      ? [...noHooks(scope), "worktree", "add", "--", folder, name]
      : [...noHooks(scope), "worktree", "add", "-b", name, "--", folder, "HEAD"];
    const run = await git.run(scope, args, { stepMs: git.networkMs });
    if (run.code !== 0) {
      // The branch is this add's only if git got as far as making it (not "already exists": made
      // meanwhile by someone else), and is deleted only while it still points where it was made.
      const made = !existing && state.head && !/already exists/i.test(run.stderr) ? state.head.hash : null;
      await clearFailedAdd(git, scope, folder, made ? { name, at: made } : null);
      throw worktreeRefusal(run, folder) ?? gitFailure("worktree", run, run.reportMs);
    }
    return {
      done: existing
        ? `Checked out ${name} in a new worktree: ${folder}.`
        : `Made the branch ${name} from ${state.head?.shortHash ?? "the last commit"} and checked it out in a new worktree: ${folder}.`,
      path: folder,
      worktrees: (await listIn(git, scope)).worktrees,
      state: await git.read(scope),
    };
  });
}

/**
 * What a failed or ended `worktree add` left: git's record (locked "initializing" when git was
 * ended at once, as on Windows, and then removable only with the lock overridden: `-f -f`), the
 * folder (emptied by git, or only claimed by us), and the branch this add made, deleted only if it
 * still points at the commit it was made from (`update-ref -d` with the old value). With a time
 * budget of its own: the add's may be spent (review 18b, W4). Best effort: the first error is said.
 */
async function clearFailedAdd(
  git: ProjectGit,
  scope: Scope,
  folder: string,
  madeBranch: { name: string; at: string } | null,
) {
  const fresh: Scope = { ...scope, budget: new GitBudget(gitLocalBudgetMs) };
  const after = await listIn(git, fresh).catch(() => null);
  if (after?.listed.some((entry) => sameFolder(entry.path, folder)))
    await git.run(fresh, [...noHooks(scope), "worktree", "remove", "--force", "--force", "--", folder]);
  await rm(folder, { recursive: true, force: true }).catch(() => undefined);
  await rmdir(dirname(folder)).catch(() => undefined); // only if nothing else is in it
  if (madeBranch)
    await git.run(fresh, [...noHooks(scope), "update-ref", "-d", `refs/heads/${madeBranch.name}`, madeBranch.at]);
}

/**
 * Removes a worktree this repository lists (never the main folder, never a locked one) with
 * `git worktree remove`, which refuses when the folder holds uncommitted changes or new files unless
 * `force` (asked for after that refusal, saying they are lost); that is asked first, so a refusal
 * changes nothing. The branch stays. Then the folder is let go of (`release`: OpenCode's instance
 * there, with its file watcher and terminals, which on Windows would keep it from being deleted);
 * a chat replying there refuses it, before and after. git runs from the main folder: Windows
 * cannot delete a folder that is a process's current one. The folder's own git actions are refused meanwhile.
 */
export async function removeWorktree(
  git: ProjectGit,
  sessionID: string,
  path: string,
  force: boolean,
): Promise<GitWorktreeActionResponse> {
  const scope = await git.scope(sessionID);
  return git.exclusive(scope.folder, async () => {
    const { listed, worktrees: before } = await listIn(git, scope);
    const target = listedWorktree(before, path);
    if (target.main)
      throw new GitError(400, "git_refused", "The repository's main folder is not a worktree that can be removed.");
    if (target.locked !== undefined)
      throw new GitError(
        409,
        "git_refused",
        `${target.path} is locked${target.locked ? ` (${target.locked})` : ""}, so it is not removed from here. Unlock it in a terminal (git worktree unlock), then try again.`,
      );
    refusePrivate(scope, target.path);
    const real = target.missing ? null : await realpath(target.path).catch(() => null);
    const main = mainOf(listed);
    const mainReal = main && !sameFolder(main.path, target.path) ? await realpath(main.path).catch(() => null) : null;
    const from: Scope = mainReal ? { ...scope, folder: mainReal } : scope;
    const work = async () => {
      if (real) {
        const refuse = () => {
          if (git.worktreeHooks.replyingIn(real))
            throw new GitError(
              409,
              "git_refused",
              "A chat is replying in that worktree: stop it (or let it finish), then remove the worktree.",
            );
        };
        refuse();
        if (!force) await refuseChanges(git, scope, target.path);
        await git.worktreeHooks.releaseFolder(real);
        refuse(); // a prompt sent while OpenCode let go
      }
      const run = await git.run(from, ["worktree", "remove", ...(force ? ["--force"] : []), "--", target.path]);
      if (run.code !== 0) throw worktreeRefusal(run, target.path) ?? gitFailure("worktree", run, run.reportMs);
    };
    // The target's own git actions (a commit from its chat's Files tab) are refused while this runs,
    // and this while one of them runs.
    if (real && real !== scope.folder)
      await git.exclusive(
        real,
        work,
        () =>
          new GitError(
            409,
            "git_refused",
            "A git action is running in that worktree (from its own chat's Files tab): wait for it to finish, then remove it.",
          ),
      );
    else await work();
    const kept = target.branch
      ? ` The branch ${target.branch} stays: merge it, or delete it in a terminal (git branch -D ${target.branch}).`
      : "";
    const chats = target.current
      ? " This chat's folder is gone; its history stays readable in the projects' list."
      : target.projectId
        ? " Its chats stay readable in the projects' list."
        : "";
    return {
      done: `Removed the worktree ${target.path}${force ? " and its uncommitted changes" : ""}.${kept}${chats}`,
      path: target.path,
      ...(target.current
        ? { worktrees: before.filter((w) => w !== target) }
        : { worktrees: (await listIn(git, scope)).worktrees, state: await git.read(scope) }),
    };
  });
}

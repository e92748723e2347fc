// git's refusals of a worktree's add and removal, in sentences that say what to do, and the check
// a removal makes first (uncommitted work, submodules), so that asking again changes nothing until
// the user says "remove anyway". Apart from gitWorktree.ts, which does the work.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { GitError, gitSaid } from "./gitErrors.ts";
import type { ProjectGit, Scope } from "./projectGit.ts";

/**
 * Refuses, as `git worktree remove` would, a folder holding uncommitted changes or new files
 * (ignored ones do not count), or submodules (git removes those only when forced), before OpenCode
 * is asked to let go of it. When git cannot say, its own remove will.
 */
export async function refuseChanges(git: ProjectGit, scope: Scope, folder: string): Promise<void> {
  if (existsSync(join(folder, ".gitmodules"))) throw submodulesRefusal(folder);
  const run = await git.run(scope, [
    ...(await git.unaskedArgs(scope)),
    "-C",
    folder,
    "status",
    "--porcelain",
    "-z",
    "--untracked-files=normal",
  ]);
  if (run.code === 0 && run.stdout !== "") throw changesRefusal(folder);
}

const submodulesRefusal = (folder: string) =>
  new GitError(
    409,
    "worktree_has_changes",
    `${folder} holds submodules, which git removes only when told to: remove it anyway, which deletes them with any work in them not pushed.`,
  );

const changesRefusal = (folder: string) =>
  new GitError(
    409,
    "worktree_has_changes",
    `${folder} holds uncommitted changes or new files. Commit them there first (open it as a project), or remove it anyway, which deletes them.`,
  );

/** git's refusals of `worktree add` and `remove`, in sentences; null when gitFailure's own fits. */
export function worktreeRefusal(run: { stdout: string; stderr: string }, folder: string): GitError | null {
  const text = `${run.stderr}\n${run.stdout}`;
  const quote = gitSaid(run) ? `\n${gitSaid(run)}` : "";
  if (/Filename too long/i.test(text)) return null; // gitFailure says how to turn long paths on
  if (/contains modified or untracked files|is dirty/i.test(text)) return changesRefusal(folder);
  if (/containing submodules/i.test(text)) return submodulesRefusal(folder);
  if (/validation failed, cannot remove working tree/i.test(text))
    return new GitError(
      409,
      "git_refused",
      `${folder} is no longer a worktree git can remove (its .git file is gone). Delete the folder by hand, then run \`git worktree prune\` in a terminal.${quote}`,
    );
  if (/already checked out|is already used by worktree/i.test(text))
    return new GitError(409, "git_refused", `That branch is checked out in another worktree already.${quote}`);
  if (/already exists/i.test(text)) return new GitError(409, "git_refused", `git found something in the way.${quote}`);
  if (
    /Permission denied|Access is denied|Directory not empty|Device or resource busy|unable to (create|remove)/i.test(
      text,
    )
  )
    return new GitError(
      409,
      "git_refused",
      `git could not write or delete ${folder}: a program may hold a file open there (an editor, a terminal, a build), or the folder above it is not writable. Close it, then try again.${quote}`,
    );
  return null;
}

// The Files tab's unasked reads (`git status`, `git diff HEAD`) pass changed tracked files through
// their clean filter (gitattributes(5), "filter"), a program .git/config can name and
// .git/info/attributes can apply: a write by the agent's edit tool, no bash approval, would get it
// run on every refresh (review 6, S2). A config read runs nothing, so the reads first list the
// drivers the repository's own config defines and switch each off with `-c` (an empty clean or
// process command runs no filter). The user's global and system drivers (git-lfs) are the user's
// own and kept, so LFS files are not counted as wholly changed. A submodule's drivers: below. What
// every unasked read puts first (`unasked`: no fsmonitor, no optional locks) is here too.

import type { GitIn } from "./gitChanges.ts";
import { GitError } from "./gitErrors.ts";

/**
 * Put before every read that runs with no click (the tab's state, the change list, a patch, the
 * re-read after an action). `core.fsmonitor` names a program a write to .git/config can set (the
 * agent's edit tool, no bash approval): status would run it on every read, and it only speeds status
 * up (review 5, S2). `--no-optional-locks` (GIT_OPTIONAL_LOCKS=0, git-scm.com/docs/git): status does
 * not refresh the index under .git/index.lock, so the agent's own `git add` at a reply's end does
 * not fail on the lock (review 5, L13). Repository filter drivers: below (ProjectGit.unaskedArgs). Hooks run only on clicks that run them in a terminal
 * (commit, a branch switch), never on reads; a new worktree's checkout runs none (gitWorktree.ts).
 */
export const unasked = ["-c", "core.fsmonitor=false", "--no-optional-locks"];

/**
 * For an unasked `status` or `diff`: a submodule counts as changed when its commit moved, and its
 * work tree is not looked into. Looking means a `git status` inside the submodule, which runs the
 * clean filter the submodule's own .git/config names on each stat-dirty file; `-c` reaches that
 * git, but the names are the submodule's, which the superproject's config does not list. The
 * command-line option wins over `submodule.<name>.ignore` and `diff.ignoreSubmodules`
 * (git-scm.com/docs/git-status, --ignore-submodules), which the same config could set. A
 * submodule with only uncommitted edits is then not listed: the tab commits the superproject, and
 * `git add` of such a submodule adds nothing anyway.
 */
export const submoduleWorkTreesUnread = "--ignore-submodules=dirty";

/**
 * For an unasked `diff`: that, and a moved submodule shown as its two commits. `diff.submodule =
 * diff` in .git/config made the patch a diff run inside the submodule, where `--no-ext-diff` and
 * `--no-textconv` do not reach, so the submodule's own external diff or textconv ran (reproduced
 * with git 2.39); the command-line `--submodule` wins over that setting (git-scm.com/docs/git-diff).
 */
export const submoduleDiffUnread = [submoduleWorkTreesUnread, "--submodule=short"];

/** `-c` arguments that turn off every filter driver the repository (not the user) defines. */
export async function repositoryFilterOffs(gitIn: GitIn): Promise<string[]> {
  // --show-scope (git 2.26): "local", "worktree" (config.worktree), "command"; includes keep their file's scope.
  const scoped = await gitIn(["config", "-z", "--show-scope", "--get-regexp", "^filter\\."]);
  // An older git: every driver is switched off, the user's own too (safe; LFS files then show whole).
  const listed = scoped.code === 129 ? await gitIn(["config", "-z", "--get-regexp", "^filter\\."]) : scoped;
  const fields = listed.stdout.split("\0").filter((f) => f !== "");
  const names = new Set<string>();
  const step = scoped.code === 129 ? 1 : 2;
  for (let i = 0; i + step - 1 < fields.length; i += step) {
    if (step === 2 && (fields[i] === "global" || fields[i] === "system")) continue;
    const key = (fields[i + step - 1] ?? "").split("\n", 1)[0] ?? "";
    const name = key.slice("filter.".length, key.lastIndexOf("."));
    if (name !== "") names.add(name);
  }
  const offs: string[] = [];
  for (const name of names) {
    // `-c` splits at the first "=": such a name cannot be named there, so its filter could not be stopped.
    if (name.includes("="))
      throw new GitError(
        409,
        "git_refused",
        `This project's git config defines a filter named "${name}", which the Files tab cannot switch off: rename it without "=" to see the changes here.`,
      );
    offs.push("-c", `filter.${name}.clean=`, "-c", `filter.${name}.process=`, "-c", `filter.${name}.required=false`);
  }
  return offs;
}

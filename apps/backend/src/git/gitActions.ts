// The Files tab's git actions, each a click: a commit of chosen files, switching to or creating a
// branch, fetch, pull and push with the upstream. Each runs as one action at a time in its folder
// (ProjectGit.exclusive), nothing a person typed reaches git as an option (`--`, pathspecs on
// stdin, branch names checked by us and by `git check-ref-format`), and each answers with a
// sentence and the state after it.
import type { GitActionResponse, GitCommitResponse, GitWorkState } from "@turnkey/contracts";
import { type CommitChoice, chosenPaths } from "./commitChoice.ts";
import { literal } from "./gitChanges.ts";
import { GitError, noUpstream } from "./gitErrors.ts";
import { branchNameProblem, parseBranches } from "./gitState.ts";
import type { ProjectGit, Scope } from "./projectGit.ts";
import type { GitRun } from "./runGit.ts";

/** `choice`: the paths to commit, or a selection with its listing (commitChoice.ts). */
export async function commit(
  git: ProjectGit,
  sessionID: string,
  message: string,
  choice: CommitChoice,
): Promise<GitCommitResponse> {
  if (message.trim() === "")
    throw new GitError(400, "commit_message_required", "Write a commit message first: say what the change does.");
  const scope = await git.scope(sessionID);
  return git.exclusive(scope.folder, async () => {
    const chosen = chosenPaths(
      (await git.readAll(scope)).files.map((f) => f.path),
      choice,
    );
    // Paths go on stdin, NUL-separated, each marked `:(literal)`: never an option, never a
    // pattern, and no command-line length limit (32,767 characters on Windows).
    const input = `${chosen.map(literal).join("\0")}\0`;
    const pathspec = ["--pathspec-from-file=-", "--pathspec-file-nul"];
    await git.git(scope, "commit", ["add", "--all", ...pathspec], { input });
    // With paths, commit takes only those (`--only`), whatever else was staged before.
    await git.git(scope, "commit", ["commit", "--no-edit", `--message=${message}`, ...pathspec], { input });
    const state = await git.read(scope);
    if (!state.head) throw new GitError(409, "git_refused", "git reported a commit but shows none. Refresh the list.");
    return { commit: state.head, state };
  });
}

export async function branch(
  git: ProjectGit,
  sessionID: string,
  name: string,
  create: boolean,
): Promise<GitActionResponse> {
  const problem = branchNameProblem(name);
  if (problem) throw new GitError(400, "invalid_branch", problem);
  const scope = await git.scope(sessionID);
  return git.exclusive(scope.folder, async () => {
    if (create) {
      await refuseBadBranchName(git, scope, name);
      await git.git(scope, "create", ["switch", "--no-guess", "--create", name]);
      git.branchMoved(scope.folder);
      return {
        done: `Created the branch ${name} from the last commit and switched to it.`,
        state: await git.read(scope),
      };
    }
    const known = parseBranches(
      (await git.git(scope, "status", ["for-each-ref", "--format=%(refname)", "refs/heads/"])).stdout,
    );
    if (!known.includes(name))
      throw new GitError(
        404,
        "invalid_branch",
        `There is no branch named ${name} in this repository. Refresh the list and choose one.`,
      );
    await git.git(scope, "switch", ["switch", "--no-guess", "--", name]);
    git.branchMoved(scope.folder);
    return { done: `Switched to ${name}.`, state: await git.read(scope) };
  });
}

/** Refuses a name git would not take for a new branch (`git check-ref-format`), with the rules in a sentence. */
export async function refuseBadBranchName(git: ProjectGit, scope: Scope, name: string): Promise<void> {
  const check = await git.run(scope, ["check-ref-format", `refs/heads/${name}`]);
  if (check.code !== 0)
    throw new GitError(
      400,
      "invalid_branch",
      `"${name}" is not a name git allows for a branch (no spaces, "..", "~", "^", ":", "?", "*", "[", "\\" or "@{", and no "/" at either end). Choose another name.`,
    );
}

/**
 * Fetches the branch's remote (its upstream's, else origin, else the only one), as pull would, and
 * no other: each remote's own settings in .git/config (an `uploadpack` program) run only for a remote
 * the branch already pulls from (review 17c M13). No pruning is asked, so what the remote deleted
 * stays listed (as VS Code's Fetch by default). Changes nothing but the remote-tracking branches.
 */
export async function fetch(git: ProjectGit, sessionID: string): Promise<GitActionResponse> {
  const scope = await git.scope(sessionID, true);
  return git.exclusive(scope.folder, async () => {
    const before = await git.read(scope);
    const remote = branchRemote(before);
    if (!remote)
      throw new GitError(
        409,
        "no_upstream",
        "This repository has no remote to fetch from. Add one in a terminal (git remote add origin <address>), then fetch.",
      );
    await git.git(scope, "fetch", ["fetch", "--quiet", remote], { network: true });
    const state = await git.read(scope);
    if (!state.upstream) return { done: `Fetched from ${remote}. This branch has no upstream to compare with.`, state };
    if (state.upstreamGone) return { done: `Fetched from ${remote}: ${state.upstream} is gone from it.`, state };
    const plural = (n: number) => `${n} commit${n === 1 ? "" : "s"}`;
    const done =
      state.behind > 0
        ? `Fetched from ${remote}: ${plural(state.behind)} to pull from ${state.upstream}.`
        : `Fetched from ${remote}: nothing new on ${state.upstream}.`;
    return { done, state };
  });
}

/** The remote the branch pulls from: its upstream's (the longest remote name it starts with), else origin, else the only one. */
function branchRemote(state: GitWorkState): string | undefined {
  const remotes = state.remotes.filter((name) => !name.startsWith("-"));
  const upstream = state.upstream;
  const ofUpstream = upstream
    ? remotes.filter((name) => upstream.startsWith(`${name}/`)).sort((a, b) => b.length - a.length)[0]
    : undefined;
  return ofUpstream ?? (remotes.includes("origin") ? "origin" : remotes.length === 1 ? remotes[0] : undefined);
}

export async function pull(git: ProjectGit, sessionID: string): Promise<GitActionResponse> {
  const scope = await git.scope(sessionID, true);
  return git.exclusive(scope.folder, async () => {
    const before = await git.read(scope);
    if (!before.branch)
      throw new GitError(
        409,
        "git_refused",
        "No branch is checked out (a detached HEAD): switch to a branch first, then pull.",
      );
    if (!before.upstream) throw noUpstream(false);
    await git.git(scope, "pull", ["pull", "--no-edit"], { network: true });
    const state = await git.read(scope);
    const same = state.head?.hash === before.head?.hash;
    return { done: same ? `Already up to date with ${before.upstream}.` : `Pulled from ${before.upstream}.`, state };
  });
}

export async function push(git: ProjectGit, sessionID: string, publishTo?: string): Promise<GitActionResponse> {
  const scope = await git.scope(sessionID, true);
  return git.exclusive(scope.folder, async () => {
    const before = await git.read(scope);
    const branch = before.branch;
    if (!branch)
      throw new GitError(
        409,
        "git_refused",
        "No branch is checked out (a detached HEAD): create a branch first, then push it.",
      );
    let run: GitRun;
    let target = before.upstream;
    if (!before.upstream) {
      if (!publishTo) throw noUpstream(true);
      if (!before.remotes.includes(publishTo) || publishTo.startsWith("-"))
        throw new GitError(
          404,
          "no_upstream",
          `There is no remote named ${publishTo}. Add one in a terminal (git remote add), then publish.`,
        );
      run = await git.git(scope, "push", ["push", "--set-upstream", "--", publishTo, `refs/heads/${branch}`], {
        network: true,
      });
      target = `${publishTo}/${branch}`;
    } else run = await git.git(scope, "push", ["push"], { network: true });
    const state = await git.read(scope);
    const nothing = /Everything up-to-date/i.test(run.stderr);
    return {
      done: nothing ? `${target} already has every commit of ${branch}.` : `Pushed ${branch} to ${target}.`,
      state,
    };
  });
}

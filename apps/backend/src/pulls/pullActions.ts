// A pull request's next steps from the Files tab, through the user's GitHub CLI as its creation is
// (pullRequests.ts): merging it, marking a draft ready for review, and reading what the forms choose
// from (the repository's merge methods, who can review, its labels). A merge is refused with a
// sentence before gh runs when GitHub would refuse it or the person would not want it (a draft,
// failed or running checks, conflicts, the base's rules, new commits since they looked); and gh is
// given the head commit they saw (`--match-head-commit`), so GitHub refuses a branch that moved.
import {
  type GitWorkState,
  gitAfterMergeBudgetMs,
  type MergePullRequestRequest,
  type PullRequestActionResponse,
  type PullRequestInfo,
  type PullRequestRepository,
} from "@turnkey/contracts";
import { GitBudget } from "../git/gitBudget.ts";
import { GitError, gitSaid } from "../git/gitErrors.ts";
import { unasked } from "../git/gitFilters.ts";
import type { ProjectGit, Scope } from "../git/projectGit.ts";
import { ghFailure } from "./ghErrors.ts";
import { parseRepository, repositoryFields } from "./pullRepository.ts";
import type { PullRequests } from "./pullRequests.ts";

const names = (checks: PullRequestInfo["checkList"], state: string) => {
  const named = checks.filter((c) => c.state === state).map((c) => c.name);
  return `${named.slice(0, 3).join(", ")}${named.length > 3 ? ", …" : ""}`;
};

/** Why this pull request should not be merged now, as a sentence; null when nothing stands in the way. */
export function mergeRefusal(pr: PullRequestInfo, seenHead: string): GitError | null {
  const no = (message: string) => new GitError(409, "not_mergeable", message);
  if (pr.state !== "open")
    return no(`#${pr.number} is ${pr.state} already, so there is nothing to merge. Press Refresh.`);
  if (pr.draft) return no(`#${pr.number} is a draft: mark it ready for review first, then merge it.`);
  if (pr.headSha !== seenHead)
    return no(
      `The branch of #${pr.number} has commits on GitHub you have not seen here (its last is now ${pr.headSha.slice(0, 7)}). Press Refresh, look at them, then merge.`,
    );
  const { failed, pending } = pr.checks;
  if (failed > 0)
    return no(
      `${failed === 1 ? "1 check" : `${failed} checks`} of #${pr.number} failed (${names(pr.checkList, "failed")}). Open each to see why, fix it and push; then merge.`,
    );
  if (pending > 0)
    return no(
      `${pending === 1 ? "1 check" : `${pending} checks`} of #${pr.number} ${pending === 1 ? "is" : "are"} still running (${names(pr.checkList, "pending")}). Wait for ${pending === 1 ? "it" : "them"} to finish, press Refresh, then merge.`,
    );
  if (pr.mergeable === "conflicting" || pr.mergeState === "dirty")
    return no(
      `#${pr.number} conflicts with ${pr.base}: pull ${pr.base} into ${pr.head}, resolve the conflicts, commit and push; then merge.`,
    );
  if (pr.mergeState === "behind")
    return no(
      `${pr.base} has commits that ${pr.head} lacks, and its rules require the branch to be up to date: pull ${pr.base} into ${pr.head} and push, then merge.`,
    );
  if (pr.mergeState === "blocked")
    return no(
      `GitHub's rules for ${pr.base} block this merge (a required review or check is missing). Open #${pr.number} on GitHub to see what it waits for.`,
    );
  return null;
}

/**
 * Why the branch here must not be deleted with the merge, as a sentence; null when nothing here
 * would be lost. gh's --delete-branch switches this folder to the base and deletes the branch with
 * `git branch -D` (cli/cli git/client.go, DeleteLocalBranch), which drops commits GitHub never got.
 * Uncommitted changes are not lost: git's switch takes them along to the base (said after the
 * merge), or refuses, and gh then fails after the merge, which is reported as such (merge below).
 * `namedBranch`: the branch gh deletes when the one checked out has another name (namedBranchHere).
 */
export function deleteBranchRefusal(
  pr: PullRequestInfo,
  here: GitWorkState,
  namedBranch: NamedBranch = { exists: false, lacking: null, atHead: false },
): GitError | null {
  const no = (message: string) => new GitError(409, "not_mergeable", message);
  const instead = "or merge without deleting the branch";
  const branch = here.branch ?? pr.head;
  // A fork's pull request: gh leaves the fork's branch on GitHub to its owner and deletes the local
  // branch named after the head (merge.go: crossRepoPR, deleteRemoteBranch). A fork's main into
  // main: that branch is the person's own base.
  if (pr.crossRepository && pr.head === pr.base && namedBranch.exists)
    return no(
      `#${pr.number} comes from a fork's ${pr.head}, the name of its base too, so gh would delete your own ${pr.base} here: merge without deleting the branch.`,
    );
  // Checked out under another name (gh pr checkout names a fork's default branch owner/main; -b any
  // name): a local branch with the fork branch's name is #N's only when it is at #N's last commit.
  if (pr.crossRepository && here.branch !== pr.head && namedBranch.exists && !namedBranch.atHead)
    return no(
      `#${pr.number} comes from a fork and is checked out here as ${branch}, so gh would delete the branch ${pr.head} here, which is not #${pr.number}'s (it may be yours, with the same name): merge without deleting the branch.`,
    );
  // Checked out under another name (a local my-login tracking add-login): gh deletes a local
  // branch named after the head, if there is one, and leaves this one alone (see namedBranchHere).
  if (here.branch !== pr.head) {
    if (namedBranch.lacking === null) return null;
    const why =
      namedBranch.lacking === "unknown"
        ? `git could not tell whether #${pr.number} holds its commits`
        : `its last commit, ${namedBranch.lacking}, is not in #${pr.number}`;
    return no(
      `gh would delete the branch ${pr.head} here (you are on ${branch}), and ${why}: push it first, ${instead}.`,
    );
  }
  // The pull request's own last commit, or one before it: GitHub has all of it, whatever the
  // tracking ref says.
  if (here.head !== null && here.head.hash === pr.headSha) return null;
  if (namedBranch.exists && namedBranch.lacking === null) return null;
  if (here.ahead > 0)
    return no(
      `${here.ahead === 1 ? "1 commit" : `${here.ahead} commits`} on ${branch} here ${here.ahead === 1 ? "is" : "are"} not on GitHub, and deleting the branch would drop ${here.ahead === 1 ? "it" : "them"}: push first (then look at #${pr.number} again), ${instead}.`,
    );
  // No upstream, or one whose branch is gone (git then counts nothing ahead): only the commit can tell.
  if ((here.upstream === null || here.upstreamGone) && here.head !== null)
    return no(
      `${branch} here is not the branch GitHub has for #${pr.number} (its last commit here, ${here.head.shortHash}, is not the pull request's), and deleting it could drop work: push it, ${instead}.`,
    );
  // Up to date with its tracking ref, yet not in #N's history: the branch on GitHub was rewritten
  // since the last fetch (a force-push), and this one holds commits the pull request no longer has.
  if (namedBranch.exists && namedBranch.lacking !== null && namedBranch.lacking !== "unknown")
    return no(
      `${branch} here holds commits #${pr.number} does not (its last, ${namedBranch.lacking}, is not in the pull request's history: the branch on GitHub was rewritten since you last pulled), and deleting it would drop them: pull or look at them first, ${instead}.`,
    );
  return null;
}

/**
 * The local branch named after the pull request's head, the one gh's --delete-branch deletes
 * whichever is checked out (cli/cli pkg/cmd/pr/merge/merge.go, deleteLocalBranch:
 * `DeleteLocalBranch(ctx, m.pr.HeadRefName)`; it switches away only when it is the current one):
 * whether it exists, and `lacking`: null when #N's head holds its last commit, else that commit's
 * short hash, or "unknown" when git could not say (#N's head never fetched here); `atHead`: it is at
 * #N's last commit.
 */
type NamedBranch = { exists: boolean; lacking: string | "unknown" | null; atHead: boolean };

async function namedBranchHere(git: ProjectGit, scope: Scope, pr: PullRequestInfo): Promise<NamedBranch> {
  const at = await git.run(scope, [...unasked, "rev-parse", "--verify", "--quiet", `refs/heads/${pr.head}^{commit}`]);
  // --verify --quiet exits 1, saying nothing, for a ref that does not exist.
  if (at.code === 1 && at.stdout.trim() === "") return { exists: false, lacking: null, atHead: false };
  const hash = at.code === 0 ? at.stdout.trim() : "";
  if (!/^[0-9a-f]{40,64}$/.test(hash)) return { exists: true, lacking: "unknown", atHead: false };
  if (hash === pr.headSha) return { exists: true, lacking: null, atHead: true };
  // Exit 0: an ancestor of #N's head, so GitHub has it; 1: not; else (the head not fetched here) unknown.
  const held = await git.run(scope, [...unasked, "merge-base", "--is-ancestor", hash, pr.headSha]);
  const lacking = held.code === 0 ? null : held.code === 1 ? hash.slice(0, 7) : "unknown";
  return { exists: true, lacking, atHead: false };
}

/** The repository's merge methods, reviewers and labels (`gh repo view --json`). */
export async function repository(
  pulls: PullRequests,
  git: ProjectGit,
  sessionID: string,
): Promise<PullRequestRepository> {
  return readRepository(pulls, await git.scope(sessionID, true));
}

async function readRepository(pulls: PullRequests, scope: Scope): Promise<PullRequestRepository> {
  const run = await pulls.gh(scope, ["repo", "view", "--json", repositoryFields]);
  if (run.code !== 0) throw ghFailure("read", run, run.reportMs, pulls.platform);
  return parseRepository(run.stdout);
}

const methodWords = { merge: "a merge commit", squash: "one squashed commit", rebase: "its commits rebased" };

type Before = { scope: Scope; branch: string | null; here: GitWorkState; pr: PullRequestInfo };

/** One action on the current branch's pull request, alone in its folder; 404 with a sentence when it has none. */
function onPullRequest<T>(
  pulls: PullRequests,
  git: ProjectGit,
  sessionID: string,
  work: (before: Before) => Promise<T>,
): Promise<T> {
  return git.scope(sessionID, true).then((scope) =>
    git.exclusive(scope.folder, async () => {
      const here = await git.read(scope);
      const { branch } = here;
      const pr = branch ? await pulls.current(scope) : null;
      if (!pr) throw new GitError(404, "no_pull_request", "This branch has no pull request. Press Refresh.");
      return work({ scope, branch, here, pr });
    }),
  );
}

/** Merges the current branch's pull request, then says what gh did to the branch here. */
export function merge(
  pulls: PullRequests,
  git: ProjectGit,
  sessionID: string,
  request: MergePullRequestRequest,
): Promise<PullRequestActionResponse> {
  return onPullRequest(pulls, git, sessionID, async ({ scope, branch, here: before, pr }) => {
    const notNow = mergeRefusal(pr, request.head);
    if (notNow) throw notNow;
    const named = request.deleteBranch ? await namedBranchHere(git, scope, pr) : undefined;
    // A fork's branch on GitHub is its owner's: gh deletes it here only (merge.go, deleteRemoteBranch).
    const deletesOnGitHub = request.deleteBranch && !pr.crossRepository;
    const refusal = request.deleteBranch ? deleteBranchRefusal(pr, before, named) : null;
    if (refusal) throw refusal;
    const { methods } = await readRepository(pulls, scope);
    if (methods.length > 0 && !methods.includes(request.method))
      throw new GitError(
        400,
        "not_mergeable",
        `This repository does not allow ${request.method} merges on GitHub. Choose ${methods.join(" or ")}.`,
      );
    // By number, the one the person looked at: without it gh picks the branch's pull request at
    // merge time (review 9, L3c); --match-head-commit keeps the commit they saw.
    const args = ["pr", "merge", String(pr.number), `--${request.method}`, `--match-head-commit=${request.head}`];
    if (request.deleteBranch) args.push("--delete-branch");
    const run = await pulls.gh(scope, args);
    if (run.code !== 0 && /delete-branch`? when merge queue/i.test(run.stderr))
      // gh 2.64 and later (cli/cli#10074): "Cannot use `-d` or `--delete-branch` when merge queue enabled".
      throw new GitError(
        409,
        "not_mergeable",
        `${pr.base}'s rules use a merge queue, which merges later, so the branch cannot be deleted with the merge: merge without deleting the branch, and delete it once #${pr.number} is merged.`,
      );
    // gh merges on GitHub first and then works here (switch, pull, delete the branch): when that
    // second part fails (or the time limit stops it), #N is merged all the same, so it is read again
    // before the person is told nothing was merged. The re-read, and then the look at the branch
    // here, share one budget of their own when the action's is short (a time-out, or a gh that
    // ended near it: review 12, pulls F6; one for both keeps the action inside the window's own
    // wait), and a look here that fails does not turn a merge GitHub confirmed into an error (F2).
    const afterScope =
      run.timedOut || scope.budget.leftMs() < gitAfterMergeBudgetMs
        ? { ...scope, budget: new GitBudget(gitAfterMergeBudgetMs) }
        : scope;
    const readHere = () => git.read(afterScope).catch(() => null);
    const merged = await pulls.current(afterScope, pr.number).catch((error: unknown) => {
      if (run.code !== 0) return null;
      throw error;
    });
    if (run.code !== 0 && merged?.state !== "merged") throw ghFailure("merge", run, run.reportMs, pulls.platform);
    if (merged?.state !== "merged" && merged?.state !== "open") {
      // gh before 2.64 queued the merge and then deleted the branch on GitHub, which closes the pull
      // request and takes it off the queue (cli/cli#7011): nothing was merged. It had switched this
      // project to the base and deleted the branch here first, which is said too (F1).
      const now = await readHere();
      const moved =
        now !== null && now.branch !== branch
          ? ` Here gh has already switched the project to ${now.branch ?? "a detached HEAD"} and deleted ${pr.head}.`
          : "";
      throw new GitError(
        409,
        "not_mergeable",
        `gh finished, but #${pr.number} was not merged: GitHub ${merged ? `shows it ${merged.state}` : "no longer finds it"}${deletesOnGitHub ? ` (deleting ${pr.head} closes it while ${pr.base}'s merge queue waits)` : ""}.${moved} Open #${pr.number} on GitHub${deletesOnGitHub ? ": restore the branch, reopen it, and merge without deleting the branch" : " to see why"}.`,
      );
    }
    const how = `Merged #${pr.number} into ${pr.base} as ${methodWords[request.method]}.`;
    const said = gitSaid(run, 3);
    const unfinished =
      run.code !== 0 ? ` gh could not finish its work here after the merge${said ? ` (it said: ${said})` : ""}` : "";
    const after = await readHere();
    if (after === null)
      return {
        done: `${merged.state === "open" ? `GitHub queued #${pr.number} to merge into ${pr.base} (its rules use a merge queue).` : how}${unfinished ? `${unfinished}, and the branch here` : " The branch here"} could not be read: press Refresh to see where the project is now${unfinished ? ", and look at it before you go on" : ""}.`,
        branch,
        pullRequest: merged,
      };
    // A base whose rules use a merge queue: gh adds #N to the queue and exits 0; GitHub merges it later.
    // gh before 2.64 then deletes the branch here all the same (a fork's pull request stays queued,
    // its branch on GitHub being left alone: review 13, pulls F1).
    if (merged?.state === "open") {
      const queued = `GitHub queued #${pr.number} to merge into ${pr.base} (its rules use a merge queue): it merges once the queue's checks pass`;
      // Deleted here without a switch: the pull request's branch, checked out under another name (review 13, R1).
      const deletedHere = before.branches.includes(pr.head) && !after.branches.includes(pr.head);
      return {
        done:
          after.branch !== branch
            ? `${queued}. gh has already switched the project to ${after.branch ?? "a detached HEAD"} and deleted ${pr.head} here.`
            : deletedHere
              ? `${queued}. gh has already deleted ${pr.head} here; ${branch ?? "the branch"} you are on stays as it is.`
              : `${queued}, and ${pr.head} stays as it is here until then.`,
        branch: after.branch,
        pullRequest: merged,
      };
    }
    if (run.code !== 0) {
      return {
        done: `${how}${unfinished}; you are on ${after.branch ?? "a detached HEAD"}: look at the branch here before you go on.`,
        branch: after.branch,
        pullRequest: merged,
      };
    }
    // gh's --delete-branch switches away from the merged branch (to the base, which it pulls) and
    // deletes it here and, unless it is a fork's, on GitHub (cli/cli pkg/cmd/pr/merge/merge.go);
    // without it nothing changes here.
    const behind =
      after.upstream && after.behind > 0 ? ` (${after.behind} behind ${after.upstream}: pull to get the merge)` : "";
    const carried = before.files.some((f) => f.state !== "untracked")
      ? " Your uncommitted changes came along; they are there to commit or discard."
      : "";
    const deleted = (alsoHere: boolean) =>
      !pr.crossRepository
        ? `${pr.head} was deleted on GitHub${alsoHere ? " and here" : ""}`
        : alsoHere
          ? `${pr.head} was deleted here`
          : `Nothing was deleted: ${pr.head} is a fork's branch, its owner's to delete`;
    const here =
      after.branch !== branch
        ? ` ${deleted(true)}; you are on ${after.branch ?? "a detached HEAD"} now${behind}.${carried}`
        : request.deleteBranch && branch !== pr.head
          ? ` ${deleted(named?.exists ?? false)}; ${branch ?? "the branch"} you are on stays as it is.`
          : request.deleteBranch
            ? ` ${deleted(false)}; ${pr.head} stays checked out here.`
            : ` ${branch ?? pr.head} stays checked out here: switch to ${pr.base} and pull to work on the merged code.`;
    return { done: how + here, branch: after.branch, pullRequest: merged };
  });
}

/** Marks the current branch's draft pull request ready for review (`gh pr ready`). */
export function markReady(pulls: PullRequests, git: ProjectGit, sessionID: string): Promise<PullRequestActionResponse> {
  return onPullRequest(pulls, git, sessionID, async ({ scope, branch, pr }) => {
    if (pr.state !== "open")
      throw new GitError(
        409,
        "not_mergeable",
        `#${pr.number} is ${pr.state} already, so it cannot be marked ready. Press Refresh.`,
      );
    if (!pr.draft)
      throw new GitError(
        409,
        "not_mergeable",
        `#${pr.number} is not a draft, so it is ready for review already. Press Refresh.`,
      );
    const run = await pulls.gh(scope, ["pr", "ready", String(pr.number)]);
    if (run.code !== 0) throw ghFailure("ready", run, run.reportMs, pulls.platform);
    return {
      done: `#${pr.number} is ready for review: GitHub tells its reviewers now.`,
      branch,
      pullRequest: await pulls.current(scope, pr.number),
    };
  });
}

// What a failed `gh` call means for the person in the Files tab, as one sentence that says what to
// do, chosen from gh's own words (its messages in cli/cli: api/queries_pr.go, pkg/cmd/pr/create,
// pkg/cmdutil/auth_check.go; exit code 4 is "authentication required", cli.github.com/manual/
// gh_help_exit-codes). gh's last lines follow the sentence when they add something.
import { formatDuration } from "@turnkey/contracts";
import { GitError, gitSaid } from "../git/gitErrors.ts";
import type { GitRun } from "../git/runGit.ts";
import { ghMissing } from "./ghProgram.ts";

/** gh found no pull request for the branch: not a failure, the branch simply has none. */
export function noPullRequest(run: GitRun): boolean {
  return run.code === 1 && /no (open )?pull requests? found/i.test(run.stderr);
}

const doing = {
  read: "read this branch's pull request",
  create: "create the pull request",
  merge: "merge the pull request",
  ready: "mark the pull request ready for review",
};

export function ghFailure(
  what: keyof typeof doing,
  run: GitRun,
  reportMs: number,
  platform: NodeJS.Platform,
): GitError {
  if (run.missing) return ghMissing(platform);
  const said = gitSaid(run, 4);
  const quote = said ? ` gh said: ${said}` : "";
  const text = `${run.stderr}\n${run.stdout}`;
  if (run.timedOut)
    return new GitError(
      504,
      "git_timeout",
      `The GitHub CLI did not answer within ${formatDuration(reportMs)}, so it was stopped. Check the network connection to GitHub, then try again.`,
    );
  // Checked before signing in: gh's sentence for a remote on another host also names `gh auth login`.
  if (/none of the git remotes .* point to a known GitHub host|no git remotes found/i.test(text))
    return new GitError(
      409,
      "not_github",
      "This project's remotes are not on GitHub (or on a GitHub host gh is not signed in to), so there is no pull request to show or make here. Pull requests work with a GitHub remote; for GitHub Enterprise, sign in to its host with gh auth login --hostname <host>.",
    );
  if (/gh repo set-default/i.test(text))
    return new GitError(
      409,
      "not_github",
      "This project has more than one GitHub remote and gh does not know which one takes pull requests. Run gh repo set-default in the project folder once, then press Refresh.",
    );
  if (run.code === 4 || /gh auth login|not logged in|authentication required|HTTP 401/i.test(text))
    return new GitError(
      502,
      "gh_signed_out",
      "The GitHub CLI is not signed in to GitHub (or its sign-in has expired). Run gh auth login in a terminal, then press Refresh.",
    );
  const exists = /a pull request for branch .* already exists:?\s*(https:\/\/\S+)?/i.exec(text);
  if (exists)
    return new GitError(
      409,
      "pull_request_exists",
      `This branch already has a pull request${exists[1] ? ` (${exists[1]})` : ""}. Press Refresh to see it; push new commits to the branch to add them to it.`,
    );
  // A merge GitHub refused: the branch moved since it was shown (--match-head-commit), conflicts, rules.
  if (/head branch was modified|head commit .* does not match|match-head-commit/i.test(text))
    return new GitError(
      409,
      "not_mergeable",
      "The branch has new commits on GitHub since you looked, so nothing was merged. Press Refresh, look at them, then merge.",
    );
  if (
    what === "merge" &&
    /not mergeable|merge conflict|base branch policy|is not allowed|required status check|review is required/i.test(
      text,
    )
  )
    return new GitError(409, "not_mergeable", `GitHub refused the merge, so nothing was merged.${quote}`);
  if (/No commits between/i.test(text))
    return new GitError(
      409,
      "gh_failed",
      "GitHub sees no commits on this branch that the base branch lacks, so there is nothing to ask to merge. Choose another base, or commit and push first.",
    );
  if (/could not resolve host|error connecting to|connection refused|network is unreachable|i\/o timeout/i.test(text))
    return new GitError(
      502,
      "gh_failed",
      `The GitHub CLI could not reach GitHub. Check the network connection, then try again.${quote}`,
    );
  return new GitError(502, "gh_failed", `The GitHub CLI could not ${doing[what]}.${quote}`);
}

// A branch's pull request on GitHub, shown and created from the Files tab through the GitHub CLI
// (`gh`, the user's own install and sign-in): the current branch's pull request with its checks,
// what a new one would say (title and body from the branch's commits, the base branches the
// remote has), and the request that creates one. A refusal is an error answer with a sentence.
import { z } from "zod";
import { ModelRef } from "./chat.ts";

/** The checks GitHub ran on the pull request's last commit, counted (gh's statusCheckRollup). */
export const PullRequestChecks = z.object({
  passed: z.number().int().nonnegative(),
  failed: z.number().int().nonnegative(),
  pending: z.number().int().nonnegative(),
});
export type PullRequestChecks = z.infer<typeof PullRequestChecks>;

/** One check by name, as GitHub shows it on the pull request, with its page when it has one (https). */
export const PullRequestCheck = z.object({
  name: z.string(),
  state: z.enum(["passed", "failed", "pending"]),
  url: z.string().url().nullable(),
});
export type PullRequestCheck = z.infer<typeof PullRequestCheck>;

export const PullRequestInfo = z.object({
  number: z.number().int().positive(),
  title: z.string(),
  state: z.enum(["open", "closed", "merged"]),
  draft: z.boolean(),
  /** The pull request's page on GitHub (https only). */
  url: z.string().url(),
  base: z.string(),
  head: z.string(),
  checks: PullRequestChecks,
  /** Each check by name (a re-run counted once: its latest run), failed first, then pending. */
  checkList: z.array(PullRequestCheck),
  /** The last commit of the pull request's branch on GitHub (a merge names it). */
  headSha: z.string(),
  /**
   * Its branch is in another repository (a fork). gh's --delete-branch then deletes only the local
   * branch named after it; the fork's branch on GitHub is left to its owner.
   */
  crossRepository: z.boolean(),
  /** Whether it merges without conflicts (GitHub's `mergeable`; unknown while GitHub computes it). */
  mergeable: z.enum(["mergeable", "conflicting", "unknown"]),
  /** GitHub's mergeStateStatus, lower case: clean, blocked, behind, dirty, draft, unstable, has_hooks, unknown. */
  mergeState: z.string(),
});
export type PullRequestInfo = z.infer<typeof PullRequestInfo>;

export const PullRequestResponse = z.object({
  /** The current branch; null on a detached HEAD. */
  branch: z.string().nullable(),
  /** The branch's pull request, null when it has none. */
  pullRequest: PullRequestInfo.nullable(),
  /** After a create whose second part failed: what was not done (reviewers, labels), as a sentence. */
  notice: z.string().optional(),
});
export type PullRequestResponse = z.infer<typeof PullRequestResponse>;

/** What the form starts from: read when the person opens it. */
export const PullRequestDraft = z.object({
  branch: z.string(),
  /** The remote the pull request goes to (the upstream's, else origin), by name. */
  remote: z.string(),
  /** The remote's branches as this clone last fetched them, the current one left out. */
  bases: z.array(z.string()),
  /** The remote's default branch when known (its HEAD), else main or master, else the first. */
  base: z.string().nullable(),
  /** As `gh pr create --fill` makes them: one commit's subject and body, else the branch name and a list. */
  title: z.string(),
  body: z.string(),
  /** The branch's upstream (null: not published yet) and its commits not pushed there. */
  upstream: z.string().nullable(),
  ahead: z.number().int().nonnegative(),
  /** The upstream's branch is gone from the remote (deleted there): GitHub cannot see the branch. */
  upstreamGone: z.boolean().optional(),
  /** The commits on this branch that the base does not have (at most 100 read). */
  commits: z.number().int().nonnegative(),
});
export type PullRequestDraft = z.infer<typeof PullRequestDraft>;

export const maxPullRequestTitleChars = 256;
/** GitHub's own limit on a pull request's body. */
export const maxPullRequestBodyChars = 65_536;

/** "Write it for me" in the form: a title and description from the branch's commits and changes against `base`, by `model` (absent: OpenCode's default). */
export const PullRequestTextRequest = z
  .object({ base: z.string().min(1).max(255), model: ModelRef.optional() })
  .strict();
export type PullRequestTextRequest = z.infer<typeof PullRequestTextRequest>;

export const PullRequestTextResponse = z.object({
  title: z.string().max(maxPullRequestTitleChars),
  body: z.string().max(maxPullRequestBodyChars),
  /** The commits described. */
  commits: z.number().int().nonnegative(),
  /** Part of the changes, or of the commits' messages, was left out to keep the question short. */
  shortened: z.boolean(),
});
export type PullRequestTextResponse = z.infer<typeof PullRequestTextResponse>;

export const CreatePullRequestRequest = z.object({
  /** One line; an empty one (spaces only) is refused with a sentence. */
  title: z.string().max(maxPullRequestTitleChars),
  body: z.string().max(maxPullRequestBodyChars),
  /** One of the draft's `bases`. */
  base: z.string().min(1).max(255),
  draft: z.boolean(),
  /** Logins (or org/team) to ask for a review, from the repository's list (PullRequestRepository). */
  reviewers: z.array(z.string().min(1).max(140)).max(20).optional(),
  /** Label names, from the repository's labels. */
  labels: z.array(z.string().min(1).max(100)).max(20).optional(),
});
export type CreatePullRequestRequest = z.infer<typeof CreatePullRequestRequest>;

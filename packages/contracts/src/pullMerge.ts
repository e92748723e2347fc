// What the Files tab does with a pull request once it exists, through the GitHub CLI: merge it
// (a method the repository allows, its branch deleted afterwards if asked), mark a draft ready for
// review, and what the forms choose from (the repository's merge methods, the people who can
// review, its labels), read when a form opens. A refusal is an error answer with a sentence.
import { z } from "zod";
import { PullRequestInfo } from "./pulls.ts";

export const MergeMethod = z.enum(["merge", "squash", "rebase"]);
export type MergeMethod = z.infer<typeof MergeMethod>;

/** `GET …/git/pull-request/repository`: the repository's settings the forms need (`gh repo view`). */
export const PullRequestRepository = z.object({
  /** The merge methods the repository allows, in GitHub's order; empty when gh could not say. */
  methods: z.array(MergeMethod),
  /** The method GitHub offers this user first (their last one), when allowed. */
  defaultMethod: MergeMethod.nullable(),
  /** GitHub deletes a merged pull request's branch by itself (the repository's setting). */
  deleteBranchOnMerge: z.boolean(),
  /** Who can be asked to review: the repository's assignable users (GitHub's first 100). */
  reviewers: z.array(z.object({ login: z.string(), name: z.string() })),
  /** The repository's labels (GitHub's first 100). */
  labels: z.array(z.object({ name: z.string(), description: z.string() })),
});
export type PullRequestRepository = z.infer<typeof PullRequestRepository>;

export const MergePullRequestRequest = z.object({
  method: MergeMethod,
  /** Delete the branch on GitHub and here after the merge (gh's --delete-branch). */
  deleteBranch: z.boolean(),
  /** The head commit the person saw: GitHub refuses the merge if the branch has moved since. */
  head: z.string().regex(/^[0-9a-f]{40}$/, "the head commit's full hash"),
});
export type MergePullRequestRequest = z.infer<typeof MergePullRequestRequest>;

/** `POST …/git/pull-request/ready`: the current branch's draft, no fields. */
export const ReadyPullRequestRequest = z.object({});
export type ReadyPullRequestRequest = z.infer<typeof ReadyPullRequestRequest>;

/** After a merge or "ready for review": what happened, in a sentence, and the pull request now. */
export const PullRequestActionResponse = z.object({
  done: z.string(),
  branch: z.string().nullable(),
  pullRequest: PullRequestInfo.nullable(),
});
export type PullRequestActionResponse = z.infer<typeof PullRequestActionResponse>;

/** GitHub's rules for a login (letters, digits, single hyphens, 39 at most) or an "org/team". */
export const reviewerPattern = /^[A-Za-z0-9](?:-?[A-Za-z0-9]){0,38}(?:\/[A-Za-z0-9._-]{1,100})?$/;

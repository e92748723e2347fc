// What the pull request forms choose from, read from GitHub through `gh repo view --json` when a
// form opens: the merge methods the repository allows, whether GitHub deletes a merged branch by
// itself, who can be asked to review (its assignable users) and its labels. gh asks GitHub for the
// first 100 of each (cli/cli api/query_builder.go: assignableUsers(first:100), labels(first:100)).
import { MergeMethod, type PullRequestRepository } from "@turnkey/contracts";
import { z } from "zod";
import { GitError } from "../git/gitErrors.ts";

export const repositoryFields =
  "mergeCommitAllowed,squashMergeAllowed,rebaseMergeAllowed,viewerDefaultMergeMethod,deleteBranchOnMerge,assignableUsers,labels";

const GhRepository = z.object({
  mergeCommitAllowed: z.boolean().optional(),
  squashMergeAllowed: z.boolean().optional(),
  rebaseMergeAllowed: z.boolean().optional(),
  viewerDefaultMergeMethod: z.string().nullish(),
  deleteBranchOnMerge: z.boolean().optional(),
  assignableUsers: z.array(z.object({ login: z.string(), name: z.string().nullish() })).nullish(),
  labels: z.array(z.object({ name: z.string(), description: z.string().nullish() })).nullish(),
});

export function parseRepository(stdout: string): PullRequestRepository {
  let parsed: z.infer<typeof GhRepository>;
  try {
    parsed = GhRepository.parse(JSON.parse(stdout));
  } catch {
    throw new GitError(
      502,
      "gh_failed",
      "The GitHub CLI answered with something other than the repository's settings. Update gh (gh --version), then try again.",
    );
  }
  const methods = (
    [
      ["merge", parsed.mergeCommitAllowed],
      ["squash", parsed.squashMergeAllowed],
      ["rebase", parsed.rebaseMergeAllowed],
    ] as const
  ).flatMap(([method, allowed]) => (allowed ? [method] : []));
  const chosen = MergeMethod.safeParse((parsed.viewerDefaultMergeMethod ?? "").toLowerCase());
  return {
    methods,
    defaultMethod: chosen.success && methods.includes(chosen.data) ? chosen.data : (methods[0] ?? null),
    deleteBranchOnMerge: parsed.deleteBranchOnMerge ?? false,
    reviewers: (parsed.assignableUsers ?? []).map((u) => ({ login: u.login, name: u.name ?? "" })),
    labels: (parsed.labels ?? []).map((l) => ({ name: l.name, description: l.description ?? "" })),
  };
}

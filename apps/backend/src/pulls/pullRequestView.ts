// Reads what gh says of a pull request (`gh pr view --json …`) into the contract's shape, and
// makes a new one's title and body from the branch's commits as `gh pr create --fill` does
// (cli/cli pkg/cmd/pr/create/create.go, initDefaultTitleBody): one commit gives its subject and
// body; several give the branch name with `-`/`_` as spaces and a list of their subjects, oldest first.
import type { PullRequestChecks, PullRequestInfo } from "@turnkey/contracts";
import { z } from "zod";
import { GitError } from "../git/gitErrors.ts";

/** The fields asked of `gh pr view --json`. */
export const viewFields = "number,title,state,isDraft,url,baseRefName,headRefName,statusCheckRollup";

// A check run (GitHub Actions) has a status and, once completed, a conclusion; a commit status
// (an older CI's) has a state (GitHub's GraphQL CheckRun and StatusContext).
const Check = z.object({
  status: z.string().nullish(),
  conclusion: z.string().nullish(),
  state: z.string().nullish(),
});
const GhPullRequest = z.object({
  number: z.number().int().positive(),
  title: z.string(),
  state: z.string(),
  isDraft: z.boolean().optional(),
  url: z.string(),
  baseRefName: z.string(),
  headRefName: z.string(),
  statusCheckRollup: z.array(Check).nullish(),
});

const passed = new Set(["SUCCESS", "NEUTRAL", "SKIPPED"]);
const pending = new Set(["", "PENDING", "EXPECTED", "QUEUED", "IN_PROGRESS", "WAITING", "REQUESTED"]);

export function checksOf(checks: readonly z.infer<typeof Check>[]): PullRequestChecks {
  const counts = { passed: 0, failed: 0, pending: 0 };
  for (const check of checks) {
    const outcome = (
      check.conclusion ||
      check.state ||
      (check.status === "COMPLETED" ? "" : check.status) ||
      ""
    ).toUpperCase();
    if (passed.has(outcome)) counts.passed += 1;
    else if (pending.has(outcome)) counts.pending += 1;
    else counts.failed += 1; // FAILURE, ERROR, CANCELLED, TIMED_OUT, ACTION_REQUIRED, STARTUP_FAILURE…
  }
  return counts;
}

/** gh's answer as the contract's pull request; anything else is gh misbehaving, said so. */
export function parsePullRequest(stdout: string): PullRequestInfo {
  let parsed: z.infer<typeof GhPullRequest>;
  try {
    parsed = GhPullRequest.parse(JSON.parse(stdout));
  } catch {
    throw new GitError(
      502,
      "gh_failed",
      "The GitHub CLI answered with something other than a pull request. Update gh (gh --version), then press Refresh.",
    );
  }
  if (!/^https:\/\//.test(parsed.url))
    throw new GitError(
      502,
      "gh_failed",
      "The GitHub CLI gave the pull request an address that is not https. Press Refresh.",
    );
  const state = parsed.state.toLowerCase();
  return {
    number: parsed.number,
    title: parsed.title,
    state: state === "merged" ? "merged" : state === "closed" ? "closed" : "open",
    draft: parsed.isDraft ?? false,
    url: parsed.url,
    base: parsed.baseRefName,
    head: parsed.headRefName,
    checks: checksOf(parsed.statusCheckRollup ?? []),
  };
}

export interface BranchCommit {
  subject: string;
  body: string;
}

/** `commits`: newest first, as git log gives them. */
export function fillFromCommits(branch: string, commits: readonly BranchCommit[]): { title: string; body: string } {
  const [only] = commits;
  if (commits.length === 1 && only) return { title: only.subject, body: only.body.trim() };
  if (commits.length === 0) return { title: branch.replace(/[-_]/g, " "), body: "" };
  const list = [...commits].reverse().map((c) => `- **${c.subject}**`);
  return { title: branch.replace(/[-_]/g, " "), body: `${list.join("\n")}\n` };
}

/** git log's records (`%s%x00%b%x1e`, newest first) as commits. */
export function parseCommits(stdout: string): BranchCommit[] {
  return stdout
    .split("\x1e")
    .map((record) => record.replace(/^\n/, ""))
    .filter((record) => record.includes("\0"))
    .map((record) => {
      const at = record.indexOf("\0");
      return { subject: record.slice(0, at), body: record.slice(at + 1) };
    });
}

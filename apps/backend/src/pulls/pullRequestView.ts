// Reads what gh says of a pull request (`gh pr view --json …`) into the contract's shape, and
// makes a new one's title and body from the branch's commits as `gh pr create --fill` does
// (cli/cli pkg/cmd/pr/create/create.go, initDefaultTitleBody): one commit gives its subject and
// body; several give the branch name with `-`/`_` as spaces and a list of their subjects, oldest first.
import type { PullRequestCheck, PullRequestChecks, PullRequestInfo } from "@turnkey/contracts";
import { z } from "zod";
import { GitError } from "../git/gitErrors.ts";

/** The fields asked of `gh pr view --json`. */
export const viewFields =
  "number,title,state,isDraft,url,baseRefName,headRefName,headRefOid,isCrossRepository,mergeable,mergeStateStatus,statusCheckRollup";

// A check run (GitHub Actions) has a status and, once completed, a conclusion; a commit status
// (an older CI's) has a state (GitHub's GraphQL CheckRun and StatusContext).
const Check = z.object({
  name: z.string().nullish(),
  context: z.string().nullish(),
  workflowName: z.string().nullish(),
  status: z.string().nullish(),
  conclusion: z.string().nullish(),
  state: z.string().nullish(),
  detailsUrl: z.string().nullish(),
  targetUrl: z.string().nullish(),
  startedAt: z.string().nullish(),
  completedAt: z.string().nullish(),
});
type Check = z.infer<typeof Check>;
const GhPullRequest = z.object({
  number: z.number().int().positive(),
  title: z.string(),
  state: z.string(),
  isDraft: z.boolean().optional(),
  url: z.string(),
  baseRefName: z.string(),
  headRefName: z.string(),
  headRefOid: z.string().optional(),
  isCrossRepository: z.boolean().optional(),
  mergeable: z.string().optional(),
  mergeStateStatus: z.string().optional(),
  statusCheckRollup: z.array(Check).nullish(),
});

const passed = new Set(["SUCCESS", "NEUTRAL", "SKIPPED"]);
const pending = new Set(["", "PENDING", "EXPECTED", "QUEUED", "IN_PROGRESS", "WAITING", "REQUESTED"]);

function stateOf(check: Check): PullRequestCheck["state"] {
  const outcome = (
    check.conclusion ||
    check.state ||
    (check.status === "COMPLETED" ? "" : check.status) ||
    ""
  ).toUpperCase();
  if (passed.has(outcome)) return "passed";
  if (pending.has(outcome)) return "pending";
  return "failed"; // FAILURE, ERROR, CANCELLED, TIMED_OUT, ACTION_REQUIRED, STARTUP_FAILURE…
}

/** A date GitHub gave (its zero date 0001-01-01 and a missing one are none). */
const dated = (at: string | null | undefined): string | null => (at && !at.startsWith("0001-") ? at : null);

/**
 * When a run started, for ordering: a run not started yet and not completed (a queued re-run has
 * no start time) is the newest, never older than the run it replaces; one that completed without
 * starting (cancelled while queued) counts from its end, so a later run still outranks it.
 */
function startOf(check: Check): string {
  const started = dated(check.startedAt);
  if (started) return started;
  if ((check.status ?? "").toUpperCase() !== "COMPLETED") return "\uffff";
  return dated(check.completedAt) ?? "";
}

/**
 * Each check once, by name: the rollup keeps a re-run's earlier runs beside the new one, and GitHub's
 * page (like `gh pr checks`, cli/cli pkg/cmd/pr/checks/aggregate.go) shows the latest run of each
 * workflow and name only. Failed first, then pending, then passed; a page only when it is https.
 */
export function checkListOf(checks: readonly Check[]): PullRequestCheck[] {
  const latest = new Map<string, Check>();
  for (const [index, check] of checks.entries()) {
    const name = check.name ?? check.context;
    // One without a name is nobody's re-run: kept on its own.
    const key = name ? `${check.workflowName ?? ""}\0${name}` : `#${index}`;
    const seen = latest.get(key);
    if (!seen || startOf(check) >= startOf(seen)) latest.set(key, check);
  }
  const order = { failed: 0, pending: 1, passed: 2 };
  return [...latest.values()]
    .map((check) => {
      const url = check.detailsUrl || check.targetUrl || "";
      return {
        name: check.name || check.context || "(a check without a name)",
        state: stateOf(check),
        url: /^https:\/\/[^\s]+$/.test(url) ? url : null,
      };
    })
    .sort((a, b) => order[a.state] - order[b.state]);
}

export function checksOf(checks: readonly Check[]): PullRequestChecks {
  const counts = { passed: 0, failed: 0, pending: 0 };
  for (const check of checkListOf(checks)) counts[check.state] += 1;
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
    checkList: checkListOf(parsed.statusCheckRollup ?? []),
    headSha: parsed.headRefOid ?? "",
    crossRepository: parsed.isCrossRepository ?? false,
    mergeable:
      parsed.mergeable === "MERGEABLE" ? "mergeable" : parsed.mergeable === "CONFLICTING" ? "conflicting" : "unknown",
    mergeState: (parsed.mergeStateStatus ?? "unknown").toLowerCase(),
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

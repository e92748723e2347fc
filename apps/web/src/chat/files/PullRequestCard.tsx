// One pull request as the Files tab shows it: number and title as a link that opens GitHub in the
// person's browser (the desktop app hands a new window's address to the system browser), its state,
// its checks counted, and each check by name with its state and, when it has one, a link to its page.
import type { PullRequestInfo } from "@turnkey/contracts";

const stateWord: Record<PullRequestInfo["state"], string> = { open: "Open", closed: "Closed", merged: "Merged" };
const checkWord: Record<PullRequestInfo["checkList"][number]["state"], string> = {
  passed: "passed",
  failed: "failed",
  pending: "running",
};

export function checksSummary(checks: PullRequestInfo["checks"]): string {
  const parts = [
    checks.passed ? `${checks.passed} passed` : "",
    checks.failed ? `${checks.failed} failed` : "",
    checks.pending ? `${checks.pending} pending` : "",
  ].filter(Boolean);
  return parts.length > 0 ? `Checks: ${parts.join(" · ")}` : "No checks";
}

export function PullRequestCard(props: { pullRequest: PullRequestInfo }) {
  const pr = props.pullRequest;
  return (
    <div className="pull-request-card">
      <a href={pr.url} target="_blank" rel="noopener noreferrer">
        {`#${pr.number} ${pr.title}`}
      </a>
      <span className={`small pull-request-state ${pr.state}`}>
        {pr.draft && pr.state === "open" ? "Draft" : stateWord[pr.state]}
      </span>
      <span className="small muted">{`${pr.head} → ${pr.base}`}</span>
      <span className={pr.checks.failed ? "small inline-error" : "small muted"}>{checksSummary(pr.checks)}</span>
      {pr.checkList.length > 0 && (
        <ul className="pull-request-checks small" aria-label="Checks">
          {pr.checkList.map((check, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: two checks may share a name (other workflows)
            <li key={`${check.name}-${i}`} className={`check-${check.state}`}>
              {check.url ? (
                <a href={check.url} target="_blank" rel="noopener noreferrer">
                  {check.name}
                </a>
              ) : (
                check.name
              )}{" "}
              <span className={check.state === "failed" ? "inline-error" : "muted"}>{checkWord[check.state]}</span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

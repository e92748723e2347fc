// What can be done with an open pull request from the Files tab: a draft is marked ready for
// review; one ready is merged with a method the repository allows (read from GitHub when the merge
// form opens), its branch deleted afterwards if asked. The backend refuses a merge that should not
// happen (failed or running checks, conflicts, the base's rules, new commits) with a sentence, shown
// here; the head commit the person is looking at goes with the merge, so a branch that moved is not merged.
import type {
  MergeMethod,
  PullRequestActionResponse,
  PullRequestInfo,
  PullRequestRepository,
} from "@turnkey/contracts";
import { useState } from "react";
import { errorMessage } from "../../shared/api.ts";
import { InlineProblem } from "../../shared/InlineProblem.tsx";
import type { PullRequestSource } from "./pullRequestSource.ts";
import { useWork } from "./useWork.ts";

const methodLabel: Record<MergeMethod, string> = {
  merge: "Create a merge commit",
  squash: "Squash and merge",
  rebase: "Rebase and merge",
};

export function PullRequestActions(props: {
  source: PullRequestSource;
  pullRequest: PullRequestInfo;
  onDone: (answer: PullRequestActionResponse) => void;
}) {
  const { source, pullRequest: pr, onDone } = props;
  const { working, problem, setProblem, run } = useWork();
  const [repository, setRepository] = useState<PullRequestRepository | "reading" | null>(null);
  const [method, setMethod] = useState<MergeMethod | null>(null);
  const [deleteBranch, setDeleteBranch] = useState(false);
  // A fork's branch named like the base (its main into main): gh would delete the person's own base
  // here with it, which the backend refuses (pullActions.ts, deleteBranchRefusal), so it is not offered.
  const canDelete = pr.head !== pr.base;

  const openMerge = () => {
    setRepository("reading");
    setProblem(null);
    source.repository().then(
      (r) => {
        setRepository(r);
        setMethod(r.defaultMethod ?? r.methods[0] ?? "merge");
        setDeleteBranch(r.deleteBranchOnMerge && canDelete);
      },
      (e) => {
        setRepository(null);
        setProblem(errorMessage(e));
      },
    );
  };

  if (pr.state !== "open") return null;
  const busy = working !== null;
  return (
    <div className="pull-request-actions">
      {pr.draft ? (
        <button
          type="button"
          className="small"
          disabled={busy}
          onClick={() => run("Marking it ready…", async () => onDone(await source.ready()))}
        >
          Ready for review
        </button>
      ) : repository === null ? (
        <button type="button" className="small" onClick={openMerge}>
          Merge…
        </button>
      ) : repository === "reading" ? (
        <span className="small muted">Reading the repository's merge settings…</span>
      ) : (
        <form
          className="pull-request-merge"
          aria-label="Merge pull request"
          onSubmit={(e) => {
            e.preventDefault();
            if (!method) return;
            void run(`Merging #${pr.number}…`, async () =>
              onDone(await source.merge({ method, deleteBranch, head: pr.headSha })),
            );
          }}
        >
          {repository.methods.length > 0 ? (
            <select
              aria-label="Merge method"
              className="small"
              value={method ?? ""}
              onChange={(e) => setMethod(e.target.value as MergeMethod)}
            >
              {repository.methods.map((m) => (
                <option key={m} value={m}>
                  {methodLabel[m]}
                </option>
              ))}
            </select>
          ) : (
            <span className="small muted">GitHub did not say which merge methods this repository allows.</span>
          )}
          {canDelete ? (
            <label className="small">
              <input type="checkbox" checked={deleteBranch} onChange={(e) => setDeleteBranch(e.target.checked)} />{" "}
              {pr.crossRepository
                ? `Delete ${pr.head} here afterwards (the fork's branch on GitHub is its owner's)`
                : `Delete ${pr.head} afterwards (on GitHub and here)`}
            </label>
          ) : (
            <span className="small muted">{`The fork's branch is named ${pr.head} like the base, so nothing is deleted with the merge: your own ${pr.base} stays.`}</span>
          )}
          <div className="commit-actions">
            <button type="submit" className="small" disabled={busy || !method}>
              Merge pull request
            </button>
            <button type="button" className="small" disabled={busy} onClick={() => setRepository(null)}>
              Cancel
            </button>
          </div>
        </form>
      )}
      {working && (
        <span className="small muted" role="status">
          <progress aria-label={working} /> {working}
        </span>
      )}
      <InlineProblem text={problem} small />
    </div>
  );
}

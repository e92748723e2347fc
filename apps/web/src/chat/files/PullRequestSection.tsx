// The Files tab's "Pull request" section: the current branch's pull request on GitHub (number,
// title, state, each check, a link to it) with Merge or Ready for review, or "Create pull request". Read only when the person opens
// the section or presses Refresh, never by itself after a reply: the GitHub CLI runs git in the
// project and talks to GitHub, which nobody asked for by just looking at the files.
import type { PullRequestResponse } from "@turnkey/contracts";
import { useRef, useState } from "react";
import { errorMessage } from "../../shared/api.ts";
import { PullRequestActions } from "./PullRequestActions.tsx";
import { PullRequestCard } from "./PullRequestCard.tsx";
import { PullRequestForm, type PullRequestWriter } from "./PullRequestForm.tsx";
import type { PullRequestSource } from "./pullRequestSource.ts";

type Shown =
  | { state: "closed" }
  | { state: "loading" }
  | { state: "error"; message: string }
  | { state: "ready"; answer: PullRequestResponse };

export function PullRequestSection(props: {
  source: PullRequestSource;
  onPush: (publishTo?: string) => Promise<unknown>;
  /** After a merge: gh may have switched branches and deleted one here, so the tab reads git again. */
  onMerged?: () => void;
  /** Writes a new pull request's title and description (absent: no "Write it for me"). */
  writer?: PullRequestWriter | undefined;
}) {
  const { source, onPush, onMerged } = props;
  const [shown, setShown] = useState<Shown>({ state: "closed" });
  const [creating, setCreating] = useState(false);
  /** What the last merge or "ready for review" did, in the backend's sentence. */
  const [done, setDone] = useState<string | null>(null);
  /** Read once on the first opening; Refresh reads again. */
  const asked = useRef(false);

  const read = () => {
    setDone(null);
    setShown({ state: "loading" });
    source.view().then(
      (answer) => setShown({ state: "ready", answer }),
      (e) => setShown({ state: "error", message: errorMessage(e) }),
    );
  };

  return (
    <details
      className="pull-request"
      onToggle={(e) => {
        if (!e.currentTarget.open) return;
        if (asked.current) return;
        asked.current = true;
        read();
      }}
    >
      <summary className="small">Pull request</summary>
      <div className="commit-actions">
        {shown.state === "loading" && <span className="muted small">Asking GitHub…</span>}
        <button type="button" className="small" disabled={shown.state === "loading"} onClick={read}>
          Refresh
        </button>
      </div>
      {shown.state === "error" && (
        <p className="inline-error small" role="alert">
          {shown.message}
        </p>
      )}
      {done && (
        <p className="small" role="status">
          {done}
        </p>
      )}
      {shown.state === "ready" && shown.answer.pullRequest && (
        <>
          <PullRequestCard pullRequest={shown.answer.pullRequest} />
          <PullRequestActions
            // A new pull request or a new head starts the actions afresh (no merge form left open).
            key={`${shown.answer.pullRequest.number}-${shown.answer.pullRequest.headSha}-${shown.answer.pullRequest.state}-${shown.answer.pullRequest.draft}`}
            source={source}
            pullRequest={shown.answer.pullRequest}
            onDone={(answer) => {
              setDone(answer.done);
              if (answer.pullRequest?.state === "merged") onMerged?.();
              setShown({ state: "ready", answer: { branch: answer.branch, pullRequest: answer.pullRequest } });
            }}
          />
        </>
      )}
      {shown.state === "ready" && !shown.answer.pullRequest && (
        <p className="small muted">
          {shown.answer.branch
            ? `${shown.answer.branch} has no pull request yet.`
            : "No branch is checked out (a detached HEAD): create a branch for the work first."}
        </p>
      )}
      {shown.state === "ready" &&
        !shown.answer.pullRequest &&
        shown.answer.branch &&
        (creating ? (
          <PullRequestForm
            source={source}
            writer={props.writer}
            onPush={onPush}
            onCancel={() => setCreating(false)}
            onCreated={(answer) => {
              setCreating(false);
              setShown({ state: "ready", answer });
              setDone(answer.notice ?? null);
            }}
          />
        ) : (
          <button type="button" className="small" onClick={() => setCreating(true)}>
            Create pull request
          </button>
        ))}
    </details>
  );
}

// "Create pull request" in the Files tab: title and body filled from the branch's commits, the
// base chosen from the remote's branches, a draft option, reviewers and labels chosen from the
// repository's (read from GitHub when the form opens; the form works without them if that fails). A branch GitHub cannot see yet is
// offered Publish (or Push, for commits not pushed) first; a refusal shows the backend's sentence
// and keeps what was typed. "Write it for me" asks the chat's model for the title and description
// from the branch's commits and changes against the chosen base (useModelWriter.ts).
import type {
  PullRequestDraft,
  PullRequestRepository,
  PullRequestResponse,
  PullRequestTextResponse,
} from "@turnkey/contracts";
import { useCallback, useEffect, useState } from "react";
import { errorMessage } from "../../shared/api.ts";
import { InlineProblem } from "../../shared/InlineProblem.tsx";
import type { PullRequestSource } from "./pullRequestSource.ts";
import { useModelWriter } from "./useModelWriter.ts";
import { useWork } from "./useWork.ts";
import { WriteButton, WriterNote } from "./WriteItForMe.tsx";

type Typed = { title: string; body: string; base: string; draft: boolean; reviewers: string[]; labels: string[] };
type Text = { title: string; body: string };

/** The chat's model, asked for the title and description against a base. */
export interface PullRequestWriter {
  /** As the message box names it, or null for OpenCode's default. */
  modelName: string | null;
  write: (base: string, signal: AbortSignal) => Promise<PullRequestTextResponse>;
}

const commitsText = (n: number) => (n === 1 ? "1 commit" : `${n.toLocaleString("en")} commits`);

export function PullRequestForm(props: {
  source: PullRequestSource;
  /** Pushes the branch (publishing it to `publishTo` when it has no upstream); rejects with the sentence. */
  onPush: (publishTo?: string) => Promise<unknown>;
  onCreated: (response: PullRequestResponse) => void;
  onCancel: () => void;
  /** Writes the title and description (absent: no "Write it for me"). */
  writer?: PullRequestWriter | undefined;
}) {
  const { source, onPush, onCreated, onCancel, writer } = props;
  const [draft, setDraft] = useState<PullRequestDraft | null>(null);
  const [typed, setTyped] = useState<Typed | null>(null);
  const { working, problem, setProblem, run } = useWork();
  const [repository, setRepository] = useState<PullRequestRepository | string | null>(null);
  useEffect(() => {
    source
      .repository()
      .then(setRepository, (e) => setRepository(`Reviewers and labels could not be read: ${errorMessage(e)}`));
  }, [source]);

  // Read again after a push; what was typed stays.
  const load = useCallback(() => {
    source.draft().then(
      (d) => {
        setDraft(d);
        setTyped(
          (t) => t ?? { title: d.title, body: d.body, base: d.base ?? "", draft: false, reviewers: [], labels: [] },
        );
      },
      (e) => setProblem(errorMessage(e)),
    );
  }, [source, setProblem]);
  useEffect(load, [load]);
  const writing = useModelWriter<Text>(
    {
      modelName: writer?.modelName ?? null,
      current: () => ({ title: typed?.title ?? "", body: typed?.body ?? "" }),
      set: (text) => setTyped((t) => t && { ...t, ...text }),
      blank: (text) => text.title.trim() === "" && text.body.trim() === "",
      same: (a, b) => a.title === b.title && a.body === b.body,
      next: "create the pull request",
    },
    setProblem,
  );

  if (!draft || !typed)
    return problem ? (
      <p className="inline-error small" role="alert">
        {problem}
      </p>
    ) : (
      <p className="muted small">Reading the branch's commits…</p>
    );
  const set = (change: Partial<Typed>) => {
    if (change.title !== undefined || change.body !== undefined) writing.typed();
    setTyped({ ...typed, ...change });
  };
  const pushed = draft.upstream !== null && draft.ahead === 0 && draft.upstreamGone !== true;
  const writingNow = writing.running !== null;
  const busy = working !== null || writingNow;
  const write = () => {
    if (!writer || !typed.base) return;
    const base = typed.base;
    writing.write(async (signal) => {
      const answer = await writer.write(base, signal);
      return {
        value: { title: answer.title, body: answer.body },
        shortened: answer.shortened
          ? "Part of the changes (or of the commits' messages) was left out, to keep the question short."
          : null,
      };
    }, 0);
  };

  return (
    <form
      className="pull-request-form"
      aria-label="New pull request"
      onSubmit={(e) => {
        e.preventDefault();
        if (typed.title.trim() === "")
          return setProblem("Write a title for the pull request: one line that says what it does.");
        if (!typed.base) return setProblem("Choose the branch to merge into.");
        void run("Creating the pull request…", async () =>
          onCreated(
            await source.create({
              title: typed.title.trim(),
              body: typed.body,
              base: typed.base,
              draft: typed.draft,
              ...(typed.reviewers.length > 0 ? { reviewers: typed.reviewers } : {}),
              ...(typed.labels.length > 0 ? { labels: typed.labels } : {}),
            }),
          ),
        );
      }}
    >
      {draft.upstream === null ? (
        <p className="small" role="status">
          {`${draft.branch} is not on ${draft.remote} yet, so GitHub cannot see it. `}
          <button
            type="button"
            className="small"
            disabled={busy}
            onClick={() =>
              run(`Publishing to ${draft.remote}…`, async () => {
                await onPush(draft.remote);
                load();
              })
            }
          >
            {`Publish to ${draft.remote}`}
          </button>
        </p>
      ) : draft.ahead > 0 || draft.upstreamGone ? (
        <p className="small" role="status">
          {draft.upstreamGone
            ? `${draft.upstream} is gone from ${draft.remote} (deleted there, after a merge perhaps), so GitHub cannot see ${draft.branch}. `
            : `${draft.ahead === 1 ? "1 commit is" : `${draft.ahead} commits are`} not pushed to ${draft.upstream} yet. `}
          <button
            type="button"
            className="small"
            disabled={busy}
            onClick={() =>
              run(`Pushing to ${draft.upstream}…`, async () => {
                await onPush();
                load();
              })
            }
          >
            Push
          </button>
        </p>
      ) : null}
      <label className="small">
        Title
        <input
          aria-label="Pull request title"
          value={typed.title}
          readOnly={writingNow}
          onChange={(e) => set({ title: e.target.value })}
        />
      </label>
      <label className="small">
        Description
        <textarea
          aria-label="Pull request description"
          rows={5}
          value={typed.body}
          readOnly={writingNow}
          onChange={(e) => set({ body: e.target.value })}
        />
      </label>
      {writer && (
        <div className="commit-actions">
          <WriteButton
            writing={writing}
            className="small secondary"
            // The draft counted against its own base; another base is asked, and the backend says when there is nothing.
            disabled={busy || !typed.base || (draft.commits === 0 && typed.base === draft.base)}
            title={`Sends the branch's commits and changes against ${typed.base || "the base"} to ${writer.modelName ?? "OpenCode's default model"} and puts the title and description it writes in the form`}
            onWrite={write}
          />
          {writing.running && (
            <span className="small muted" role="status">
              {`Asking ${writer.modelName ?? "the model"} for a title and description from ${draft.branch}'s work against ${typed.base}… ${writing.running.seconds} s`}
            </span>
          )}
        </div>
      )}
      <WriterNote writing={writing} />
      <div className="commit-actions">
        <label className="small">
          {`Merge ${draft.branch} into `}
          <select
            aria-label="Base branch"
            value={typed.base}
            // What the model writes is for the base it was asked about (review 31b, F1).
            disabled={writingNow}
            onChange={(e) => set({ base: e.target.value })}
          >
            {typed.base === "" && <option value="">(choose)</option>}
            {draft.bases.map((b) => (
              <option key={b} value={b}>
                {b}
              </option>
            ))}
          </select>
        </label>
        <label className="small">
          <input type="checkbox" checked={typed.draft} onChange={(e) => set({ draft: e.target.checked })} /> Draft
        </label>
      </div>
      {typeof repository === "string" ? (
        <p className="small muted">{repository}</p>
      ) : repository === null ? (
        <p className="small muted">Reading the repository's reviewers and labels…</p>
      ) : (
        <div className="commit-actions">
          <ChooseMany
            label="Reviewers"
            options={repository.reviewers.map((r) => ({
              value: r.login,
              text: r.name ? `${r.login} (${r.name})` : r.login,
            }))}
            chosen={typed.reviewers}
            onChange={(reviewers) => set({ reviewers })}
          />
          <ChooseMany
            label="Labels"
            options={repository.labels.map((l) => ({ value: l.name, text: l.name }))}
            chosen={typed.labels}
            onChange={(labels) => set({ labels })}
          />
        </div>
      )}
      {draft.bases.length === 0 && (
        <p className="small muted">{`${draft.remote} has no other branch (as this clone last fetched it): Pull to fetch its branches.`}</p>
      )}
      <p className="small muted">
        {`${commitsText(draft.commits)} on ${draft.branch} that ${draft.base ?? "the base"} does not have.`}
      </p>
      <div className="commit-actions">
        <button type="submit" className="small" disabled={busy || !pushed}>
          Create pull request
        </button>
        <button type="button" className="small" disabled={busy} onClick={onCancel}>
          Cancel
        </button>
        {working && (
          <span className="small muted" role="status">
            <progress aria-label={working} /> {working}
          </span>
        )}
      </div>
      <InlineProblem text={problem} small />
    </form>
  );
}

/** A list to choose several from (a multiple select: keyboard and screen readers know it). */
function ChooseMany(props: {
  label: string;
  options: { value: string; text: string }[];
  chosen: string[];
  onChange: (chosen: string[]) => void;
}) {
  if (props.options.length === 0)
    return <span className="small muted">{`${props.label}: none in this repository`}</span>;
  return (
    <label className="small">
      {props.label}
      <select
        multiple
        aria-label={props.label}
        size={Math.min(4, props.options.length)}
        value={props.chosen}
        onChange={(e) => props.onChange([...e.target.selectedOptions].map((o) => o.value))}
      >
        {props.options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.text}
          </option>
        ))}
      </select>
    </label>
  );
}

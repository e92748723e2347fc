// The Files tab's git work: the current branch (switch to another, create one from the last
// commit), its upstream with fetch, pull and push (Publish when it has none), and the commit form.
// Each action answers with the state after it; a running fetch, pull or push shows what it does and
// for how long, and a refusal shows the backend's sentence, which says what to do.
import type { GitActionResponse, GitWorkState, ModelRef } from "@turnkey/contracts";
import { useCallback, useEffect, useState } from "react";
import { errorMessage } from "../../shared/api.ts";
import { useNow } from "../../shared/useBackendEvents.ts";
import { CommitForm } from "./CommitForm.tsx";
import { CommitIdentity } from "./CommitIdentity.tsx";
import type { GitWorkSource } from "./gitWorkSource.ts";
import type { PullRequestWriter } from "./PullRequestForm.tsx";
import { PullRequestSection } from "./PullRequestSection.tsx";
import type { PullRequestSource } from "./pullRequestSource.ts";
import { StashSection } from "./StashSection.tsx";
import { WorktreeSection } from "./WorktreeSection.tsx";

/** The chat's model (null: OpenCode's default) and its name as the message box shows it. */
export interface CommitModel {
  model: ModelRef | null;
  name: string | null;
}

type Loaded = { state: "loading" } | { state: "error"; message: string } | { state: "ready"; git: GitWorkState };
type Running = { label: string; startedAt: number } | null;

export function GitWork(props: {
  source: GitWorkSource;
  refreshKey: string | number;
  onChanged: () => void;
  /** Opens a folder (a worktree) as a project with a new chat. */
  onOpenFolder?: ((path: string) => Promise<void>) | undefined;
  /** The model the message box would send to: it writes the commit message when asked. */
  model?: CommitModel | undefined;
}) {
  const { source, refreshKey, onChanged } = props;
  const [loaded, setLoaded] = useState<Loaded>({ state: "loading" });
  const [running, setRunning] = useState<Running>(null);
  const [notice, setNotice] = useState<{ text: string; error: boolean } | null>(null);
  const [newBranch, setNewBranch] = useState("");

  const reload = useCallback(() => {
    source.state().then(
      (git) => setLoaded({ state: "ready", git }),
      (e) => setLoaded({ state: "error", message: errorMessage(e) }),
    );
  }, [source]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: refreshKey is the reason to read again (a reply ended)
  useEffect(reload, [reload, refreshKey]);
  const now = useNow(1000, running !== null);

  /** Runs one action: progress while it runs, then its sentence, the new state, and the diff list read again. */
  const act = async <T extends { state?: GitWorkState }>(
    label: string,
    work: () => Promise<T>,
    done: ((r: T) => string) | null,
    /** A refusal the caller shows itself (a question asked again), not said here too. */
    saysItself: (e: unknown) => boolean = () => false,
  ) => {
    setNotice(null);
    setRunning({ label, startedAt: Date.now() });
    try {
      const result = await work();
      // No state: this chat's own folder is gone (its worktree removed): nothing here works any more.
      if (!result.state) {
        setLoaded({ state: "error", message: done ? done(result) : "This chat's folder is gone." });
        return result;
      }
      if (done) setNotice({ text: done(result), error: false });
      setLoaded({ state: "ready", git: result.state });
      onChanged();
      return result;
    } catch (e) {
      if (done && !saysItself(e)) setNotice({ text: errorMessage(e), error: true }); // else the caller shows it
      reload();
      throw e;
    } finally {
      setRunning(null);
    }
  };
  const quietly = (p: Promise<unknown>) => p.catch(() => undefined);
  const said = (r: GitActionResponse) => r.done;

  if (loaded.state === "loading") return <p className="muted small">Reading git…</p>;
  if (loaded.state === "error")
    return (
      <section className="git-work" aria-label="Git">
        <p className="muted small" role="alert">
          {loaded.message}
        </p>
      </section>
    );
  const git = loaded.git;
  const busy = running !== null;
  const writeMessage = source.writeMessage;
  const publishTo = git.remotes.includes("origin") ? "origin" : git.remotes[0];
  const elapsedS = running ? Math.max(0, Math.round((now - running.startedAt) / 1000)) : 0;

  return (
    <section className="git-work" aria-label="Git">
      <div className="git-branch-row">
        <label className="small">
          Branch{" "}
          <select
            aria-label="Branch"
            value={git.branch ?? ""}
            disabled={busy}
            onChange={(e) =>
              quietly(act(`Switching to ${e.target.value}…`, () => source.branch(e.target.value, false), said))
            }
          >
            {git.branch === null && <option value="">(no branch: detached)</option>}
            {git.branches.map((b) => (
              <option key={b} value={b}>
                {b}
              </option>
            ))}
          </select>
        </label>
        <span className="small muted">
          {git.upstream
            ? `${git.upstream}${git.upstreamGone ? " · gone from the remote (deleted there, after a merge perhaps): push to publish it again, or switch to another branch" : git.ahead || git.behind ? ` · ${git.ahead} to push, ${git.behind} to pull` : " · up to date"}`
            : "no upstream"}
        </span>
        {source.fetch && git.remotes.length > 0 && (
          <button
            type="button"
            className="small"
            disabled={busy}
            title="Ask the remotes what they have, changing nothing here"
            onClick={() => source.fetch && quietly(act("Fetching…", source.fetch, said))}
          >
            Fetch
          </button>
        )}
        {/* Only with an upstream to pull from: without one, "no upstream" beside it and Publish say what to do. */}
        {git.upstream && !git.upstreamGone && (
          <button
            type="button"
            className="small"
            disabled={busy}
            onClick={() => quietly(act(`Pulling from ${git.upstream}…`, source.pull, said))}
          >
            Pull
          </button>
        )}
        {git.upstream || !publishTo ? (
          <button
            type="button"
            className="small"
            disabled={busy || !git.upstream}
            onClick={() => quietly(act(`Pushing to ${git.upstream}…`, () => source.push(), said))}
          >
            Push
          </button>
        ) : (
          <button
            type="button"
            className="small"
            disabled={busy || !git.branch}
            onClick={() =>
              quietly(act(`Publishing ${git.branch} to ${publishTo}…`, () => source.push(publishTo), said))
            }
          >
            {`Publish to ${publishTo}`}
          </button>
        )}
      </div>
      <form
        className="git-new-branch"
        onSubmit={(e) => {
          e.preventDefault();
          const name = newBranch.trim();
          if (!name) return setNotice({ text: "Type a name for the new branch.", error: true });
          act(`Creating ${name}…`, () => source.branch(name, true), said).then(
            () => setNewBranch(""),
            () => undefined,
          );
        }}
      >
        <input
          aria-label="New branch name"
          placeholder="new-branch-name"
          value={newBranch}
          onChange={(e) => setNewBranch(e.target.value)}
        />
        <button type="submit" className="small" disabled={busy}>
          Create branch
        </button>
      </form>
      {running && (
        <p className="small muted" role="status" aria-live="polite">
          <progress aria-label={running.label} /> {`${running.label} ${elapsedS} s`}
        </p>
      )}
      {notice && (
        <p className={notice.error ? "inline-error small" : "small"} role={notice.error ? "alert" : "status"}>
          {notice.text}
        </p>
      )}
      {source.stashes && (
        <StashSection
          source={source.stashes}
          refreshKey={refreshKey}
          busy={busy}
          run={(label, work) => act(label, work, (r) => r.done)}
        />
      )}
      {source.worktrees && (
        <WorktreeSection
          source={source.worktrees}
          refreshKey={refreshKey}
          busy={busy}
          run={(label, work, saysItself) => act(label, work, (r) => r.done, saysItself)}
          onOpenFolder={props.onOpenFolder}
        />
      )}
      {source.pulls && (
        <PullRequestSection
          source={source.pulls}
          writer={pullRequestWriter(source.pulls, props.model)}
          onMerged={() => {
            reload();
            onChanged();
          }}
          // The form shows a refused push's sentence itself.
          onPush={(publishTo) =>
            act(
              publishTo ? `Publishing ${git.branch} to ${publishTo}…` : "Pushing…",
              () => source.push(publishTo),
              null,
            )
          }
        />
      )}
      {source.identity && git.files.length > 0 && (
        <CommitIdentity source={source.identity} refreshKey={`${refreshKey}:${git.branch}`} />
      )}
      <CommitForm
        files={git.files}
        {...(git.moreFiles ? { moreFiles: git.moreFiles } : {})}
        select={source.select}
        draft={source.draft}
        busy={busy}
        writer={
          writeMessage && {
            modelName: props.model?.name ?? null,
            write: (choice, signal) => {
              const model = props.model?.model;
              return writeMessage({ ...choice, ...(model ? { model } : {}) }, signal);
            },
          }
        }
        onCommit={async (message, choice) =>
          (await act("Committing…", () => source.commit({ message, ...choice }), null)).commit
        }
      />
    </section>
  );
}

/** "Write it for me" in the pull request form, with the model the message box would send to. */
function pullRequestWriter(pulls: PullRequestSource, model: CommitModel | undefined): PullRequestWriter | undefined {
  const writeText = pulls.writeText;
  if (!writeText) return undefined;
  return {
    modelName: model?.name ?? null,
    write: (base, signal) => writeText({ base, ...(model?.model ? { model: model.model } : {}) }, signal),
  };
}

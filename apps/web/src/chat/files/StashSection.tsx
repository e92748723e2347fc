// The Files tab's stashes: "Stash changes" puts every uncommitted change aside (new files too),
// with a few words to say what it holds; each stash can be applied (kept), popped (applied and
// dropped) or dropped, which asks first. Folded under its count; each click goes through the git
// work's own runner (GitWork's act), so it shows its progress and its sentence there.
import type { GitStash, GitStashActionRequest, GitStashActionResponse, GitStashesResponse } from "@turnkey/contracts";
import { useEffect, useState } from "react";
import { errorMessage } from "../../shared/api.ts";
import { formatGitDate, gitDateAgo } from "../../shared/format.ts";

export interface StashSource {
  list: () => Promise<GitStashesResponse>;
  stash: (message?: string) => Promise<GitStashActionResponse>;
  act: (request: GitStashActionRequest) => Promise<GitStashActionResponse>;
}

export function StashSection(props: {
  source: StashSource;
  refreshKey: string | number;
  busy: boolean;
  /** Runs a click as the git work runs its own: progress, the sentence, the state after (GitWork's act). */
  run: (label: string, work: () => Promise<GitStashActionResponse>) => Promise<GitStashActionResponse>;
}) {
  const { source, refreshKey, busy, run } = props;
  const [stashes, setStashes] = useState<GitStash[] | { error: string } | null>(null);
  const [message, setMessage] = useState("");
  const [dropping, setDropping] = useState<string | null>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: refreshKey is the reason to read again
  useEffect(() => {
    let current = true;
    setDropping(null);
    // A list that cannot even be asked for (a throw, not a rejection) is said like any failure.
    Promise.resolve()
      .then(source.list)
      .then(
        (answer) => current && setStashes(answer.stashes),
        (e) => current && setStashes({ error: errorMessage(e) }),
      );
    return () => {
      current = false;
    };
  }, [source, refreshKey]);

  const click = (label: string, work: () => Promise<GitStashActionResponse>) =>
    run(label, work).then(
      (answer) => {
        setStashes(answer.stashes);
        setDropping(null);
        return true;
      },
      () => {
        setDropping(null);
        // The list may have moved (the agent's own stash): read it again.
        source.list().then(
          (answer) => setStashes(answer.stashes),
          () => undefined,
        );
        return false;
      },
    );
  const act = (stash: GitStash, action: GitStashActionRequest["action"], label: string) =>
    click(label, () => source.act({ index: stash.index, hash: stash.hash, action }));
  const listed = Array.isArray(stashes) ? stashes : [];

  return (
    <details className="git-stashes">
      <summary>{Array.isArray(stashes) ? `Stashes (${stashes.length})` : "Stashes"}</summary>
      <form
        className="git-stash-form"
        onSubmit={(e) => {
          e.preventDefault();
          if (busy) return; // Enter while a pull runs: the button is off, and so is this
          const said = message.trim();
          click("Stashing your changes…", () => source.stash(said || undefined)).then((done) => {
            if (done) setMessage("");
          });
        }}
      >
        <input
          aria-label="What the stash holds"
          placeholder="What the stash holds (optional)"
          value={message}
          maxLength={500}
          disabled={busy}
          onChange={(e) => setMessage(e.target.value)}
        />
        <button type="submit" className="small" disabled={busy}>
          Stash changes
        </button>
      </form>
      {stashes !== null && !Array.isArray(stashes) && (
        <p className="inline-error small" role="alert">
          {stashes.error}
        </p>
      )}
      {Array.isArray(stashes) && stashes.length === 0 && (
        <p className="muted small">No stashes. Stashing puts every uncommitted change aside, new files too.</p>
      )}
      {listed.length > 0 && (
        <ul className="git-stash-list" aria-label="Stashes">
          {listed.map((stash) => (
            <li key={`${stash.index}:${stash.hash}`} className="small">
              <span>{stash.message}</span>{" "}
              <time className="muted" dateTime={stash.date} title={formatGitDate(stash.date)}>
                {gitDateAgo(stash.date)}
              </time>{" "}
              {dropping === stash.hash ? (
                <fieldset className="change-discard-ask" aria-label={`Drop "${stash.message}"?`}>
                  <span>Dropping deletes the stash and the changes it holds. </span>
                  <button
                    type="button"
                    className="small danger"
                    disabled={busy}
                    onClick={() => act(stash, "drop", "Dropping the stash…")}
                  >
                    Drop
                  </button>{" "}
                  <button type="button" className="small" disabled={busy} onClick={() => setDropping(null)}>
                    Cancel
                  </button>
                </fieldset>
              ) : (
                <>
                  <button
                    type="button"
                    className="small"
                    disabled={busy}
                    title="Bring the changes back and keep the stash"
                    onClick={() => act(stash, "apply", "Applying the stash…")}
                  >
                    Apply
                  </button>{" "}
                  <button
                    type="button"
                    className="small"
                    disabled={busy}
                    title="Bring the changes back and drop the stash"
                    onClick={() => act(stash, "pop", "Applying and dropping the stash…")}
                  >
                    Pop
                  </button>{" "}
                  <button
                    type="button"
                    className="linkish small"
                    disabled={busy}
                    aria-label={`Drop "${stash.message}"`}
                    onClick={() => setDropping(stash.hash)}
                  >
                    Drop…
                  </button>
                </>
              )}
            </li>
          ))}
        </ul>
      )}
    </details>
  );
}

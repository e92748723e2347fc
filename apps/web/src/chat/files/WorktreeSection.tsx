// The Files tab's worktrees: the repository's other folders, each on its own branch, so that a
// second chat (a second agent) can change the project without touching this folder's files. A new
// one is added from a branch name (made from the last commit, or an existing branch) and opened as
// a project with a new chat; each can be opened, or removed, which asks first and asks again, saying
// what is lost, when the folder holds uncommitted work; removing this chat's own folder takes the
// window to the main folder. Folded under its count; each click goes
// through the git work's runner (GitWork's act), so it shows its progress and its sentence there.
import { TurnkeyApiError } from "@turnkey/client";
import type { GitWorktree, GitWorktreeActionResponse, GitWorktreesResponse } from "@turnkey/contracts";
import { useEffect, useRef, useState } from "react";
import { errorMessage } from "../../shared/api.ts";
import { useAskFocus } from "./useAskFocus.ts";

export interface WorktreeSource {
  list: () => Promise<GitWorktreesResponse>;
  add: (branch: string) => Promise<GitWorktreeActionResponse>;
  remove: (path: string, force: boolean) => Promise<GitWorktreeActionResponse>;
}

/** git refused to remove a folder holding uncommitted work: the question says so and asks again. */
const hasChanges = (e: unknown) => e instanceof TurnkeyApiError && e.code === "worktree_has_changes";

/** Asking before a removal: the first question, or the second after git said the folder holds work. */
type Removing = { path: string; changes: string | null };
type Opening = { path: string; error?: string };

export function WorktreeSection(props: {
  source: WorktreeSource;
  refreshKey: string | number;
  busy: boolean;
  /** Runs a click as the git work runs its own: progress, the sentence, the state after (GitWork's act). */
  run: (
    label: string,
    work: () => Promise<GitWorktreeActionResponse>,
    saysItself?: (e: unknown) => boolean,
  ) => Promise<GitWorktreeActionResponse>;
  /** Opens a folder as a project with a new chat (absent: no Open buttons). */
  onOpenFolder?: ((path: string) => Promise<void>) | undefined;
}) {
  const { source, refreshKey, busy, run, onOpenFolder } = props;
  const [worktrees, setWorktrees] = useState<GitWorktree[] | { error: string } | null>(null);
  const [branch, setBranch] = useState("");
  const [removing, setRemoving] = useState<Removing | null>(null);
  const [opening, setOpening] = useState<Opening | null>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: refreshKey is the reason to read again
  useEffect(() => {
    let current = true;
    // A list that cannot even be asked for (a throw, not a rejection) is said like any failure.
    Promise.resolve()
      .then(source.list)
      .then(
        (answer) => current && setWorktrees(answer.worktrees),
        (e) => current && setWorktrees({ error: errorMessage(e) }),
      );
    return () => {
      current = false;
    };
  }, [source, refreshKey]);

  const relist = () =>
    source.list().then(
      (answer) => setWorktrees(answer.worktrees),
      () => undefined,
    );
  // One open at a time, and only the latest one's answer counts (the window goes where it says).
  const latestOpen = useRef(0);
  const open = (path: string) => {
    if (!onOpenFolder) return;
    const mine = ++latestOpen.current;
    setOpening({ path });
    onOpenFolder(path).then(
      () => mine === latestOpen.current && setOpening(null),
      (e) => mine === latestOpen.current && setOpening({ path, error: errorMessage(e) }),
    );
  };
  const openingNow = opening !== null && opening.error === undefined;
  const add = (name: string) =>
    run(`Adding a worktree for ${name}…`, () => source.add(name)).then(
      (answer) => {
        setWorktrees(answer.worktrees);
        setBranch("");
        open(answer.path);
      },
      () => relist(),
    );
  const remove = (path: string, force: boolean) =>
    run(
      force ? "Removing the worktree and its changes…" : "Removing the worktree…",
      () => source.remove(path, force),
      hasChanges,
    ).then(
      (answer) => {
        const own = answer.state === undefined; // this chat's folder was the one removed
        setWorktrees(answer.worktrees);
        setRemoving(null);
        // Nothing can happen in a folder that is gone: the window goes on in the main folder.
        const main = answer.worktrees.find((w) => w.main && !w.missing);
        if (own && main) open(main.path);
      },
      (e) => {
        // Uncommitted work there: the question asks again, saying it is lost; any other refusal is said by the runner.
        setRemoving(hasChanges(e) ? { path, changes: errorMessage(e) } : null);
        relist();
      },
    );

  const listed = Array.isArray(worktrees) ? worktrees : [];
  return (
    <details className="git-worktrees">
      <summary>{Array.isArray(worktrees) ? `Worktrees (${worktrees.length})` : "Worktrees"}</summary>
      <p className="muted small">
        A worktree is another folder of this repository with a branch of its own: a chat there changes its files, never
        this folder's, so two agents can work at once. Merge its branch when its work is done.
      </p>
      <form
        className="git-stash-form"
        onSubmit={(e) => {
          e.preventDefault();
          const name = branch.trim();
          if (!busy && name) void add(name);
        }}
      >
        <input
          aria-label="Branch for a new worktree"
          placeholder="new-or-existing-branch"
          value={branch}
          maxLength={250}
          disabled={busy}
          onChange={(e) => setBranch(e.target.value)}
        />
        <button type="submit" className="small" disabled={busy || branch.trim() === ""}>
          Add worktree
        </button>
      </form>
      {worktrees !== null && !Array.isArray(worktrees) && (
        <p className="inline-error small" role="alert">
          {worktrees.error}
        </p>
      )}
      {listed.length > 0 && (
        <ul className="git-stash-list" aria-label="Worktrees">
          {listed.map((worktree) => (
            <WorktreeRow
              key={worktree.path}
              worktree={worktree}
              busy={busy}
              removing={removing?.path === worktree.path ? removing : null}
              opening={opening?.path === worktree.path ? opening : null}
              openingElsewhere={openingNow}
              onAsk={() => setRemoving({ path: worktree.path, changes: null })}
              onCancel={() => setRemoving(null)}
              onRemove={(force) => void remove(worktree.path, force)}
              {...(onOpenFolder ? { onOpen: () => open(worktree.path) } : {})}
            />
          ))}
        </ul>
      )}
      {listed.length === 1 && <p className="muted small">No other worktrees yet.</p>}
    </details>
  );
}

function WorktreeRow(props: {
  worktree: GitWorktree;
  busy: boolean;
  removing: Removing | null;
  opening: Opening | null;
  /** An open of some folder is under way: no other starts meanwhile. */
  openingElsewhere: boolean;
  onAsk: () => void;
  onCancel: () => void;
  onRemove: (force: boolean) => void;
  onOpen?: () => void;
}) {
  const { worktree: w, busy, removing, opening } = props;
  const { askButton, cancelButton } = useAskFocus(removing && (removing.changes ?? "remove"));
  const name = w.branch ?? (w.head ? `detached at ${w.head}` : "no commit yet");
  const notes = [
    w.main && "main folder",
    w.current && "this chat",
    w.missing && "folder gone",
    w.locked !== undefined && `locked${w.locked ? `: ${w.locked}` : ""}`,
  ].filter(Boolean);
  return (
    <li className="small">
      <strong>{name}</strong>
      {notes.length > 0 && <span className="muted"> ({notes.join(", ")})</span>}
      <br />
      <span className="muted">{w.path}</span>{" "}
      {removing ? (
        <fieldset
          className="change-discard-ask"
          aria-label={`Remove the worktree ${name}?`}
          onKeyDown={(e) => {
            if (e.key === "Escape" && !busy) {
              e.stopPropagation(); // the question's Escape, not the window's
              props.onCancel();
            }
          }}
        >
          <span>
            {removing.changes ??
              `Removing deletes the folder${w.branch ? `; the branch ${w.branch} and its commits stay` : ""}.`}{" "}
          </span>
          <button
            type="button"
            className="small danger"
            disabled={busy}
            onClick={() => props.onRemove(removing.changes !== null)}
          >
            {removing.changes ? "Remove anyway" : "Remove"}
          </button>{" "}
          <button ref={cancelButton} type="button" className="small" disabled={busy} onClick={props.onCancel}>
            Cancel
          </button>
        </fieldset>
      ) : (
        <>
          {props.onOpen && !w.current && !w.missing && !w.bare && (
            <button
              type="button"
              className="small"
              disabled={props.openingElsewhere}
              aria-label={`Open ${name} as a project`}
              onClick={props.onOpen}
            >
              Open
            </button>
          )}{" "}
          {!w.main && w.locked === undefined && (
            <button
              ref={askButton}
              type="button"
              className="linkish small"
              disabled={busy}
              aria-label={`Remove the worktree ${name}`}
              onClick={props.onAsk}
            >
              Remove…
            </button>
          )}
        </>
      )}
      {opening?.error !== undefined && (
        <p className="inline-error small" role="alert">
          {opening.error}
        </p>
      )}
    </li>
  );
}

// How a task's runs end: what each run's worktree changed (its files and lines, committed there or
// not), "Bring these changes here" into the folder the task was started from, and the runs'
// worktrees removed together once one is kept (OpenChamber's multi-run leaves each run a session to
// read; this says which run did what, and carries the chosen one back). Read on a click, not each
// time the Session tab shows: each reading adds a worktree's files to an index of the backend's,
// one run after another. Every call goes through the chat the task was started from: the
// worktrees are its repository's.
import type { GitWorktreeChangesResponse } from "@turnkey/contracts";
import { type ReactNode, useLayoutEffect, useRef, useState } from "react";
import { api, errorMessage } from "../../shared/api.ts";
import { useAskFocus } from "../files/useAskFocus.ts";
import type { Run, RunGroup } from "./multiRun.ts";

export type RunReading =
  | { state: "reading" }
  | { state: "read"; changes: GitWorktreeChangesResponse }
  | { state: "gone" }
  | { state: "error"; error: string };

/** What the compare asks of the backend (the API in the window, fakes in tests). */
export interface CompareSource {
  /** The folders git lists for the repository now. */
  worktrees(): Promise<string[]>;
  changes(path: string): Promise<GitWorktreeChangesResponse>;
  /** Brings a worktree's changes into the task's folder; answers the backend's sentence. */
  take(path: string): Promise<string>;
  /** Removes a worktree with whatever is in it. */
  remove(path: string): Promise<void>;
}

export function compareSourceFrom(fromSessionId: string): CompareSource {
  return {
    worktrees: async () =>
      (await api.gitWorktrees(fromSessionId)).worktrees.filter((w) => !w.missing).map((w) => w.path),
    changes: (path) => api.gitWorktreeChanges(fromSessionId, path),
    take: async (path) => (await api.gitTakeWorktreeChanges(fromSessionId, path)).done,
    remove: async (path) => {
      await api.gitRemoveWorktree(fromSessionId, path, true);
    },
  };
}

/** The same folder as git lists it: Windows' git writes `C:/x` for `C:\x`, and Windows paths ignore case. */
function samePath(a: string, b: string): boolean {
  if (a === b) return true;
  const plain = (path: string) => path.replaceAll("\\", "/").toLowerCase();
  return /^[a-z]:[\\/]/i.test(a) && plain(a) === plain(b);
}

/** "4 files, +120 −8", or that nothing changed. */
export function changeSummary(changes: GitWorktreeChangesResponse): string {
  if (changes.fileCount === 0) return "No changes yet.";
  const files = `${changes.fileCount} ${changes.fileCount === 1 ? "file" : "files"}`;
  return `${files}, +${changes.additions} −${changes.deletions}`;
}

type Asking = { kind: "take"; path: string; label: string; fileCount: number } | { kind: "remove" };
type Said = { text: string; error: boolean };

/** The runs that have a worktree of their own: the ones to compare, bring back or remove. */
const withWorktree = (group: RunGroup) =>
  group.runs.filter((run): run is Run & { path: string } => run.branch !== null && run.path !== undefined);

export function useRunCompare(group: RunGroup, source: CompareSource) {
  const runs = withWorktree(group);
  const [readings, setReadings] = useState<Record<string, RunReading> | null>(null);
  const [asking, setAsking] = useState<Asking | null>(null);
  const [said, setSaid] = useState<Said | null>(null);
  const [busy, setBusy] = useState(false);
  const latest = useRef(0);
  /** The button that asked (a run's folder, or "remove"): the keyboard goes back to it when the question closes. */
  const [askedFrom, setAskedFrom] = useState<string | null>(null);
  const { askButton, cancelButton } = useAskFocus(
    asking && (asking.kind === "take" ? `take ${asking.path}` : "remove"),
  );
  // After the last removal its button is gone: the keyboard goes to the sentence rather than the page.
  const saidLine = useRef<HTMLParagraphElement>(null);
  useLayoutEffect(() => {
    if (said && (document.activeElement === null || document.activeElement === document.body))
      saidLine.current?.focus();
  }, [said]);

  // A removed worktree stays removed: a reading that was on its way when it went does not bring it back.
  const set = (path: string, reading: RunReading) =>
    setReadings((all) => (all?.[path]?.state === "gone" ? all : { ...all, [path]: reading }));
  const readingNow = readings !== null && Object.values(readings).some((r) => r.state === "reading");
  const read = async () => {
    const mine = ++latest.current;
    setReadings(Object.fromEntries(runs.map((run) => [run.path, { state: "reading" }])));
    let listed: string[];
    try {
      listed = await source.worktrees();
    } catch (e) {
      const error = errorMessage(e);
      if (mine === latest.current)
        setReadings(Object.fromEntries(runs.map((run) => [run.path, { state: "error", error }])));
      return;
    }
    // One after another: each reading adds that worktree's files to an index, which loads the disk.
    for (const run of runs) {
      if (mine !== latest.current) return;
      if (!listed.some((path) => samePath(path, run.path))) {
        set(run.path, { state: "gone" });
        continue;
      }
      const reading: RunReading = await source.changes(run.path).then(
        (changes) => ({ state: "read", changes }),
        (e) => ({ state: "error", error: errorMessage(e) }),
      );
      if (mine === latest.current) set(run.path, reading);
    }
  };
  const act = async (work: () => Promise<Said>) => {
    latest.current++; // a reading still on its way stops here
    setBusy(true);
    const result = await work();
    setSaid(result);
    setAsking(null);
    setBusy(false);
  };
  const take = (path: string) =>
    act(() =>
      source.take(path).then(
        (text) => ({ text, error: false }),
        (e) => ({ text: errorMessage(e), error: true }),
      ),
    );
  const removeAll = () =>
    act(async () => {
      const present = runs.filter((run) => readings?.[run.path]?.state !== "gone");
      const failed: string[] = [];
      for (const run of present) {
        try {
          await source.remove(run.path);
          set(run.path, { state: "gone" });
        } catch (e) {
          failed.push(`${run.label}: ${errorMessage(e)}`);
        }
      }
      const removed = present.length - failed.length;
      const kept = "Their chats stay readable, and their branches stay.";
      if (failed.length === 0)
        return {
          text: `Removed ${present.length === 1 ? "the run's worktree" : `the ${present.length} runs' worktrees`}. ${kept}`,
          error: false,
        };
      const done =
        removed === 0 ? "No worktree was removed." : `Removed ${removed} of ${present.length} worktrees. ${kept}`;
      return { text: [done, ...failed].join("\n"), error: true };
    });

  const ask = (question: Asking) => {
    setSaid(null);
    setAskedFrom(question.kind === "take" ? question.path : "remove");
    setAsking(question);
  };
  const question = (text: string, yes: string, onYes: () => void) => (
    <fieldset
      className="run-ask"
      aria-label={text}
      onKeyDown={(e) => {
        if (e.key === "Escape" && !busy) {
          e.stopPropagation(); // the question's Escape, not the window's
          setAsking(null);
        }
      }}
    >
      <p className="small">{text}</p>
      <span className="run-actions">
        <button type="button" className="small" disabled={busy} onClick={onYes}>
          {busy ? "Working…" : yes}
        </button>
        <button type="button" className="small" ref={cancelButton} disabled={busy} onClick={() => setAsking(null)}>
          Cancel
        </button>
      </span>
    </fieldset>
  );

  /** Under each run's line: what it changed, and Bring these changes here. */
  const rowFor = (run: Run): ReactNode => {
    // Only runs with a worktree of their own are read (withWorktree): the others have no reading.
    const path = run.path;
    const reading = path === undefined ? undefined : readings?.[path];
    if (path === undefined || !reading) return null;
    if (reading.state === "reading") return <span className="muted small">Reading what it changed…</span>;
    if (reading.state === "gone") return <span className="muted small">Its worktree was removed.</span>;
    if (reading.state === "error") return <span className="run-state error-text small">{reading.error}</span>;
    const { changes } = reading;
    return (
      <div className="run-changes small">
        {changes.fileCount === 0 ? (
          <span className="muted">{changeSummary(changes)}</span>
        ) : (
          <details>
            <summary>{changeSummary(changes)}</summary>
            <ul aria-label={`Files the run of ${run.label} changed`}>
              {changes.files.map((file) => (
                <li key={file.path}>
                  <code>{file.status}</code> {file.path}{" "}
                  <span className="muted">
                    {file.additions === null ? "binary" : `+${file.additions} −${file.deletions}`}
                  </span>
                </li>
              ))}
              {changes.more && <li className="muted">and {changes.more} more</li>}
            </ul>
          </details>
        )}
        {changes.fileCount > 0 &&
          (asking?.kind === "take" && asking.path === path ? (
            question(
              `Bring the ${asking.fileCount === 1 ? "changed file" : `${asking.fileCount} changed files`} of ${run.label} into ${group.from.directory}? They arrive uncommitted. If a file they change was changed there too, nothing changes.`,
              "Bring them here",
              () => void take(path),
            )
          ) : (
            <button
              type="button"
              className="small"
              aria-label={`Bring the changes of ${run.label} here…`}
              disabled={busy || readingNow || asking !== null}
              ref={askedFrom === path ? askButton : undefined}
              onClick={() => ask({ kind: "take", path, label: run.label, fileCount: changes.fileCount })}
            >
              Bring these changes here…
            </button>
          ))}
      </div>
    );
  };

  const present = runs.filter((run) => readings?.[run.path]?.state !== "gone").length;
  /** Above the list: read (again), remove the worktrees together, and what the last action said. */
  const bar: ReactNode =
    runs.length === 0 ? null : (
      <div className="run-compare">
        <span className="run-actions">
          <button type="button" className="small" disabled={busy || readingNow} onClick={() => void read()}>
            {readings === null ? "Compare what they changed" : "Read their changes again"}
          </button>
          {readings !== null && present > 0 && asking?.kind !== "remove" && (
            <button
              type="button"
              className="small"
              ref={askedFrom === "remove" ? askButton : undefined}
              disabled={busy || readingNow || asking !== null}
              onClick={() => ask({ kind: "remove" })}
            >
              Remove the runs' worktrees…
            </button>
          )}
        </span>
        {asking?.kind === "remove" &&
          question(
            `Remove ${present === 1 ? "the run's worktree" : `the ${present} runs' worktrees`}, with any changes not brought here and the files git ignores there (build output, .env)? Their chats stay readable and their branches stay.`,
            `Remove ${present === 1 ? "it" : `${present} worktrees`}`,
            () => void removeAll(),
          )}
        {said && (
          <p
            ref={saidLine}
            tabIndex={-1}
            className={said.error ? "inline-error small run-said" : "small run-said"}
            role={said.error ? "alert" : "status"}
          >
            {said.text}
          </p>
        )}
      </div>
    );
  return { bar, rowFor };
}

// The Files tab's history: the branch's recent commits (what the agent or anyone committed), a
// page at a time; a commit opens to the files it changed, and a file to its patch, each read when
// first opened. Folded until asked for, so an ordinary look at the tab runs no `git log`.
import type { GitCommitFilesResponse, GitDiffResponse, GitLogCommit, GitLogResponse } from "@turnkey/contracts";
import { useCallback, useEffect, useLayoutEffect, useRef, useState } from "react";
import { errorMessage } from "../../shared/api.ts";
import { formatGitDate, gitDateAgo } from "../../shared/format.ts";
import { ReviewContext } from "../review/reviewContext.ts";
import { changeKey, GitChangedFile, useChangePatches } from "./GitChangedFile.tsx";

/** Where the history reads from: one session's project through the backend, or a test's fakes. */
export interface HistorySource {
  log: (limit: number, skip: number) => Promise<GitLogResponse>;
  files: (hash: string) => Promise<GitCommitFilesResponse>;
  diff: (hash: string, path: string) => Promise<GitDiffResponse>;
}

/** Commits asked for at first and by each "Show older commits". */
export const historyPage = 30;

type Listed =
  | { state: "loading" }
  | { state: "error"; message: string }
  | { state: "ready"; commits: GitLogCommit[]; more: boolean; paging?: "loading" | { error: string } };

function CommitFiles(props: { source: HistorySource; commit: GitLogCommit }) {
  const { source, commit } = props;
  const [files, setFiles] = useState<
    { state: "loading" } | { state: "error"; message: string } | ({ state: "ready" } & GitCommitFilesResponse)
  >({ state: "loading" });
  const diff = useCallback((path: string) => source.diff(commit.hash, path), [source, commit.hash]);
  const { opened, toggle } = useChangePatches(diff);
  useEffect(() => {
    let current = true;
    source.files(commit.hash).then(
      (answer) => current && setFiles({ state: "ready", ...answer }),
      (e) => current && setFiles({ state: "error", message: errorMessage(e) }),
    );
    return () => {
      current = false;
    };
  }, [source, commit.hash]);
  if (files.state === "loading") return <p className="muted small">Reading the commit…</p>;
  if (files.state === "error")
    return (
      <p className="inline-error small" role="alert">
        {files.message}
      </p>
    );
  return (
    <>
      {commit.parents > 1 && (
        <p className="muted small">A merge: what it brought in, against the branch it was merged into.</p>
      )}
      {files.files.length === 0 && <p className="muted small">No file changed in this commit.</p>}
      {/* A commit's diff is numbered as of that commit, not as the files are now: no review comments. */}
      <ReviewContext.Provider value={null}>
        <ul className="change-files" aria-label={`Files changed in ${commit.shortHash}`}>
          {files.files.map((f) => (
            <li key={f.path} className="change-file">
              <GitChangedFile file={f} opened={opened.get(changeKey(f))} onToggle={() => toggle(f)} />
            </li>
          ))}
        </ul>
      </ReviewContext.Provider>
      {files.more > 0 && <p className="muted small">{`${files.more.toLocaleString("en")} more files not listed.`}</p>}
    </>
  );
}

export function GitHistory(props: { source: HistorySource; refreshKey: string | number }) {
  const { source, refreshKey } = props;
  const [shown, setShown] = useState(false);
  const [listed, setListed] = useState<Listed>({ state: "loading" });
  const [open, setOpen] = useState<ReadonlySet<string>>(new Set());
  // The first page is being read again (a commit, a reply): no older page is asked meanwhile, since
  // it would count from a list about to be replaced (review 17b R3).
  const [reading, setReading] = useState(false);
  // The first commit an older page brought: the keyboard goes there (the button it was on may be gone).
  const list = useRef<HTMLUListElement>(null);
  const focusNext = useRef<string | null>(null);
  // The list as last drawn, for an older page that answers later (no state updater with side effects).
  const latest = useRef(listed);
  latest.current = listed;
  useLayoutEffect(() => {
    if (listed.state !== "ready" || focusNext.current === null) return;
    list.current?.querySelector<HTMLButtonElement>(`button[data-hash="${focusNext.current}"]`)?.focus();
    focusNext.current = null;
  }, [listed]);
  // Counts reads, so a page that answers after a refresh started is dropped.
  const generation = useRef(0);
  // biome-ignore lint/correctness/useExhaustiveDependencies: refreshKey is the reason to read again (a commit, a pull)
  useEffect(() => {
    if (!shown) return;
    const current = ++generation.current;
    setReading(true);
    const settle = (next: Listed) => {
      if (current !== generation.current) return;
      setReading(false);
      setListed(next);
    };
    source.log(historyPage, 0).then(
      (answer) => settle({ state: "ready", ...answer }),
      (e) => settle({ state: "error", message: errorMessage(e) }),
    );
  }, [source, shown, refreshKey]);
  useEffect(() => () => void ++generation.current, []);

  const older = () => {
    if (listed.state !== "ready" || listed.paging === "loading" || reading) return;
    const current = generation.current;
    setListed({ ...listed, paging: "loading" });
    source.log(historyPage, listed.commits.length).then(
      (answer) => {
        const now = latest.current;
        if (current !== generation.current || now.state !== "ready") return;
        // A commit made since the first page shifts the next one by as many: none is listed twice.
        const held = new Set(now.commits.map((c) => c.hash));
        const fresh = answer.commits.filter((c) => !held.has(c.hash));
        focusNext.current = fresh[0]?.hash ?? null;
        setListed({ state: "ready", commits: [...now.commits, ...fresh], more: answer.more });
      },
      (e) =>
        current === generation.current &&
        setListed((now) => (now.state === "ready" ? { ...now, paging: { error: errorMessage(e) } } : now)),
    );
  };
  const toggle = (hash: string) =>
    setOpen((all) => {
      const next = new Set(all);
      if (!next.delete(hash)) next.add(hash);
      return next;
    });

  return (
    <details className="git-history" onToggle={(e) => setShown(e.currentTarget.open)}>
      <summary>
        <h3>History</h3>
      </summary>
      {shown && listed.state === "loading" && <p className="muted small">Reading the history…</p>}
      {shown && listed.state === "error" && (
        <p className="inline-error small" role="alert">
          {listed.message}
        </p>
      )}
      {listed.state === "ready" && listed.commits.length === 0 && (
        <p className="muted small">No commits yet (or this is not a git repository).</p>
      )}
      {listed.state === "ready" && listed.commits.length > 0 && (
        <ul ref={list} className="git-commits" aria-label="Commits">
          {listed.commits.map((commit) => (
            <li key={commit.hash} className="git-commit">
              <button
                type="button"
                className="linkish"
                data-hash={commit.hash}
                aria-expanded={open.has(commit.hash)}
                onClick={() => toggle(commit.hash)}
              >
                <code>{commit.shortHash}</code> {commit.subject}
              </button>
              <div className="muted small">
                {`${commit.author} · `}
                <time dateTime={commit.date} title={formatGitDate(commit.date)}>
                  {gitDateAgo(commit.date)}
                </time>
              </div>
              {open.has(commit.hash) && <CommitFiles source={source} commit={commit} />}
            </li>
          ))}
        </ul>
      )}
      {listed.state === "ready" && listed.more && (
        <p className="small">
          <button
            type="button"
            className="linkish small"
            disabled={listed.paging === "loading" || reading}
            aria-busy={listed.paging === "loading"}
            onClick={older}
          >
            Show older commits
          </button>
          {typeof listed.paging === "object" && <span className="inline-error">{` ${listed.paging.error}`}</span>}
        </p>
      )}
    </details>
  );
}

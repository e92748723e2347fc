// The project's uncommitted changes (git's working tree against the last commit), whoever made
// them: the agent, the user's editor, a script. Read again when a reply ends and on request; each
// file opens its diff in the chat's diff viewer. A page of files at a time: "Show more" appends the
// page after the last file held, so every changed file can be reached however many there are (a
// build folder can hold 50,000 new files), and the rest are counted, never sent.
import type { FileChange, GitDiffResponse, GitStatusResponse } from "@turnkey/contracts";
import { useCallback, useEffect, useRef, useState } from "react";
import { errorMessage } from "../../shared/api.ts";
import { GitChangedFile } from "./GitChangedFile.tsx";

/** How many changed files are asked for at first, and how many more each "Show more" adds. */
export const gitStatusPage = 200;

type Shown =
  | { state: "loading" }
  | { state: "error"; message: string }
  | { state: "ready"; files: FileChange[]; more: number; paging?: "loading" | { error: string } };

/** Up to `wanted` changed files from the first, a page after another (the backend caps each answer). */
async function readUpTo(load: ChangesLoad, wanted: number): Promise<{ files: FileChange[]; more: number }> {
  const files: FileChange[] = [];
  let more = 0;
  do {
    const answer = await load(wanted - files.length, files.at(-1)?.path);
    files.push(...answer.files);
    more = answer.more ?? 0;
    if (answer.files.length === 0) break;
  } while (more > 0 && files.length < wanted);
  return { files, more };
}

type ChangesLoad = (limit: number, after?: string) => Promise<GitStatusResponse>;

export function GitStatus(props: {
  /** `limit` changed files at most, those after the path `after`. */
  load: ChangesLoad;
  diff: (path: string) => Promise<GitDiffResponse>;
  refreshKey: string | number;
  /** Files asked for at first and added by each "Show more" (gitStatusPage). */
  page?: number;
  /** Refresh was pressed: the tab reads everything again, this list by its refreshKey (else it reads itself). */
  onRefresh?: () => void;
}) {
  const { load, refreshKey } = props;
  const page = props.page ?? gitStatusPage;
  // As many files as the reader has asked to see: a refresh reads that many again.
  const wanted = useRef(page);
  const [shown, setShown] = useState<Shown>({ state: "loading" });
  const [asked, setAsked] = useState(0);
  const refresh = useCallback(() => setAsked((n) => n + 1), []);
  // Counts reads, so a page that answers after a refresh started is dropped.
  const generation = useRef(0);
  // biome-ignore lint/correctness/useExhaustiveDependencies: refreshKey and asked are the reasons to read again
  useEffect(() => {
    const current = ++generation.current;
    readUpTo(load, wanted.current).then(
      (status) => current === generation.current && setShown({ state: "ready", ...status }),
      (e) => current === generation.current && setShown({ state: "error", message: errorMessage(e) }),
    );
  }, [load, refreshKey, asked]);
  useEffect(() => () => void ++generation.current, []);

  const showMore = () => {
    if (shown.state !== "ready" || shown.paging === "loading") return;
    const current = generation.current;
    setShown({ ...shown, paging: "loading" });
    load(page, shown.files.at(-1)?.path).then(
      (answer) => {
        if (current !== generation.current) return;
        const files = [...shown.files, ...answer.files];
        wanted.current = files.length;
        setShown({ state: "ready", files, more: answer.more ?? 0 });
      },
      (e) => current === generation.current && setShown({ ...shown, paging: { error: errorMessage(e) } }),
    );
  };

  const more = shown.state === "ready" ? shown.more : 0;
  const count = shown.state === "ready" ? shown.files.length + more : null;
  return (
    <section className="git-status" aria-label="Uncommitted changes">
      <h3>
        {count === null ? "Uncommitted changes" : `Uncommitted changes (${count})`}{" "}
        <button type="button" className="linkish small" onClick={props.onRefresh ?? refresh}>
          Refresh
        </button>
      </h3>
      {shown.state === "loading" && <p className="muted small">Reading git status…</p>}
      {shown.state === "error" && (
        <p className="inline-error small" role="alert">
          {shown.message}
        </p>
      )}
      {count === 0 && (
        <p className="muted small">Nothing changed since the last commit (or this is not a git repository).</p>
      )}
      {shown.state === "ready" && count !== 0 && (
        <ul className="change-files" aria-label="Changed files">
          {shown.files.map((f) => (
            // A file whose counts changed since it was opened is drawn afresh: its patch is asked again.
            <GitChangedFile key={`${f.path}:${f.additions}:${f.deletions}`} file={f} diff={props.diff} />
          ))}
        </ul>
      )}
      {more > 0 && shown.state === "ready" && (
        <p className="muted small" role="status">
          {`${more.toLocaleString("en")} more changed ${more === 1 ? "file" : "files"} not shown (the list goes by path). `}
          <button
            type="button"
            className="linkish small"
            disabled={shown.paging === "loading"}
            aria-busy={shown.paging === "loading"}
            onClick={showMore}
          >
            {`Show ${Math.min(page, more).toLocaleString("en")} more`}
          </button>
          {typeof shown.paging === "object" && <span className="inline-error">{` ${shown.paging.error}`}</span>}
        </p>
      )}
    </section>
  );
}

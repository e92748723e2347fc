// The project's uncommitted changes (git's working tree against the last commit), whoever made
// them: the agent, the user's editor, a script. Read again when a reply ends and on request; each
// file opens its diff in the chat's diff viewer. A page of files at a time: "Show more" asks for
// the next, and the rest are counted, never sent (a build folder can hold 50,000 new files).
import type { GitDiffResponse, GitStatusResponse } from "@turnkey/contracts";
import { useCallback, useEffect, useState } from "react";
import { errorMessage } from "../../shared/api.ts";
import { GitChangedFile } from "./GitChangedFile.tsx";

/** How many changed files are asked for at first, and how many more each "Show more" adds. */
export const gitStatusPage = 200;

type Shown = { state: "loading" } | { state: "error"; message: string } | ({ state: "ready" } & GitStatusResponse);

export function GitStatus(props: {
  load: (limit: number) => Promise<GitStatusResponse>;
  diff: (path: string) => Promise<GitDiffResponse>;
  refreshKey: string | number;
  /** Files asked for at first and added by each "Show more" (gitStatusPage). */
  page?: number;
  /** Refresh was pressed: the rest of the tab (the git work) reads again too. */
  onRefresh?: () => void;
}) {
  const { load, refreshKey } = props;
  const page = props.page ?? gitStatusPage;
  const [limit, setLimit] = useState(page);
  const [shown, setShown] = useState<Shown>({ state: "loading" });
  const [asked, setAsked] = useState(0);
  const refresh = useCallback(() => setAsked((n) => n + 1), []);
  // biome-ignore lint/correctness/useExhaustiveDependencies: refreshKey and asked are the reasons to read again
  useEffect(() => {
    let live = true;
    load(limit).then(
      (status) => live && setShown({ state: "ready", ...status }),
      (e) => live && setShown({ state: "error", message: errorMessage(e) }),
    );
    return () => {
      live = false;
    };
  }, [load, refreshKey, asked, limit]);

  const more = shown.state === "ready" ? (shown.more ?? 0) : 0;
  const count = shown.state === "ready" ? shown.files.length + more : null;
  return (
    <section className="git-status" aria-label="Uncommitted changes">
      <h3>
        {count === null ? "Uncommitted changes" : `Uncommitted changes (${count})`}{" "}
        <button
          type="button"
          className="linkish small"
          onClick={() => {
            refresh();
            props.onRefresh?.();
          }}
        >
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
      {more > 0 && (
        <p className="muted small" role="status">
          {`${more.toLocaleString("en")} more changed ${more === 1 ? "file" : "files"} not shown (the list goes by path). `}
          <button type="button" className="linkish small" onClick={() => setLimit(limit + page)}>
            {`Show ${Math.min(page, more).toLocaleString("en")} more`}
          </button>
        </p>
      )}
    </section>
  );
}

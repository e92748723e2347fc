// The project's uncommitted changes (git's working tree against the last commit), whoever made
// them: the agent, the user's editor, a script. Read again when a reply ends and on request; each
// file opens its diff in the chat's diff viewer.
import type { GitStatusResponse } from "@turnkey/contracts";
import { useCallback, useEffect, useState } from "react";
import { errorMessage } from "../../shared/api.ts";
import { ChangedFile } from "../workbench/ChangedFile.tsx";

type Shown = { state: "loading" } | { state: "error"; message: string } | ({ state: "ready" } & GitStatusResponse);

export function GitStatus(props: {
  load: () => Promise<GitStatusResponse>;
  refreshKey: string | number;
  /** Refresh was pressed: the rest of the tab (the git work) reads again too. */
  onRefresh?: () => void;
}) {
  const { load, refreshKey } = props;
  const [shown, setShown] = useState<Shown>({ state: "loading" });
  const [asked, setAsked] = useState(0);
  const refresh = useCallback(() => setAsked((n) => n + 1), []);
  // biome-ignore lint/correctness/useExhaustiveDependencies: refreshKey and asked are the reasons to read again
  useEffect(() => {
    let live = true;
    load().then(
      (status) => live && setShown({ state: "ready", ...status }),
      (e) => live && setShown({ state: "error", message: errorMessage(e) }),
    );
    return () => {
      live = false;
    };
  }, [load, refreshKey, asked]);

  const count = shown.state === "ready" ? shown.files.length : null;
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
            <ChangedFile key={f.path} file={f} patches={f.patch ? [{ label: null, patch: f.patch }] : []} />
          ))}
        </ul>
      )}
    </section>
  );
}

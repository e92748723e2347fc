// One uncommitted file in the Files tab: its name, +/− and status; its patch is asked for the first
// time it is opened (the list carries none: a big change would cost every patch up front). The list
// keeps whether it is open and its patch (useChangePatches), since a virtual list drops a row
// scrolled out of view and draws it again when it comes back.
import type { FileChange, GitDiffResponse } from "@turnkey/contracts";
import { useCallback, useState } from "react";
import { errorMessage } from "../../shared/api.ts";
import { DiffStat } from "../workbench/ChangedFile.tsx";
import { LazyDiffView } from "../workbench/LazyDiffView.tsx";

type Patch = { state: "loading" } | { state: "error"; message: string } | { state: "ready"; patch: string | null };
export type Opened = { patch: Patch };

/** A file whose counts changed since it was opened is another row: its patch is asked again. */
export const changeKey = (f: FileChange) => `${f.path}:${f.additions}:${f.deletions}`;

/** The files opened in the list, by changeKey, with their patches. */
export function useChangePatches(diff: (path: string) => Promise<GitDiffResponse>) {
  const [opened, setOpened] = useState<ReadonlyMap<string, Opened>>(new Map());
  const set = useCallback(
    (key: string, value: Opened | null) =>
      setOpened((all) => {
        const next = new Map(all);
        if (value) next.set(key, value);
        else next.delete(key);
        return next;
      }),
    [],
  );
  const toggle = (file: FileChange) => {
    const key = changeKey(file);
    if (opened.has(key)) return set(key, null);
    set(key, { patch: { state: "loading" } });
    diff(file.path).then(
      (answer) =>
        setOpened((all) =>
          all.has(key) ? new Map(all).set(key, { patch: { state: "ready", patch: answer.patch } }) : all,
        ),
      (e) =>
        setOpened((all) =>
          all.has(key) ? new Map(all).set(key, { patch: { state: "error", message: errorMessage(e) } }) : all,
        ),
    );
  };
  return { opened, toggle };
}

export function GitChangedFile(props: { file: FileChange; opened: Opened | undefined; onToggle: () => void }) {
  const { file, opened } = props;
  const patch = opened?.patch;
  return (
    <>
      <button type="button" className="linkish" aria-expanded={opened !== undefined} onClick={props.onToggle}>
        {file.path}
      </button>{" "}
      <DiffStat additions={file.additions} deletions={file.deletions} partial={file.partialCount} />
      {file.status !== "modified" && <span className="muted"> ({file.status})</span>}
      {patch?.state === "loading" && <p className="muted small">Reading the changes…</p>}
      {patch?.state === "error" && (
        <p className="inline-error small" role="alert">
          {patch.message}
        </p>
      )}
      {patch?.state === "ready" && patch.patch === null && (
        <p className="muted">No diff to show (a binary file, a link, or over 200,000 characters of changes).</p>
      )}
      {patch?.state === "ready" && patch.patch !== null && (
        <div className="change-patch">
          <LazyDiffView patch={patch.patch} path={file.path} />
        </div>
      )}
    </>
  );
}

// One uncommitted file in the Files tab: its name, +/− and status, and once open "Open in" the
// user's editor at its first changed line. Its patch is asked for the first time it is opened (the
// list carries none: a big change would cost every patch up front). The list keeps whether it is
// open and its patch (useChangePatches), since a virtual list drops a row scrolled out of view and
// draws it again when it comes back.
import type { FileChange, GitDiffResponse } from "@turnkey/contracts";
import { useCallback, useState } from "react";
import { errorMessage } from "../../shared/api.ts";
import { DiffStat } from "../workbench/ChangedFile.tsx";
import { LazyDiffView } from "../workbench/LazyDiffView.tsx";
import { OpenChangedFile } from "./OpenWith.tsx";
import { useAskFocus } from "./useAskFocus.ts";

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

/** What discarding a file does to it, said before it is done. */
export function discardWarning(file: FileChange): string {
  if (file.status === "added") return `${file.path} is not in the last commit: discarding deletes it.`;
  if (file.status === "deleted") return `Discarding puts ${file.path} back as the last commit has it.`;
  return `Discarding takes your changes to ${file.path} away: it goes back to what the last commit has.`;
}

/** A row's Discard: asked for (`asking`), then confirmed or cancelled in the row itself. */
export interface RowDiscard {
  asking: boolean;
  busy: boolean;
  onAsk: () => void;
  onConfirm: () => void;
  onCancel: () => void;
}

export function GitChangedFile(props: {
  file: FileChange;
  opened: Opened | undefined;
  onToggle: () => void;
  /** Absent: the row offers no Discard (a read-only source). */
  discard?: RowDiscard;
}) {
  const { file, opened, discard } = props;
  const patch = opened?.patch;
  // Cancel when the question opens, "Discard…" again when it closes; the list moves it to Undo when done.
  const { askButton, cancelButton } = useAskFocus(discard?.asking ? "discard" : null);
  return (
    <>
      <button type="button" className="linkish" aria-expanded={opened !== undefined} onClick={props.onToggle}>
        {file.path}
      </button>{" "}
      <DiffStat additions={file.additions} deletions={file.deletions} partial={file.partialCount} />
      {file.status !== "modified" && <span className="muted"> ({file.status})</span>}
      {discard && !discard.asking && (
        <button
          ref={askButton}
          type="button"
          className="linkish small change-discard"
          aria-label={`Discard the changes to ${file.path}`}
          disabled={discard.busy}
          onClick={discard.onAsk}
        >
          Discard…
        </button>
      )}
      {discard?.asking && (
        <fieldset
          className="change-discard-ask"
          aria-label={`Discard the changes to ${file.path}?`}
          onKeyDown={(e) => {
            if (e.key === "Escape" && !discard.busy) {
              e.stopPropagation(); // the question's Escape, not the window's
              discard.onCancel();
            }
          }}
        >
          <span className="small">{`${discardWarning(file)} Undo is offered once it is done, while this window is open.`}</span>{" "}
          <button type="button" className="small danger" disabled={discard.busy} onClick={discard.onConfirm}>
            Discard
          </button>{" "}
          <button ref={cancelButton} type="button" className="small" disabled={discard.busy} onClick={discard.onCancel}>
            Cancel
          </button>
        </fieldset>
      )}
      {opened && (
        <OpenChangedFile
          path={file.path}
          deleted={file.status === "deleted"}
          patch={patch?.state === "ready" ? patch.patch : null}
        />
      )}
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

// One uncommitted file in the Files tab: its name, +/− and status; its patch is asked for the first
// time it is opened (the list carries none: a big change would cost every patch up front).
import type { FileChange, GitDiffResponse } from "@turnkey/contracts";
import { useState } from "react";
import { errorMessage } from "../../shared/api.ts";
import { DiffStat } from "../workbench/ChangedFile.tsx";
import { LazyDiffView } from "../workbench/LazyDiffView.tsx";

type Patch = { state: "loading" } | { state: "error"; message: string } | { state: "ready"; patch: string | null };

export function GitChangedFile(props: { file: FileChange; diff: (path: string) => Promise<GitDiffResponse> }) {
  const { file } = props;
  const [open, setOpen] = useState(false);
  const [patch, setPatch] = useState<Patch | null>(null);
  const toggle = () => {
    setOpen(!open);
    if (open || (patch && patch.state !== "error")) return;
    setPatch({ state: "loading" });
    props.diff(file.path).then(
      (answer) => setPatch({ state: "ready", patch: answer.patch }),
      (e) => setPatch({ state: "error", message: errorMessage(e) }),
    );
  };
  return (
    <li className="change-file">
      <button type="button" className="linkish" aria-expanded={open} onClick={toggle}>
        {file.path}
      </button>{" "}
      <DiffStat additions={file.additions} deletions={file.deletions} partial={file.partialCount} />
      {file.status !== "modified" && <span className="muted"> ({file.status})</span>}
      {open && patch?.state === "loading" && <p className="muted small">Reading the changes…</p>}
      {open && patch?.state === "error" && (
        <p className="inline-error small" role="alert">
          {patch.message}
        </p>
      )}
      {open && patch?.state === "ready" && patch.patch === null && (
        <p className="muted">No diff to show (a binary file, a link, or over 200,000 characters of changes).</p>
      )}
      {open && patch?.state === "ready" && patch.patch !== null && (
        <div className="change-patch">
          <LazyDiffView patch={patch.patch} path={file.path} />
        </div>
      )}
    </li>
  );
}

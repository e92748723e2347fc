// One changed file in a list: its name, status and +/- counts; a click shows its diff in the lazily
// loaded viewer, and "Open in" the user's editor at the first line its latest change touched. A
// file several prompts touched shows one diff each, named after its prompt.
import type { FileChange } from "@turnkey/contracts";
import { useState } from "react";
import { OpenChangedFile } from "../files/OpenWith.tsx";
import { LazyDiffView } from "./LazyDiffView.tsx";

export interface LabelledPatch {
  /** Which prompt made this part of the change; null when there is only the one. */
  label: string | null;
  patch: string;
}

/** `partial`: only the start of a big new file was counted (FileChange.partialCount), so the sum is a lower bound. */
export function DiffStat({
  additions,
  deletions,
  partial,
}: {
  additions: number;
  deletions: number;
  partial?: boolean;
}) {
  const added = !partial ? `+${additions}` : additions === 0 ? "+?" : `+${additions} or more`;
  const why = partial
    ? additions === 0
      ? "Lines not counted: this refresh had read enough of the new files already."
      : "A big new file: only its start was counted."
    : undefined;
  return (
    <span className="diff-stat">
      <span className="diff-stat-add" title={why}>
        {added}
      </span>{" "}
      <span className="diff-stat-del">−{deletions}</span>
    </span>
  );
}

export function ChangedFile({ file, patches }: { file: Omit<FileChange, "patch">; patches: LabelledPatch[] }) {
  const [open, setOpen] = useState(false);
  return (
    <li className="change-file">
      <button type="button" className="linkish" aria-expanded={open} onClick={() => setOpen(!open)}>
        {file.path}
      </button>{" "}
      <DiffStat additions={file.additions} deletions={file.deletions} />
      {file.status !== "modified" && <span className="muted"> ({file.status})</span>}
      {open && <OpenChangedFile path={file.path} deleted={file.status === "deleted"} patch={patches.at(-1)?.patch} />}
      {open && patches.length === 0 && <p className="muted">No diff kept.</p>}
      {open &&
        patches.map((p, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: the patches of one file never reorder
          <div key={i} className="change-patch">
            {p.label && <p className="muted small change-patch-label">{p.label}</p>}
            <LazyDiffView patch={p.patch} path={file.path} />
          </div>
        ))}
    </li>
  );
}

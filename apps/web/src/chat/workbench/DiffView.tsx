// A readable diff of one file: unified (one column) or split (old beside new), with line
// numbers. Loaded on demand (see LazyDiffView), so the chat view's first load does not carry it.
import { useState } from "react";
import "./diff.css";
import { type DiffLine, type Hunk, parsePatch, splitRows } from "./patch.ts";

export type DiffMode = "unified" | "split";

const sign = { add: "+", del: "-", context: " " } as const;

function UnifiedHunk({ hunk }: { hunk: Hunk }) {
  return (
    <>
      {hunk.lines.map((line, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: lines of a fixed hunk
        <tr key={i} className={`diff-${line.kind}`}>
          <td className="diff-no">{line.oldNo ?? ""}</td>
          <td className="diff-no">{line.newNo ?? ""}</td>
          <td className="diff-code">
            <span className="diff-sign" aria-hidden="true">
              {sign[line.kind]}
            </span>
            {line.text}
          </td>
        </tr>
      ))}
    </>
  );
}

function Side({ line, side }: { line: DiffLine | null; side: "old" | "new" }) {
  if (!line) return <td className="diff-empty" colSpan={2} />;
  const kind = line.kind === "context" ? "context" : line.kind;
  return (
    <>
      <td className={`diff-no diff-${kind}`}>{side === "old" ? line.oldNo : line.newNo}</td>
      <td className={`diff-code diff-${kind}`}>
        <span className="diff-sign" aria-hidden="true">
          {sign[line.kind]}
        </span>
        {line.text}
      </td>
    </>
  );
}

function SplitHunk({ hunk }: { hunk: Hunk }) {
  return (
    <>
      {splitRows(hunk).map((row, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: rows of a fixed hunk
        <tr key={i}>
          <Side line={row.left} side="old" />
          <Side line={row.right} side="new" />
        </tr>
      ))}
    </>
  );
}

export default function DiffView(props: { patch: string; path?: string; mode?: DiffMode }) {
  const [mode, setMode] = useState<DiffMode>(props.mode ?? "unified");
  const hunks = parsePatch(props.patch);
  const added = hunks.reduce((n, h) => n + h.lines.filter((l) => l.kind === "add").length, 0);
  const removed = hunks.reduce((n, h) => n + h.lines.filter((l) => l.kind === "del").length, 0);
  return (
    <figure className="diff-view" data-mode={mode}>
      <figcaption className="diff-head">
        {props.path && <span className="diff-path">{props.path}</span>}
        <span className="diff-stat">
          <span className="diff-stat-add">+{added}</span> <span className="diff-stat-del">−{removed}</span>
        </span>
        <fieldset className="diff-modes">
          <legend className="sr-only">Diff layout</legend>
          {(["unified", "split"] as const).map((m) => (
            <button key={m} type="button" className="linkish" aria-pressed={mode === m} onClick={() => setMode(m)}>
              {m === "unified" ? "Unified" : "Split"}
            </button>
          ))}
        </fieldset>
      </figcaption>
      {hunks.length === 0 ? (
        <p className="diff-none">No line changes to show (a binary file, or only its mode changed).</p>
      ) : (
        <div className="diff-scroll">
          <table className="diff-table">
            {hunks.map((hunk, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: hunks of a fixed patch
              <tbody key={i}>
                <tr className="diff-hunk">
                  <td colSpan={mode === "split" ? 4 : 3}>{hunk.header}</td>
                </tr>
                {mode === "split" ? <SplitHunk hunk={hunk} /> : <UnifiedHunk hunk={hunk} />}
              </tbody>
            ))}
          </table>
        </div>
      )}
    </figure>
  );
}

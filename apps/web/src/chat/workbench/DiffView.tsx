// A readable diff of one file: unified (one column) or split (old beside new), the layout the
// user's for every diff (diffLayout.ts), with line numbers. Loaded on demand (see LazyDiffView),
// so the chat view's first load does not carry it. In a chat, its line numbers take review
// comments (useDiffComments).
import { Fragment, useMemo } from "react";
import "./diff.css";
import { type DiffComments, useDiffComments } from "../review/useDiffComments.tsx";
import { chooseDiffLayout, useDiffLayout } from "./diffLayout.ts";
import { type DiffLine, type Hunk, parsePatch, splitRows } from "./patch.ts";

const sign = { add: "+", del: "-", context: " " } as const;

interface HunkProps {
  hunk: Hunk;
  index: number;
  comments: DiffComments | null;
  /** Each line's place in the hunk, found once: a new file's one hunk can have thousands of lines. */
  places: ReadonlyMap<DiffLine, number>;
}

/** A line's number on one side: a button that points a comment at it where comments can be made. */
function LineNo(props: HunkProps & { line: DiffLine; side: "old" | "new" }) {
  const { line, side, comments } = props;
  const no = side === "old" ? line.oldNo : line.newNo;
  if (no === null) return null;
  // A removed line is pointed at by its old number, every other by its new one.
  const pointable = comments !== null && (side === "old") === (line.kind === "del");
  return pointable ? comments.numberButton(props.index, props.places.get(line) ?? -1, line, no) : no;
}

function UnifiedHunk(props: HunkProps) {
  const { hunk, index, comments } = props;
  return (
    <>
      {hunk.lines.map((line, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: lines of a fixed hunk
        <Fragment key={i}>
          <tr className={`diff-${line.kind}${comments?.selected(index, i) ? " diff-selected" : ""}`}>
            <td className="diff-no">
              <LineNo {...props} line={line} side="old" />
            </td>
            <td className="diff-no">
              <LineNo {...props} line={line} side="new" />
            </td>
            <td className="diff-code">
              <span className="diff-sign" aria-hidden="true">
                {sign[line.kind]}
              </span>
              {line.text}
            </td>
          </tr>
          {comments?.rowsAfter(index, [line], 3)}
        </Fragment>
      ))}
    </>
  );
}

function Side(props: HunkProps & { line: DiffLine | null; side: "old" | "new" }) {
  const { line, side } = props;
  if (!line) return <td className="diff-empty" colSpan={2} />;
  const kind = line.kind === "context" ? "context" : line.kind;
  return (
    <>
      <td className={`diff-no diff-${kind}`}>
        <LineNo {...props} line={line} side={side} />
      </td>
      <td className={`diff-code diff-${kind}`}>
        <span className="diff-sign" aria-hidden="true">
          {sign[line.kind]}
        </span>
        {line.text}
      </td>
    </>
  );
}

function SplitHunk(props: HunkProps) {
  const { hunk, index, comments, places } = props;
  const at = (line: DiffLine | null) => (line ? (places.get(line) ?? -1) : -1);
  return (
    <>
      {splitRows(hunk).map((row, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: rows of a fixed hunk
        <Fragment key={i}>
          <tr
            className={
              comments && (comments.selected(index, at(row.left)) || comments.selected(index, at(row.right)))
                ? "diff-selected"
                : undefined
            }
          >
            <Side {...props} line={row.left} side="old" />
            <Side {...props} line={row.right} side="new" />
          </tr>
          {comments?.rowsAfter(index, row.left === row.right ? [row.left] : [row.left, row.right], 4)}
        </Fragment>
      ))}
    </>
  );
}

export default function DiffView(props: { patch: string; path?: string }) {
  const mode = useDiffLayout();
  const hunks = useMemo(() => parsePatch(props.patch), [props.patch]);
  const places = useMemo(() => hunks.map((h) => new Map(h.lines.map((line, i) => [line, i]))), [hunks]);
  const comments = useDiffComments(props.path, hunks, mode);
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
            <button
              key={m}
              type="button"
              className="linkish"
              aria-pressed={mode === m}
              onClick={() => chooseDiffLayout(m)}
            >
              {m === "unified" ? "Unified" : "Split"}
            </button>
          ))}
        </fieldset>
      </figcaption>
      {comments?.formAbove && (
        <div className="diff-review-above">
          <p className="muted small">
            These lines are no longer in the diff as it reads now; the comment still quotes them.
          </p>
          {comments.formAbove}
        </div>
      )}
      {hunks.length === 0 ? (
        <p className="diff-none">No line changes to show (a binary file, or only its mode changed).</p>
      ) : (
        <div className="diff-scroll">
          <table className="diff-table" ref={comments?.table}>
            {hunks.map((hunk, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: hunks of a fixed patch
              <tbody key={i}>
                <tr className="diff-hunk">
                  <td colSpan={mode === "split" ? 4 : 3}>{hunk.header}</td>
                </tr>
                {mode === "split" ? (
                  <SplitHunk hunk={hunk} index={i} comments={comments} places={places[i] ?? new Map()} />
                ) : (
                  <UnifiedHunk hunk={hunk} index={i} comments={comments} places={places[i] ?? new Map()} />
                )}
              </tbody>
            ))}
          </table>
        </div>
      )}
    </figure>
  );
}

// The change an edit tool made, shown under its line in the conversation. A lazy chunk, so the
// chat view does not pay for it until an edit appears. opencode's own patch when it sent one (the
// full viewer); else the old and new text as lines, and for a write that replaced a file its new
// text as it is (opencode sends no patch for a write).
import type { ToolPart } from "./toolSummary.ts";
import DiffView from "./workbench/DiffView.tsx";

function text(input: unknown, name: string): string | null {
  if (!input || typeof input !== "object") return null;
  const value = (input as Record<string, unknown>)[name];
  return typeof value === "string" ? value : null;
}

export default function ToolDiff({ part }: { part: ToolPart }) {
  // opencode's own patch of the edit, when it sent one: the full viewer (unified or split).
  const diff = part.state.diff;
  if (diff) return <DiffView patch={diff.patch} path={part.state.title ?? diff.path} />;
  const before = text(part.state.input, "oldString");
  const content = text(part.state.input, "content");
  // A write that replaced a file sends its whole new text, not what changed: shown as "+" lines it
  // claimed every line new (the Changes tab has the real diff).
  if (part.tool === "write" && part.state.replaced === true && content !== null)
    return (
      <div className="tool-diff-replaced">
        <p className="muted small">The whole new text of the file (what changed is in the Changes tab):</p>
        <pre className="tool-output">{content}</pre>
      </div>
    );
  // A text's last newline ends its last line; it is not an empty line of its own.
  const after = text(part.state.input, "newString") ?? content?.replace(/\n$/, "") ?? null;
  if (before === null && after === null) return null;
  return (
    <pre className="tool-output tool-diff">
      {before?.split("\n").map((line, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: lines of a fixed text
        <span key={`-${i}`} className="diff-del">
          {`- ${line}\n`}
        </span>
      ))}
      {after?.split("\n").map((line, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: lines of a fixed text
        <span key={`+${i}`} className="diff-add">
          {`+ ${line}\n`}
        </span>
      ))}
    </pre>
  );
}

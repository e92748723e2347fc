// The change an edit tool made, shown under its line in the conversation. A lazy chunk, so the
// chat view does not pay for it until an edit appears. This is the slot for the full diff viewer
// (split/unified, from opencode's session diff): until that lands, the old and new text as lines.
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
  const after = text(part.state.input, "newString") ?? text(part.state.input, "content");
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

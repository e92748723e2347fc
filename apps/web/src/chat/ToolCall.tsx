// One tool call as a person reads it: "Ran `npm test`" with its output (folded when long),
// "Read src/app.ts", edits with their diff, failures in red. Never the raw input JSON.
import { lazy, memo, Suspense, useContext } from "react";
import { ProblemBoundary } from "../shared/ProblemBoundary.tsx";
import { OpenSubagentContext } from "./subagents/openSubagent.ts";
import { foldOutputLines, outputLines, refusedByUser, summarizeTool, type ToolPart } from "./toolSummary.ts";

/** Edits show their change inline; the diff viewer is its own chunk, loaded on first use. */
const ToolDiff = lazy(() => import("./ToolDiff.tsx"));
const editTools = new Set(["edit", "multiedit", "write", "patch", "apply_patch"]);

const stateNames = { pending: "queued", running: "running", completed: "done", error: "failed" } as const;

export const ToolCall = memo(function ToolCall({ part, root }: { part: ToolPart; root?: string }) {
  const summary = summarizeTool(part, root);
  const { state } = part;
  const output = state.output ?? "";
  const long = outputLines(output) > foldOutputLines;
  const isEdit = editTools.has(part.tool);
  const openSubagent = useContext(OpenSubagentContext);
  const child = part.tool === "task" ? state.childSessionID : null;
  const refused = refusedByUser(part);
  return (
    <div className={`tool tool-${refused ? "refused" : state.status}`} data-tool={part.tool}>
      <div className="tool-line">
        <span className="tool-action">{summary.action}</span>{" "}
        {summary.kind === "command" ? (
          <code className="tool-target">{summary.target}</code>
        ) : (
          <span className="tool-target">{summary.target}</span>
        )}{" "}
        <span className="tool-state">
          {refused === "blocked" ? "blocked by a rule" : (refused ?? stateNames[state.status])}
        </span>
      </div>
      {child && openSubagent && (
        <button type="button" className="linkish tool-subagent" onClick={() => openSubagent(child, summary.target)}>
          {state.status === "running" ? "Watch the subagent's chat" : "Open the subagent's chat"}
        </button>
      )}
      {state.error && <pre className={`tool-output${refused ? "" : " tool-error-text"}`}>{state.error}</pre>}
      {isEdit && state.status !== "pending" && (
        <ProblemBoundary what="This edit's diff" resetKey={part}>
          <Suspense fallback={null}>
            <ToolDiff part={part} />
          </Suspense>
        </ProblemBoundary>
      )}
      {!isEdit && output !== "" && part.tool !== "read" && (
        <details className="tool-more" open={!long}>
          <summary>{long ? `Output (${outputLines(output)} lines)` : "Output"}</summary>
          <pre className="tool-output">{output}</pre>
        </details>
      )}
    </div>
  );
});

// Beside the conversation: context and cost, the agent's todos, and each prompt with the files it
// changed (diffs on demand), what its reply cost, and Undo from there; Redo while undone.
import type { FileChange, MessageUsage, SessionRevert } from "@turnkey/contracts";
import { useState } from "react";
import type { MessageView } from "../conversation.ts";
import { LazyDiffView } from "./LazyDiffView.tsx";
import { TodoList } from "./TodoList.tsx";
import { UsageMeter } from "./UsageMeter.tsx";
import { formatCost, formatTokens, sessionUsage, tokensOf } from "./usage.ts";
import { sessionTotals, type WorkbenchState } from "./workbenchState.ts";

interface Turn {
  prompt: MessageView;
  usage: MessageUsage[];
  files: FileChange[];
}

function turnsOf(messages: MessageView[], changes: WorkbenchState["changes"]): Turn[] {
  const turns: Turn[] = [];
  for (const m of messages) {
    if (m.role === "user")
      turns.push({ prompt: m, usage: [], files: changes.find((c) => c.messageID === m.id)?.files ?? [] });
    else if (m.usage) turns.at(-1)?.usage.push(m.usage);
  }
  return turns;
}

const promptText = (m: MessageView) =>
  m.parts
    .map((p) => (p.type === "text" ? p.text : p.type === "file" ? `[${p.filename ?? "file"}]` : ""))
    .join(" ")
    .trim() || "(empty prompt)";

function FileRow({ file }: { file: FileChange }) {
  const [open, setOpen] = useState(false);
  return (
    <li className="change-file">
      <button type="button" className="linkish" aria-expanded={open} onClick={() => setOpen(!open)}>
        {file.path}
      </button>{" "}
      <span className="diff-stat">
        <span className="diff-stat-add">+{file.additions}</span>{" "}
        <span className="diff-stat-del">−{file.deletions}</span>
      </span>
      {file.status !== "modified" && <span className="muted"> ({file.status})</span>}
      {open &&
        (file.patch ? <LazyDiffView patch={file.patch} path={file.path} /> : <p className="muted">No diff kept.</p>)}
    </li>
  );
}

export function SessionPanel(props: {
  /** All messages, including those hidden by an undo. */
  messages: MessageView[];
  state: WorkbenchState;
  contextLimit: number | null;
  busy: boolean;
  onRevert: (messageID: string) => void;
  onUnrevert: () => void;
}) {
  const { state } = props;
  const revert: SessionRevert | null = state.revert;
  const shown = revert ? props.messages.filter((m) => m.id < revert.messageID) : props.messages;
  const usage = sessionUsage(shown, props.contextLimit);
  const turns = turnsOf(shown, state.changes);
  const undone = revert ? props.messages.filter((m) => m.id >= revert.messageID) : [];
  const totals = sessionTotals(turns.map((t) => ({ messageID: t.prompt.id, files: t.files })));
  return (
    <aside className="session-panel" aria-label="Session details">
      <UsageMeter usage={usage} contextLimit={props.contextLimit} />
      {revert && (
        <div className="banner banner-info revert-banner" role="status">
          <span>
            Undone: {undone.filter((m) => m.role === "user").length} prompt(s) and their file changes. Send a message to
            continue from here, or redo.
          </span>
          <button type="button" className="small" onClick={props.onUnrevert} disabled={props.busy}>
            Redo
          </button>
        </div>
      )}
      <TodoList todos={state.todos} />
      {turns.length > 0 && (
        <section className="turns" aria-label="Prompts and changes">
          <h3>Prompts</h3>
          {totals.files > 0 && (
            <p className="muted session-totals">
              {`${totals.files} file${totals.files === 1 ? "" : "s"} changed in this session `}
              <span className="diff-stat">
                <span className="diff-stat-add">+{totals.additions}</span>{" "}
                <span className="diff-stat-del">−{totals.deletions}</span>
              </span>
            </p>
          )}
          <ol>
            {turns.map((turn) => {
              const tokens = turn.usage.reduce((n, u) => n + tokensOf(u), 0);
              const cost = turn.usage.reduce((n, u) => n + u.cost, 0);
              return (
                <li key={turn.prompt.id} className="turn" data-message-id={turn.prompt.id}>
                  <div className="turn-head">
                    <span className="turn-prompt" title={promptText(turn.prompt)}>
                      {`“${promptText(turn.prompt)}”`}
                    </span>
                    <button
                      type="button"
                      className="small"
                      onClick={() => props.onRevert(turn.prompt.id)}
                      disabled={props.busy}
                      aria-label={`Undo from “${promptText(turn.prompt).slice(0, 40)}”`}
                    >
                      Undo
                    </button>
                  </div>
                  {tokens > 0 && (
                    <p className="turn-usage muted">
                      {formatTokens(tokens)} tokens{cost > 0 ? ` · ${formatCost(cost)}` : ""}
                    </p>
                  )}
                  {turn.files.length > 0 && (
                    <ul className="change-files" aria-label="Files changed">
                      {turn.files.map((f) => (
                        <FileRow key={f.path} file={f} />
                      ))}
                    </ul>
                  )}
                </li>
              );
            })}
          </ol>
        </section>
      )}
    </aside>
  );
}

// Beside the conversation, in two tabs. Session: context and cost, the agent's todos, and each
// prompt (a link to it in the conversation: the chat's timeline) with the files it changed (diffs
// on demand), what its reply cost, and Undo from there;
// Redo while undone. Changes: every file the session changed, each once, with its diff.
import type { FileChange, MessageUsage, SessionRevert } from "@turnkey/contracts";
import { type KeyboardEvent, type ReactNode, useCallback, useEffect, useRef, useState } from "react";
import { useOutsidePress } from "../../shared/useOutsidePress.ts";
import type { MessageView } from "../conversation.ts";
import { McpPanel } from "../mcp/McpPanel.tsx";
import { ShareControl } from "../share/ShareControl.tsx";
import { ChangedFile, DiffStat } from "./ChangedFile.tsx";
import { contextShares } from "./contextShare.ts";
import { PanelResizer } from "./PanelResizer.tsx";
import { RevertBanner } from "./RevertBanner.tsx";
import { SessionChanges } from "./SessionChanges.tsx";
import { TodoList } from "./TodoList.tsx";
import { UsageMeter } from "./UsageMeter.tsx";
import { formatCost, formatTokens, sessionUsage, tokensOf } from "./usage.ts";
import type { WorkbenchState } from "./workbenchState.ts";

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

/** Prompts listed at first: a session of a thousand prompts lists its latest, not a thousand rows to lay out on open. */
export const promptsShownFirst = 30;

type Tab = "Session" | "Changes" | "Files" | "Terminal";

export function SessionPanel(props: {
  /** All messages, including those hidden by an undo. */
  messages: MessageView[];
  state: WorkbenchState;
  contextLimit: number | null;
  busy: boolean;
  /** OpenCode keeps copies of this chat's files (a git repository): an undo puts them back too. Default true. */
  filesTracked?: boolean;
  onRevert: (messageID: string) => void;
  onUnrevert: () => void;
  /** Summarise the chat so far, so it takes less of the context window; absent while OpenCode cannot. */
  onCompact?: () => void;
  /** Save the chat as a Markdown file (works read-only too: it is made from what the window holds). */
  onExport?: () => void;
  /** The project's files and git status (files/FilesPanel.tsx), as a third tab. */
  files?: ReactNode;
  /** A shell in the project folder (terminal/TerminalPanel.tsx), as the last tab. */
  terminal?: ReactNode;
  /**
   * The chat's id while OpenCode runs and the chat is not a subagent's read-only view: Share the
   * chat as a public link (share/ShareControl.tsx) under Export, and its project's MCP servers
   * (mcp/McpPanel.tsx).
   */
  liveSession?: string | null;
  /** Scroll the conversation to this prompt (the list of prompts is the chat's timeline). */
  onJump?: (messageID: string) => void;
  /** Changes when the Files tab is asked for (Ctrl+P, Ctrl+Shift+F): it is shown, the drawer opened. */
  showFiles?: number;
  /** The chat's goal (goals/GoalPanel.tsx), first in the Session tab. */
  goal?: ReactNode;
  /** The other runs of the task this chat is one run of (multirun/TaskRuns.tsx), first in the Session tab. */
  runs?: ReactNode;
  /** The user's agents and commands (customize/CustomizePanel.tsx), under the MCP servers. */
  customize?: ReactNode;
  /** The project's scheduled tasks (schedules/SchedulesPanel.tsx), under the agents and commands. */
  schedules?: ReactNode;
  /** The project's notes and todos (notes/NotesPanel.tsx), under the scheduled tasks. */
  notes?: ReactNode;
}) {
  const tabs: Tab[] = [
    "Session",
    "Changes",
    ...(props.files ? ["Files" as const] : []),
    ...(props.terminal ? ["Terminal" as const] : []),
  ];
  const { state } = props;
  const revert: SessionRevert | null = state.revert;
  const shown = revert ? props.messages.filter((m) => m.id < revert.messageID) : props.messages;
  const usage = sessionUsage(shown, props.contextLimit);
  const turns = turnsOf(shown, state.changes);
  const undone = revert ? props.messages.filter((m) => m.id >= revert.messageID) : [];
  const [tab, setTab] = useState<Tab>("Session");
  const filesTracked = props.filesTracked !== false;
  /** The prompt whose Undo was pressed here: its banner takes the focus. */
  const [pressedUndo, setPressedUndo] = useState<string | null>(null);
  const forgetPressedUndo = useCallback(() => setPressedUndo(null), []);
  const [shownTurns, setShownTurns] = useState(promptsShownFirst);
  const earlier = Math.max(0, turns.length - shownTurns);
  // In a narrow window the panel is a drawer over the conversation, opened on request, so the
  // conversation keeps the height (the toggle only shows there: workbench.css).
  const [open, setOpen] = useState(false);
  const toggle = useRef<HTMLButtonElement>(null);
  const panel = useRef<HTMLElement>(null);
  // The drawer closes as the window's other overlays do: a press outside it, or Esc. It is a
  // drawer only while its toggle shows (workbench.css): a wide window's panel never closes, and
  // its Esc stays the window's (stop a reply; Shift+Esc to the message box).
  const isDrawer = () => toggle.current !== null && getComputedStyle(toggle.current).display !== "none";
  useOutsidePress([panel, toggle], open, () => {
    if (isDrawer()) setOpen(false);
  });
  const onPanelKey = (event: KeyboardEvent) => {
    if (event.key !== "Escape" || event.shiftKey || event.ctrlKey || event.metaKey || event.altKey) return;
    // A key the panel's own parts used (a search box clearing, the terminal's shell) is theirs.
    if (!open || event.defaultPrevented || !isDrawer()) return;
    if ((event.target as HTMLElement).closest(".xterm")) return;
    event.stopPropagation(); // closing the drawer is all this Esc does (it stops no reply)
    setOpen(false);
    toggle.current?.focus();
  };
  const hasFiles = Boolean(props.files);
  useEffect(() => {
    if (props.showFiles === undefined || !hasFiles) return;
    setTab("Files");
    setOpen(true);
  }, [props.showFiles, hasFiles]);
  const changed = state.session;
  const promptLabel = (id: string) => {
    const prompt = props.messages.find((m) => m.id === id);
    return prompt ? `“${promptText(prompt)}”` : "an earlier prompt";
  };
  // The ARIA tabs pattern: ← the tab before, → the one after (both wrap), Home and End the ends.
  const onTabKey = (event: KeyboardEvent) => {
    const at = tabs.indexOf(tab);
    const to = { ArrowLeft: at - 1 + tabs.length, ArrowRight: at + 1, Home: 0, End: tabs.length - 1 }[event.key];
    if (to === undefined) return;
    event.preventDefault();
    const next = tabs[to % tabs.length]!;
    setTab(next);
    document.getElementById(`session-tab-${next}`)?.focus();
  };
  return (
    <>
      <button
        ref={toggle}
        type="button"
        className="session-panel-toggle small"
        aria-expanded={open}
        aria-controls="session-panel"
        onClick={() => setOpen(!open)}
      >
        {open ? "Hide details" : "Details"}
      </button>
      <PanelResizer />
      <aside
        ref={panel}
        id="session-panel"
        className={open ? "session-panel open" : "session-panel"}
        aria-label="Session details"
        onKeyDown={onPanelKey}
      >
        <UsageMeter
          usage={usage}
          contextLimit={props.contextLimit}
          sharesOf={() => contextShares(shown, usage.contextTokens)}
        />
        {revert && (
          <RevertBanner
            prompts={undone.filter((m) => m.role === "user").length}
            filesTracked={filesTracked}
            pressedHere={pressedUndo === revert.messageID}
            onPressAnswered={forgetPressedUndo}
            busy={props.busy}
            onRedo={props.onUnrevert}
          />
        )}
        <div className="session-tabs" role="tablist" aria-label="Session details">
          {tabs.map((t) => (
            <button
              key={t}
              id={`session-tab-${t}`}
              type="button"
              role="tab"
              className="session-tab"
              aria-selected={tab === t}
              aria-controls="session-tab-panel"
              tabIndex={tab === t ? 0 : -1}
              onClick={() => setTab(t)}
              onKeyDown={onTabKey}
            >
              {t === "Changes" && changed.length > 0 ? `Changes (${changed.length})` : t}
            </button>
          ))}
        </div>
        <div
          id="session-tab-panel"
          role="tabpanel"
          aria-labelledby={`session-tab-${tab}`}
          className="session-tab-panel"
        >
          {tab === "Files" && props.files ? (
            props.files
          ) : tab === "Terminal" && props.terminal ? (
            props.terminal
          ) : tab === "Changes" ? (
            <SessionChanges files={changed} promptLabel={promptLabel} />
          ) : (
            <>
              {props.goal}
              {props.runs}
              {props.onCompact && turns.length > 0 && (
                <button
                  type="button"
                  className="small compact"
                  onClick={props.onCompact}
                  disabled={props.busy}
                  title="The model writes a summary of the chat so far; from then on the summary stands in for it, so the chat takes less of the context window."
                >
                  Compact chat
                </button>
              )}
              {props.onExport && turns.length > 0 && (
                <button
                  type="button"
                  className="small compact"
                  onClick={props.onExport}
                  title="Saves the prompts, replies, tool calls and diffs of this chat as a Markdown file named after it."
                >
                  Export as Markdown
                </button>
              )}
              {props.liveSession && turns.length > 0 && (
                <ShareControl key={`share-${props.liveSession}`} sessionID={props.liveSession} live />
              )}
              {props.liveSession && <McpPanel key={`mcp-${props.liveSession}`} sessionID={props.liveSession} live />}
              {props.customize}
              {props.schedules}
              {props.notes}
              <TodoList todos={state.todos} />
              {turns.length > 0 && (
                <section className="turns" aria-label="Prompts and changes">
                  <h3>Prompts</h3>
                  {!filesTracked && (
                    <p className="muted small">
                      This folder is not a git repository: Undo takes back the conversation only, and files stay as they
                      are.
                    </p>
                  )}
                  {changed.length > 0 && (
                    <p className="muted session-totals">
                      <button type="button" className="linkish" onClick={() => setTab("Changes")}>
                        {`${changed.length} file${changed.length === 1 ? "" : "s"} changed in this session`}
                      </button>{" "}
                      <DiffStat
                        additions={changed.reduce((n, f) => n + f.additions, 0)}
                        deletions={changed.reduce((n, f) => n + f.deletions, 0)}
                      />
                    </p>
                  )}
                  {earlier > 0 && (
                    <button type="button" className="linkish" onClick={() => setShownTurns((n) => n + 200)}>
                      {`Show earlier prompts (${earlier} more)`}
                    </button>
                  )}
                  <ol>
                    {turns.slice(earlier).map((turn) => {
                      const tokens = turn.usage.reduce((n, u) => n + tokensOf(u), 0);
                      const cost = turn.usage.reduce((n, u) => n + u.cost, 0);
                      return (
                        <li key={turn.prompt.id} className="turn" data-message-id={turn.prompt.id}>
                          <div className="turn-head">
                            {props.onJump ? (
                              <button
                                type="button"
                                className="linkish turn-prompt"
                                title={promptText(turn.prompt)}
                                aria-label={`Go to “${promptText(turn.prompt).slice(0, 60)}” in the conversation`}
                                onClick={() => {
                                  setOpen(false); // the drawer of a narrow window gives the conversation back
                                  props.onJump?.(turn.prompt.id);
                                }}
                              >
                                {`“${promptText(turn.prompt)}”`}
                              </button>
                            ) : (
                              <span className="turn-prompt" title={promptText(turn.prompt)}>
                                {`“${promptText(turn.prompt)}”`}
                              </span>
                            )}
                            <button
                              type="button"
                              className="small"
                              onClick={() => {
                                setPressedUndo(turn.prompt.id);
                                props.onRevert(turn.prompt.id);
                              }}
                              disabled={props.busy}
                              aria-label={`Undo from “${promptText(turn.prompt).slice(0, 40)}”${filesTracked ? "" : " (the conversation only)"}`}
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
                                <ChangedFile
                                  key={f.path}
                                  file={f}
                                  patches={f.patch ? [{ label: null, patch: f.patch }] : []}
                                />
                              ))}
                            </ul>
                          )}
                        </li>
                      );
                    })}
                  </ol>
                </section>
              )}
            </>
          )}
        </div>
      </aside>
    </>
  );
}

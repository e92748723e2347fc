// The sessions of the sidebar, most recent activity first, with a search. The list is one stop
// in the Tab order (arrow keys move within it, F2 renames, Delete deletes), so the message box is
// a few Tab presses away however many sessions there are. Rename saves on Enter or when the field
// is left, Escape cancels; delete asks once, and Escape, Cancel or clicking elsewhere cancels.
import type { ChatSession } from "@turnkey/contracts";
import { type KeyboardEvent, type RefObject, useEffect, useRef, useState } from "react";
import { activityLabel, orderSessions } from "./sessionOrder.ts";

function RenameField(props: { session: ChatSession; onDone: (title: string | null) => void }) {
  const [title, setTitle] = useState(props.session.title);
  const input = useRef<HTMLInputElement>(null);
  const finished = useRef(false);
  // Focus once when it opens; re-renders (the clock, new events) must not steal focus back.
  useEffect(() => {
    input.current?.focus();
    input.current?.select();
  }, []);
  const finish = (save: boolean) => {
    if (finished.current) return;
    finished.current = true;
    const next = title.trim();
    props.onDone(save && next !== "" && next !== props.session.title ? next : null);
  };
  return (
    <form
      className="rename"
      onSubmit={(e) => {
        e.preventDefault();
        finish(true);
      }}
    >
      <label className="sr-only" htmlFor={`title-${props.session.id}`}>
        New title
      </label>
      <input
        id={`title-${props.session.id}`}
        ref={input}
        value={title}
        maxLength={200}
        onChange={(e) => setTitle(e.target.value)}
        onBlur={() => finish(true)}
        onKeyDown={(e) => {
          if (e.key === "Escape") {
            e.preventDefault();
            e.stopPropagation();
            finish(false);
          }
        }}
      />
    </form>
  );
}

export function SessionList(props: {
  sessions: ChatSession[];
  selected: string | null;
  onSelect: (id: string) => void;
  onNew: () => void;
  onRename: (id: string, title: string) => void;
  onDelete: (id: string) => void;
  /** OpenCode is not running: sessions can be read, not changed. */
  readOnly: boolean;
  now: number;
  searchRef?: RefObject<HTMLInputElement | null>;
  /** Sessions where OpenCode waits for the user (a permission or a question): they get a badge. */
  waiting?: ReadonlySet<string>;
}) {
  const [editing, setEditing] = useState<string | null>(null);
  const [confirming, setConfirming] = useState<string | null>(null);
  const [query, setQuery] = useState("");
  const [focused, setFocused] = useState<string | null>(null);
  const list = useRef<HTMLUListElement>(null);
  const shown = orderSessions(props.sessions, query);
  const tabStop =
    shown.find((s) => s.id === focused)?.id ?? shown.find((s) => s.id === props.selected)?.id ?? shown[0]?.id;

  const focusRow = (id: string | undefined) => {
    if (!id) return;
    setFocused(id);
    list.current?.querySelector<HTMLButtonElement>(`[data-session="${CSS.escape(id)}"]`)?.focus();
  };

  const onListKey = (e: KeyboardEvent, session: ChatSession) => {
    const index = shown.findIndex((s) => s.id === session.id);
    const move: Record<string, number | undefined> = {
      ArrowDown: index + 1,
      ArrowUp: index - 1,
      Home: 0,
      End: shown.length - 1,
    };
    const target = move[e.key];
    if (target !== undefined) {
      e.preventDefault();
      focusRow(shown[Math.max(0, Math.min(shown.length - 1, target))]?.id);
    } else if (e.key === "F2" && !props.readOnly) {
      e.preventDefault();
      setEditing(session.id);
    } else if (e.key === "Delete" && !props.readOnly) {
      e.preventDefault();
      setConfirming(session.id);
    }
  };

  return (
    <nav className="sessions" aria-label="Sessions">
      <button type="button" className="primary wide" onClick={props.onNew} disabled={props.readOnly}>
        New chat
      </button>
      <input
        type="search"
        className="session-search"
        placeholder="Search sessions"
        aria-label="Search sessions"
        value={query}
        ref={props.searchRef}
        onChange={(e) => setQuery(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === "Escape") setQuery("");
          if (e.key === "ArrowDown") {
            e.preventDefault();
            focusRow(shown[0]?.id);
          }
        }}
      />
      {shown.length === 0 && props.sessions.length > 0 && <p className="muted small">No session matches.</p>}
      <ul ref={list}>
        {shown.map((s) => (
          <li key={s.id} className={s.id === props.selected ? "selected" : ""}>
            {editing === s.id ? (
              <RenameField
                session={s}
                onDone={(title) => {
                  setEditing(null);
                  if (title) props.onRename(s.id, title);
                  focusRow(s.id);
                }}
              />
            ) : (
              <button
                type="button"
                className="session-title"
                data-session={s.id}
                tabIndex={s.id === tabStop ? 0 : -1}
                aria-current={s.id === props.selected ? "true" : undefined}
                aria-keyshortcuts="F2 Delete"
                onFocus={() => setFocused(s.id)}
                onKeyDown={(e) => onListKey(e, s)}
                onClick={() => props.onSelect(s.id)}
              >
                <span className="session-name">{s.title}</span>
                {s.children && s.children.length > 0 && (
                  <span
                    className="session-subagents"
                    title="Tasks this chat gave to subagents: open them from the chat"
                  >
                    {s.children.length === 1 ? "1 subagent" : `${s.children.length} subagents`}
                  </span>
                )}
                {props.waiting?.has(s.id) && (
                  <span className="waiting-badge" title="OpenCode is waiting for you">
                    waiting
                  </span>
                )}
                <time className="session-time" dateTime={new Date(s.updatedAt).toISOString()}>
                  {activityLabel(s.updatedAt, props.now)}
                </time>
              </button>
            )}
            {confirming === s.id ? (
              // biome-ignore lint/a11y/noStaticElementInteractions: Escape and leaving the pair cancel the confirm
              <span
                className="session-actions confirm"
                onBlur={(e) => {
                  if (!e.currentTarget.contains(e.relatedTarget as Node | null)) setConfirming(null);
                }}
                onKeyDown={(e) => {
                  if (e.key === "Escape") {
                    e.stopPropagation();
                    setConfirming(null);
                    focusRow(s.id);
                  }
                }}
              >
                <button
                  type="button"
                  className="icon danger"
                  // biome-ignore lint/a11y/noAutofocus: the confirm takes the focus it asks for
                  autoFocus
                  aria-label={`Delete ${s.title} for good`}
                  onClick={() => {
                    setConfirming(null);
                    props.onDelete(s.id);
                  }}
                >
                  Delete
                </button>
                <button
                  type="button"
                  className="icon"
                  onClick={() => {
                    setConfirming(null);
                    focusRow(s.id);
                  }}
                >
                  Cancel
                </button>
              </span>
            ) : (
              editing !== s.id &&
              !props.readOnly && (
                <span className="session-actions">
                  <button
                    type="button"
                    className="icon"
                    tabIndex={-1}
                    aria-label={`Rename ${s.title}`}
                    title="Rename (F2)"
                    onClick={() => setEditing(s.id)}
                  >
                    ✎
                  </button>
                  <button
                    type="button"
                    className="icon"
                    tabIndex={-1}
                    aria-label={`Delete ${s.title}`}
                    title="Delete (Del)"
                    onClick={() => setConfirming(s.id)}
                  >
                    ✕
                  </button>
                </span>
              )
            )}
          </li>
        ))}
      </ul>
    </nav>
  );
}

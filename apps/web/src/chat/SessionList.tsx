// The sessions of the sidebar: pick, start a new one, rename in place, delete after a confirm.
import type { ChatSession } from "@turnkey/contracts";
import { useState } from "react";

export function SessionList(props: {
  sessions: ChatSession[];
  selected: string | null;
  onSelect: (id: string) => void;
  onNew: () => void;
  onRename: (id: string, title: string) => void;
  onDelete: (id: string) => void;
  disabled: boolean;
}) {
  const [editing, setEditing] = useState<string | null>(null);
  const [title, setTitle] = useState("");
  const [confirming, setConfirming] = useState<string | null>(null);
  return (
    <nav className="sessions" aria-label="Sessions">
      <button type="button" className="primary wide" onClick={props.onNew} disabled={props.disabled}>
        New chat
      </button>
      <ul>
        {props.sessions.map((s) => (
          <li key={s.id} className={s.id === props.selected ? "selected" : ""}>
            {editing === s.id ? (
              <form
                onSubmit={(e) => {
                  e.preventDefault();
                  if (title.trim()) props.onRename(s.id, title.trim());
                  setEditing(null);
                }}
              >
                <label className="sr-only" htmlFor={`title-${s.id}`}>
                  New title
                </label>
                <input
                  id={`title-${s.id}`}
                  value={title}
                  ref={(el) => el?.focus()}
                  onChange={(e) => setTitle(e.target.value)}
                  onKeyDown={(e) => e.key === "Escape" && setEditing(null)}
                />
              </form>
            ) : (
              <button
                type="button"
                className="session-title"
                aria-current={s.id === props.selected ? "true" : undefined}
                onClick={() => props.onSelect(s.id)}
              >
                {s.title}
              </button>
            )}
            <span className="session-actions">
              <button
                type="button"
                className="icon"
                aria-label={`Rename ${s.title}`}
                onClick={() => {
                  setEditing(s.id);
                  setTitle(s.title);
                }}
              >
                ✎
              </button>
              {confirming === s.id ? (
                <button
                  type="button"
                  className="icon danger"
                  aria-label={`Really delete ${s.title}`}
                  onClick={() => {
                    setConfirming(null);
                    props.onDelete(s.id);
                  }}
                >
                  Delete?
                </button>
              ) : (
                <button
                  type="button"
                  className="icon"
                  aria-label={`Delete ${s.title}`}
                  onClick={() => setConfirming(s.id)}
                >
                  ✕
                </button>
              )}
            </span>
          </li>
        ))}
      </ul>
    </nav>
  );
}

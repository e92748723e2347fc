// The composer's helpers: suggestions for `@` files and `/` commands as the user types, and the
// tray of attached files and images. The composer owns the text; these only propose changes.
import type { CommandInfo } from "@turnkey/contracts";
import { useEffect, useState } from "react";
import type { Attachment } from "./attachments.ts";
import { formatBytes } from "./attachments.ts";
import { type ActiveToken, activeToken, mentionOf } from "./composerTokens.ts";
import { fuzzyFilter } from "./fuzzy.ts";

export interface Suggestion {
  /** What replaces the token: "@src/app.ts" or "/review". */
  insert: string;
  label: string;
  detail: string | null;
}

export interface SuggestionSources {
  commands: CommandInfo[];
  /** Files of the session's project matching a query; null when there is nothing to search. */
  findFiles: ((query: string) => Promise<string[]>) | null;
}

/** The suggestions for the token at the caret; file searches are debounced and the latest wins. */
export function useSuggestions(text: string, caret: number, sources: SuggestionSources) {
  const token = activeToken(text, caret);
  const [files, setFiles] = useState<{ query: string; found: string[] } | null>(null);
  const fileQuery = token?.kind === "mention" ? token.query : null;
  const { findFiles } = sources;

  useEffect(() => {
    if (fileQuery === null || !findFiles) return;
    let current = true;
    const timer = setTimeout(() => {
      findFiles(fileQuery).then(
        (found) => current && setFiles({ query: fileQuery, found }),
        () => current && setFiles({ query: fileQuery, found: [] }),
      );
    }, 120);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [fileQuery, findFiles]);

  let items: Suggestion[] = [];
  if (token?.kind === "command") {
    items = fuzzyFilter(token.query, sources.commands, (c) => c.name, 12).map((c) => ({
      insert: `/${c.name}`,
      label: `/${c.name}`,
      detail: c.description,
    }));
  } else if (token?.kind === "mention" && files && files.query === token.query) {
    items = files.found.map((f) => ({ insert: mentionOf(f), label: f, detail: null }));
  }
  return { token, items };
}

export function SuggestionList(props: {
  id: string;
  token: ActiveToken;
  items: Suggestion[];
  highlight: number;
  onPick: (s: Suggestion) => void;
}) {
  if (props.items.length === 0) return null;
  return (
    <div
      id={props.id}
      role="listbox"
      className="suggestions"
      aria-label={props.token.kind === "command" ? "Commands" : "Files"}
    >
      {props.items.map((s, i) => (
        <div
          key={s.insert}
          id={`${props.id}-${i}`}
          role="option"
          tabIndex={-1}
          aria-selected={i === props.highlight}
          onMouseDown={(e) => {
            e.preventDefault(); // keep the focus (and caret) in the message box
            props.onPick(s);
          }}
        >
          <span className="suggestion-label">{s.label}</span>
          {s.detail && <span className="muted suggestion-detail">{s.detail}</span>}
        </div>
      ))}
    </div>
  );
}

/** Without `onRemove`, a read-only list (a held message's files). */
export function AttachmentTray(props: { attachments: Attachment[]; onRemove?: (id: string) => void; label?: string }) {
  const { onRemove } = props;
  if (props.attachments.length === 0) return null;
  return (
    <ul className="attachments" aria-label={props.label ?? "Attached files"}>
      {props.attachments.map((a) => (
        <li key={a.id} className="attachment">
          {a.mime.startsWith("image/") && <img src={a.url} alt="" className="attachment-thumb" />}
          <span className="attachment-name">{a.filename}</span>
          <span className="muted">{formatBytes(a.size)}</span>
          {onRemove && (
            <button
              type="button"
              className="linkish"
              aria-label={`Remove ${a.filename}`}
              onClick={() => onRemove(a.id)}
            >
              ×
            </button>
          )}
        </li>
      ))}
    </ul>
  );
}

// Where the user types. Enter sends, Shift+Enter starts a new line, Escape stops the reply.
// The text stays until the backend accepted it: a refused prompt is never lost. With the
// workbench: `@` suggests project files, `/` commands, ↑ recalls earlier prompts, and files or
// images can be attached (button, paste, drop). A message starting with `!` is a shell command,
// and a line under the box says so, so Enter never surprises.
import type { ModelsResponse } from "@turnkey/contracts";
import { type ReactNode, useId, useRef, useState } from "react";
import { ModelSelect } from "./ModelSelect.tsx";
import type { Attachment } from "./workbench/attachments.ts";
import { AttachmentTray, SuggestionList, type SuggestionSources, useSuggestions } from "./workbench/ComposerAssist.tsx";
import { replaceToken, shellCommand } from "./workbench/composerTokens.ts";
import { freshCursor, stepHistory } from "./workbench/promptHistory.ts";

const noSources: SuggestionSources = { commands: [], findFiles: null };

export function Composer(props: {
  draft: string;
  onDraft: (text: string) => void;
  onSend: () => void;
  onStop: () => void;
  busy: boolean;
  sending: boolean;
  canSend: boolean;
  models: ModelsResponse | null;
  model: string;
  onModel: (value: string) => void;
  /** Agent and model pickers; without them, the plain model list. */
  pickers?: ReactNode;
  attachments?: Attachment[];
  onAttach?: (files: File[]) => void;
  onRemoveAttachment?: (id: string) => void;
  suggestions?: SuggestionSources;
  /** Prompts sent before, oldest first, for ↑. */
  history?: string[];
  /** The review comments waiting for the next message, shown above the box; `note`: why they wait now. */
  review?: { tray: ReactNode; count: number; note: string | null };
}) {
  const box = useRef<HTMLTextAreaElement>(null);
  const picker = useRef<HTMLInputElement>(null);
  const listId = useId();
  const [caret, setCaret] = useState(0);
  const [highlight, setHighlight] = useState(0);
  const [dismissed, setDismissed] = useState<string | null>(null);
  const [cursor, setCursor] = useState(freshCursor);
  const { token, items } = useSuggestions(props.draft, caret, props.suggestions ?? noSources);
  const tokenKey = token ? `${token.start}:${token.kind}` : null;
  const open = token !== null && items.length > 0 && dismissed !== tokenKey;
  const attached = props.attachments ?? [];
  const shell = shellCommand(props.draft);
  const reviewCount = props.review?.count ?? 0;
  const note = props.review?.note ?? null;
  const mode =
    shell === null
      ? note
      : attached.length > 0
        ? "Files are attached, so Enter sends this to OpenCode as a message, not as a shell command. Remove them to run it in the shell."
        : `Shell command: Enter runs \`${shell.length > 60 ? `${shell.slice(0, 60)}…` : shell}\` in this chat's project folder. It and its output go in the chat.${note ? ` ${note}` : ""}`;

  const setText = (text: string, at: number) => {
    props.onDraft(text);
    setCaret(at);
    requestAnimationFrame(() => box.current?.setSelectionRange(at, at));
  };
  const pick = (index: number) => {
    const chosen = items[index];
    if (!token || !chosen) return;
    const next = replaceToken(props.draft, token, chosen.insert);
    setText(next.text, next.caret);
    setHighlight(0);
  };
  const attach = (files: File[]) => {
    if (files.length > 0 && props.onAttach) props.onAttach(files);
  };

  return (
    <form
      className="composer"
      onSubmit={(e) => {
        e.preventDefault();
        props.onSend();
      }}
      onDragOver={(e) => {
        if (props.onAttach && e.dataTransfer.types.includes("Files")) e.preventDefault();
      }}
      onDrop={(e) => {
        if (!props.onAttach || e.dataTransfer.files.length === 0) return;
        e.preventDefault();
        attach([...e.dataTransfer.files]);
      }}
    >
      {props.review?.tray}
      <AttachmentTray attachments={attached} onRemove={(id) => props.onRemoveAttachment?.(id)} />
      {open && token && (
        <SuggestionList
          id={listId}
          token={token}
          items={items}
          highlight={highlight}
          onPick={(s) => pick(items.indexOf(s))}
        />
      )}
      <label htmlFor="prompt" className="sr-only">
        Message
      </label>
      <textarea
        id="prompt"
        ref={box}
        value={props.draft}
        placeholder="Message OpenCode (Enter to send, Shift+Enter for a new line, @ for files, / for commands, ! for a shell command)"
        className={mode ? "shell-mode" : undefined}
        aria-describedby={mode ? "composer-mode" : undefined}
        rows={3}
        aria-controls={open ? listId : undefined}
        aria-autocomplete={props.suggestions ? "list" : undefined}
        aria-activedescendant={open ? `${listId}-${highlight}` : undefined}
        onChange={(e) => {
          props.onDraft(e.target.value);
          setCaret(e.target.selectionStart);
          setCursor(freshCursor);
          setHighlight(0);
        }}
        onSelect={(e) => setCaret(e.currentTarget.selectionStart)}
        onPaste={(e) => {
          const files = [...e.clipboardData.files];
          if (files.length === 0 || !props.onAttach) return;
          e.preventDefault();
          attach(files);
        }}
        onKeyDown={(e) => {
          if (open && !e.nativeEvent.isComposing) {
            const handled = (() => {
              if (e.key === "ArrowDown") setHighlight((h) => (h + 1) % items.length);
              else if (e.key === "ArrowUp") setHighlight((h) => (h - 1 + items.length) % items.length);
              else if (e.key === "Enter" || e.key === "Tab") pick(highlight);
              else if (e.key === "Escape") setDismissed(tokenKey);
              else return false;
              return true;
            })();
            if (handled) {
              e.preventDefault();
              return;
            }
          }
          const el = e.currentTarget;
          const atStart = el.selectionStart === 0 && el.selectionEnd === 0;
          const atEnd = el.selectionStart === props.draft.length;
          if (props.history && e.key === "ArrowUp" && atStart && (props.draft === "" || cursor.index >= 0)) {
            const step = stepHistory(props.history, cursor, props.draft, "older");
            if (step) {
              e.preventDefault();
              setCursor(step.cursor);
              setText(step.text, 0);
            }
            return;
          }
          if (props.history && e.key === "ArrowDown" && atEnd && cursor.index >= 0) {
            const step = stepHistory(props.history, cursor, props.draft, "newer");
            if (step) {
              e.preventDefault();
              setCursor(step.cursor);
              setText(step.text, step.text.length);
            }
            return;
          }
          if (e.key === "Enter" && !e.shiftKey && !e.nativeEvent.isComposing) {
            e.preventDefault();
            props.onSend();
          } else if (e.key === "Escape" && props.busy) {
            e.preventDefault();
            props.onStop();
          }
        }}
      />
      {mode && (
        <p id="composer-mode" className="composer-mode">
          {mode}
        </p>
      )}
      <div className="composer-bar">
        {props.onAttach && (
          <>
            <input
              ref={picker}
              type="file"
              multiple
              hidden
              aria-hidden="true"
              tabIndex={-1}
              data-testid="attach-input"
              onChange={(e) => {
                attach([...(e.target.files ?? [])]);
                e.target.value = "";
              }}
            />
            <button type="button" className="small" onClick={() => picker.current?.click()}>
              Attach
            </button>
          </>
        )}
        {props.pickers ?? (
          <ModelSelect className="model-picker" models={props.models} value={props.model} onChange={props.onModel} />
        )}
        {props.busy ? (
          <button type="button" className="danger" onClick={props.onStop}>
            Stop
          </button>
        ) : (
          <button
            type="submit"
            className="primary"
            disabled={
              !props.canSend ||
              props.sending ||
              (props.draft.trim() === "" && attached.length === 0 && reviewCount === 0)
            }
          >
            {props.sending ? "Sending…" : "Send"}
          </button>
        )}
      </div>
    </form>
  );
}

// Commit from the Files tab: every changed file is chosen by default (untracked ones too), a
// message is required, and the commit's short hash and subject show once it is made. A refusal
// (empty message, a hook that said no) shows git's reason and keeps the message as typed. Any of
// the changed files can be chosen however many there are: a path filter lists the files holding it
// (the backend's, past the 2,000 listed), "Choose these" / "Leave these out" take all of them, and
// the count says how many the commit takes (useCommitChoice.ts). "Write it for me" asks the chat's
// model for a message from the chosen files' changes (useModelWriter.ts).
import type { GitCommitInfo, GitCommitRequest, GitMessageResponse, GitWorkFile } from "@turnkey/contracts";
import { messageOf } from "@turnkey/contracts";
import { useRef, useState } from "react";
import { InlineProblem } from "../../shared/InlineProblem.tsx";
import { type SelectionLoad, useCommitChoice } from "./useCommitChoice.ts";
import { useModelWriter } from "./useModelWriter.ts";
import { VirtualRows } from "./VirtualRows.tsx";
import { WriteButton, WriterNote } from "./WriteItForMe.tsx";

const stateLetter: Record<GitWorkFile["state"], string> = {
  modified: "M",
  added: "A",
  deleted: "D",
  renamed: "R",
  untracked: "U",
  conflicted: "!",
  typechange: "T",
};

/** What a commit takes: the paths chosen, or a selection with the listing it was counted over. */
export type CommitChoice = Omit<GitCommitRequest, "message">;

export interface MessageWriter {
  /** The model as the message box names it, or null for OpenCode's default. */
  modelName: string | null;
  write: (choice: CommitChoice, signal: AbortSignal) => Promise<GitMessageResponse>;
}

/** A list longer than this gets its path filter. */
const filterFrom = 20;
const count = (n: number) => n.toLocaleString("en");
const files = (n: number) => (n === 1 ? "1 file" : `${count(n)} files`);

export function CommitForm(props: {
  files: GitWorkFile[];
  /** Changed files past those listed (the backend lists a bounded number). */
  moreFiles?: number;
  /** The backend's list and counts for a selection, used past the listed files. */
  select: SelectionLoad;
  draft: { message: string };
  busy: boolean;
  onCommit: (message: string, choice: CommitChoice) => Promise<GitCommitInfo>;
  /** How long typing in the filter (and ticking, past the listed files) pauses before the backend counts. */
  pauseMs?: number;
  /** Writes a message from the chosen files' changes (absent: no "Write it for me"). */
  writer?: MessageWriter | undefined;
}) {
  const [message, setMessageState] = useState(props.draft.message);
  const { view, typed, setTyped, filter, toggle, chooseEvery, chooseMatching, request, reset } = useCommitChoice(
    props.files,
    props.moreFiles ?? 0,
    props.select,
    props.pauseMs,
  );
  const [problem, setProblem] = useState<string | null>(null);
  /** Commit presses: each answer is brought into view, a repeated one too. */
  const [presses, setPresses] = useState(0);
  const messageBox = useRef<HTMLTextAreaElement>(null);
  const [made, setMade] = useState<GitCommitInfo | null>(null);
  const setMessage = (text: string) => {
    props.draft.message = text;
    setMessageState(text);
  };
  const writing = useModelWriter<string>(
    {
      modelName: props.writer?.modelName ?? null,
      current: () => props.draft.message,
      set: setMessage,
      blank: (text) => text.trim() === "",
      same: (a, b) => a === b,
      next: "commit",
    },
    setProblem,
  );
  const commit = async () => {
    if (writing.running) return;
    setPresses((n) => n + 1);
    setProblem(null);
    setMade(null);
    if (message.trim() === "") {
      setProblem("Write a commit message first: say what the change does.");
      messageBox.current?.focus();
      return;
    }
    const choice = request();
    if (view.chosen === null || !choice) {
      setProblem("The files to commit are still being counted: wait a moment, then commit.");
      return;
    }
    if (view.chosen === 0) {
      setProblem("Choose at least one changed file to commit.");
      return;
    }
    try {
      setMade(await props.onCommit(message, choice));
      setMessage("");
      reset();
      writing.forget();
    } catch (e) {
      setProblem(messageOf(e));
    }
  };

  const chosen = view.chosen;
  // The files the model is asked about stay chosen until it answers.
  const locked = writing.running !== null;
  const big = (props.moreFiles ?? 0) > 0;
  return (
    <form
      className="commit-form"
      aria-label="Commit"
      onSubmit={(e) => {
        e.preventDefault();
        void commit();
      }}
    >
      {view.total > 0 && (
        <fieldset className="commit-files">
          <legend className="small">
            {`Files to commit (${chosen === null ? "counting…" : count(chosen)} of ${count(view.total)}) `}
            <button type="button" className="linkish small" disabled={locked} onClick={() => chooseEvery(chosen === 0)}>
              {chosen === 0 ? "Choose all" : "Choose none"}
            </button>
          </legend>
          {(view.total > filterFrom || typed !== "") && (
            <input
              type="search"
              className="file-tree-filter"
              placeholder={`Filter ${count(view.total)} changed files by path`}
              aria-label="Filter the files to commit by path"
              value={typed}
              onChange={(e) => setTyped(e.target.value)}
            />
          )}
          {filter !== "" && (
            <p className="small commit-matching">
              {`${files(view.matching)} ${view.matching === 1 ? "holds" : "hold"} “${filter}”. `}
              <button type="button" className="linkish small" disabled={locked} onClick={() => chooseMatching(true)}>
                {`Choose these ${count(view.matching)}`}
              </button>{" "}
              <button type="button" className="linkish small" disabled={locked} onClick={() => chooseMatching(false)}>
                {`Leave these ${count(view.matching)} out`}
              </button>
            </p>
          )}
          {view.listed.length > 0 && (
            <VirtualRows
              rows={view.listed}
              rowKey={(f) => f.path}
              row={(f) => (
                <label className="commit-file small">
                  <input
                    type="checkbox"
                    checked={view.isChosen(f.path)}
                    disabled={locked}
                    onChange={() => toggle(f.path)}
                  />
                  <abbr className={`commit-state state-${f.state}`} title={f.state}>
                    {stateLetter[f.state]}
                  </abbr>
                  <span className="commit-path">{f.path}</span>
                </label>
              )}
              className="commit-files-root"
              listClassName="commit-file-list"
              rowClassName={() => "commit-file-row"}
            />
          )}
          {view.more > 0 && (
            <p className="muted small" role="note">
              {`${count(view.more)} more ${filter ? `${view.more === 1 ? "file holds" : "files hold"} “${filter}” and ${view.more === 1 ? "is" : "are"}` : `changed ${view.more === 1 ? "file is" : "files are"}`} not listed here: type more of a path to list ${view.more === 1 ? "it" : "them"}. The count above takes in the chosen ones among them.`}
            </p>
          )}
          <InlineProblem text={view.problem} small />
        </fieldset>
      )}
      <textarea
        ref={messageBox}
        aria-label="What the commit does"
        placeholder="Commit message (required)"
        rows={3}
        value={message}
        readOnly={writing.running !== null}
        onChange={(e) => {
          writing.typed();
          setMessage(e.target.value);
        }}
        onKeyDown={(e) => {
          if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
            e.preventDefault();
            void commit();
          }
        }}
      />
      <div className="commit-actions">
        <button
          type="submit"
          disabled={props.busy || writing.running !== null || view.total === 0 || (big && chosen === null)}
        >
          {chosen === null ? "Commit" : `Commit ${files(chosen)}`}
        </button>
        {props.writer && (
          <WriteButton
            writing={writing}
            className="secondary"
            disabled={props.busy || view.total === 0 || !chosen}
            title={`Sends the chosen files' changes to ${props.writer.modelName ?? "OpenCode's default model"} and puts the message it writes in the box`}
            onWrite={() => {
              const choice = request();
              const writer = props.writer;
              if (!choice || !chosen || !writer) return;
              writing.write(async (signal) => {
                const answer = await writer.write(choice, signal);
                const cut = answer.shortened;
                return {
                  value: answer.message,
                  shortened:
                    cut > 0
                      ? `The changes of ${files(cut)} were cut short or left out, to keep the question short.`
                      : null,
                };
              }, chosen);
            }}
          />
        )}
        {made && (
          <span className="small" role="status">
            Committed <code>{made.shortHash}</code> {made.subject}
          </span>
        )}
      </div>
      {writing.running && (
        <p className="muted small" role="status">
          {`Asking ${props.writer?.modelName ?? "the model"} for a message from ${files(writing.running.count)}… ${writing.running.seconds} s`}
        </p>
      )}
      <WriterNote writing={writing} />
      <InlineProblem text={problem} small reveal={presses} />
    </form>
  );
}

// Commit from the Files tab: every changed file is chosen by default (untracked ones too), a
// message is required, and the commit's short hash and subject show once it is made. A refusal
// (empty message, a hook that said no) shows git's reason and keeps the message as typed.
import type { GitCommitInfo, GitWorkFile } from "@turnkey/contracts";
import { useState } from "react";

const stateLetter: Record<GitWorkFile["state"], string> = {
  modified: "M",
  added: "A",
  deleted: "D",
  renamed: "R",
  untracked: "U",
  conflicted: "!",
  typechange: "T",
};

/** What a commit takes: the paths chosen, or every changed file git lists then but those left out. */
export type CommitChoice = { paths: string[] } | { allExcept: string[] };

/** Every file but `toggled` ("all"), or only `toggled` ("none"), so files past the list count too. */
type Choice = { base: "all" | "none"; toggled: ReadonlySet<string> };

const count = (n: number) => n.toLocaleString("en");

export function CommitForm(props: {
  files: GitWorkFile[];
  /** Changed files past those listed (the backend lists a bounded number). */
  moreFiles?: number;
  draft: { message: string };
  busy: boolean;
  onCommit: (message: string, choice: CommitChoice) => Promise<GitCommitInfo>;
}) {
  const [message, setMessageState] = useState(props.draft.message);
  // What is left out, not what is in: a file that appears later is chosen like the others.
  const [choice, setChoice] = useState<Choice>({ base: "all", toggled: new Set() });
  const [problem, setProblem] = useState<string | null>(null);
  const [made, setMade] = useState<GitCommitInfo | null>(null);
  const setMessage = (text: string) => {
    props.draft.message = text;
    setMessageState(text);
  };
  const more = props.moreFiles ?? 0;
  const total = props.files.length + more;
  const isChosen = (path: string) => (choice.base === "all") !== choice.toggled.has(path);
  const chosen = props.files.filter((f) => isChosen(f.path)).map((f) => f.path);
  const chosenCount = choice.base === "all" ? chosen.length + more : chosen.length;
  const toggle = (path: string) => {
    const next = new Set(choice.toggled);
    if (next.has(path)) next.delete(path);
    else next.add(path);
    setChoice({ base: choice.base, toggled: next });
  };
  const commit = async () => {
    setProblem(null);
    setMade(null);
    if (message.trim() === "") {
      setProblem("Write a commit message first: say what the change does.");
      return;
    }
    if (chosenCount === 0) {
      setProblem("Choose at least one changed file to commit.");
      return;
    }
    // Files past the list are chosen too: the backend takes every changed file but those left out.
    const request: CommitChoice =
      choice.base === "all" && more > 0 ? { allExcept: [...choice.toggled] } : { paths: chosen };
    try {
      setMade(await props.onCommit(message, request));
      setMessage("");
      setChoice({ base: "all", toggled: new Set() });
    } catch (e) {
      setProblem(e instanceof Error ? e.message : String(e));
    }
  };

  return (
    <form
      className="commit-form"
      aria-label="Commit"
      onSubmit={(e) => {
        e.preventDefault();
        void commit();
      }}
    >
      {props.files.length > 0 && (
        <fieldset className="commit-files">
          <legend className="small">
            {`Files to commit (${count(chosenCount)} of ${count(total)}) `}
            <button
              type="button"
              className="linkish small"
              onClick={() => setChoice({ base: chosenCount === 0 ? "all" : "none", toggled: new Set() })}
            >
              {chosenCount === 0 ? "Choose all" : "Choose none"}
            </button>
          </legend>
          {props.files.map((f) => (
            <label key={f.path} className="commit-file small">
              <input type="checkbox" checked={isChosen(f.path)} onChange={() => toggle(f.path)} />
              <abbr className={`commit-state state-${f.state}`} title={f.state}>
                {stateLetter[f.state]}
              </abbr>
              <span className="commit-path">{f.path}</span>
            </label>
          ))}
          {more > 0 && (
            <p className="muted small" role="note">
              {choice.base === "all"
                ? `${count(more)} more changed ${more === 1 ? "file is" : "files are"} not listed here and will be committed too (every changed file but those you untick).`
                : `${count(more)} more changed ${more === 1 ? "file is" : "files are"} not listed here and will stay out of this commit.`}
            </p>
          )}
        </fieldset>
      )}
      <textarea
        aria-label="What the commit does"
        placeholder="Commit message (required)"
        rows={3}
        value={message}
        onChange={(e) => setMessage(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
            e.preventDefault();
            void commit();
          }
        }}
      />
      <div className="commit-actions">
        <button type="submit" disabled={props.busy || props.files.length === 0}>
          {chosenCount === 1 ? "Commit 1 file" : `Commit ${count(chosenCount)} files`}
        </button>
        {made && (
          <span className="small" role="status">
            Committed <code>{made.shortHash}</code> {made.subject}
          </span>
        )}
      </div>
      {problem && (
        <p className="inline-error small" role="alert">
          {problem}
        </p>
      )}
    </form>
  );
}

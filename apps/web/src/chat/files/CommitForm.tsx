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

export function CommitForm(props: {
  files: GitWorkFile[];
  draft: { message: string };
  busy: boolean;
  onCommit: (message: string, paths: string[]) => Promise<GitCommitInfo>;
}) {
  const [message, setMessageState] = useState(props.draft.message);
  // What is left out, not what is in: a file that appears later is chosen like the others.
  const [leftOut, setLeftOut] = useState<ReadonlySet<string>>(new Set());
  const [problem, setProblem] = useState<string | null>(null);
  const [made, setMade] = useState<GitCommitInfo | null>(null);
  const setMessage = (text: string) => {
    props.draft.message = text;
    setMessageState(text);
  };
  const chosen = props.files.filter((f) => !leftOut.has(f.path)).map((f) => f.path);
  const toggle = (path: string) => {
    const next = new Set(leftOut);
    if (next.has(path)) next.delete(path);
    else next.add(path);
    setLeftOut(next);
  };
  const commit = async () => {
    setProblem(null);
    setMade(null);
    if (message.trim() === "") {
      setProblem("Write a commit message first: say what the change does.");
      return;
    }
    if (chosen.length === 0) {
      setProblem("Choose at least one changed file to commit.");
      return;
    }
    try {
      setMade(await props.onCommit(message, chosen));
      setMessage("");
      setLeftOut(new Set());
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
            {`Files to commit (${chosen.length} of ${props.files.length}) `}
            <button
              type="button"
              className="linkish small"
              onClick={() => setLeftOut(chosen.length === 0 ? new Set() : new Set(props.files.map((f) => f.path)))}
            >
              {chosen.length === 0 ? "Choose all" : "Choose none"}
            </button>
          </legend>
          {props.files.map((f) => (
            <label key={f.path} className="commit-file small">
              <input type="checkbox" checked={!leftOut.has(f.path)} onChange={() => toggle(f.path)} />
              <abbr className={`commit-state state-${f.state}`} title={f.state}>
                {stateLetter[f.state]}
              </abbr>
              <span className="commit-path">{f.path}</span>
            </label>
          ))}
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
          {chosen.length === 1 ? "Commit 1 file" : `Commit ${chosen.length} files`}
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

// The project's notes and todos, in the session panel: a scratch space that belongs to the project
// folder, not to this chat (OpenChamber's project notes and todos), so every chat of the project
// shows the same. The notes save themselves as they are typed (useNotesText.ts); the todos are
// ProjectTodos.tsx. A summary line says what is there while the section is closed.
import type { ProjectNotes } from "@turnkey/contracts";
import { useCallback, useEffect, useState } from "react";
import { api, errorMessage } from "../../shared/api.ts";
import { useReconnects, useRereadOnReconnect } from "../../shared/reconnects.ts";
import { ProjectTodos } from "./ProjectTodos.tsx";
import { type NotesPhase, useNotesText } from "./useNotesText.ts";
import "../configPanel.css";
import "./notes.css";
import { InlineProblem } from "../../shared/InlineProblem.tsx";

/** "3 to do · notes": what the closed summary says. */
export function notesSummary(doc: ProjectNotes): string {
  const open = doc.todos.filter((todo) => !todo.done).length;
  const todos = doc.todos.length === 0 ? [] : [open > 0 ? `${open} to do` : "all done"];
  const parts = [...todos, ...(doc.notes.trim() !== "" ? ["notes"] : [])];
  return parts.length > 0 ? parts.join(" · ") : "empty";
}

const phaseText: Record<Exclude<NotesPhase["kind"], "failed" | "conflict">, string> = {
  idle: "Saved as you type, for every chat of this project.",
  saved: "Saved for this project.",
  waiting: "Not saved yet…",
  saving: "Saving…",
};

export function NotesPanel(props: { sessionID: string; live: boolean; onAsk: (text: string) => void }) {
  const { sessionID, live } = props;
  const [doc, setDoc] = useState<ProjectNotes | null>(null);
  const [readError, setReadError] = useState<string | null>(null);
  // A moved-aside file is said in one answer only: kept here until the panel goes.
  const [problem, setProblem] = useState<string | null>(null);
  const take = useCallback((next: ProjectNotes) => {
    setDoc(next);
    if (next.problem) setProblem(next.problem);
  }, []);
  const notes = useNotesText(sessionID, doc, take);
  const { save } = notes;

  const load = useCallback(async () => {
    try {
      take(await api.notes(sessionID));
      setReadError(null);
    } catch (failure) {
      setReadError(errorMessage(failure));
    }
  }, [sessionID, take]);

  useEffect(() => {
    if (live) void load();
  }, [live, load]);
  // Back after a break: read again, and send what a failed save left.
  useRereadOnReconnect(useReconnects(), () => {
    if (live) void load().then(save);
  });

  if (!doc)
    return readError && live ? (
      <p className="inline-error" role="alert">
        {`The project's notes could not be read: ${readError}`}
      </p>
    ) : null;

  const { phase } = notes;
  return (
    <>
      <InlineProblem text={problem} />
      <details className="config-panel project-notes">
        <summary>
          <span className="config-title">Project notes</span> <span className="muted">{notesSummary(doc)}</span>
        </summary>
        <textarea
          className="project-notes-box"
          aria-label="Notes"
          value={notes.text}
          rows={5}
          maxLength={50_000}
          onChange={(e) => notes.type(e.target.value)}
          onBlur={() => void notes.save()}
          placeholder="Anything to remember about this project: shared by all its chats."
        />
        {phase.kind === "conflict" ? (
          <div className="config-confirm" role="alert">
            <span>
              The saved notes changed since this text was typed (in another window, or before this one closed). This
              text is in the box.
            </span>
            <button type="button" className="small" onClick={() => notes.keepMine(phase.theirs)}>
              Keep mine
            </button>
            <button type="button" className="small" onClick={() => notes.takeTheirs(phase.theirs)}>
              Take theirs
            </button>
          </div>
        ) : phase.kind === "failed" ? (
          <p className="inline-error" role="alert">
            {`Not saved: ${phase.error} `}
            <button type="button" className="small" onClick={() => void notes.save()}>
              Try again
            </button>
          </p>
        ) : (
          <p className="muted config-hint" aria-live="polite">
            {phaseText[phase.kind]}
          </p>
        )}
        <ProjectTodos sessionID={sessionID} todos={doc.todos} live={live} onChanged={take} onAsk={props.onAsk} />
      </details>
    </>
  );
}

// The chat's goal, in the session panel: what it is doing (working, checking, paused, passed,
// stopped), its task and check, the turns used, why it paused, the last check's output, and Pause,
// Resume, End; with no goal, "Work until a check passes…" opens the form (GoalForm.tsx). The backend
// runs the goal, window open or not.
import { type Goal, goalEnded } from "@turnkey/contracts";
import { useState } from "react";
import { api } from "../../shared/api.ts";
import { useReconnects } from "../../shared/reconnects.ts";
import { loadDraft, replaceDraft } from "../drafts.ts";
import { useConfigSave } from "../useConfigSave.ts";
import { GoalForm } from "./GoalForm.tsx";
import { goalAnswer, goalsAnswer, useGoals } from "./goalsFeed.ts";
import { checkSummary, goalHeadline } from "./goalText.ts";
import "../configPanel.css";
import "./goals.css";

export function GoalPanel(props: {
  sessionID: string;
  /** OpenCode runs: a goal can start, pause and resume. */
  live: boolean;
  choice: { model: Goal["model"]; agent: string | null };
}) {
  const { sessionID } = props;
  const { response, error: readError } = useGoals(useReconnects());
  const [form, setForm] = useState<{ task: string } | null>(null);
  const goal = response?.goals.find((g) => g.sessionID === sessionID) ?? null;
  // The answers are shown through the feed (goalAnswer), never over a newer event.
  const { saving: working, error, save: act } = useConfigSave(() => undefined);
  const ending = useConfigSave(() => undefined);

  if (!response)
    return readError ? (
      <p className="inline-error" role="alert">
        {`The goals could not be read: ${readError}`}
      </p>
    ) : null;
  const ended = goal !== null && goalEnded(goal.status);
  const busy = working || ending.saving;

  return (
    <section className="config-panel goal-panel" aria-label="Goal">
      <div className="config-head">
        <span className="config-title">Goal</span>
        {goal && <span className={`goal-headline goal-state-${goal.status}`}>{goalHeadline(goal)}</span>}
      </div>
      {goal && (
        <>
          <p className="config-sentence goal-task" title={goal.objective}>
            {goal.objective}
          </p>
          <p className="config-sentence muted">
            Done when <code>{goal.check}</code> passes · {`${goal.turns} of ${goal.maxTurns} more turns used`}
          </p>
          {goal.note && <p className="config-sentence goal-note">{goal.note}</p>}
          {goal.lastCheck && (
            <details className="goal-check">
              <summary className="muted">{checkSummary(goal.lastCheck)}</summary>
              {goal.lastCheck.problem && <p className="config-sentence">{goal.lastCheck.problem}</p>}
              <pre>{goal.lastCheck.output || "(no output)"}</pre>
            </details>
          )}
          {!ended && (
            <div className="config-actions">
              {goal.status === "paused" ? (
                <button
                  type="button"
                  className="small"
                  disabled={busy || !props.live}
                  title="Runs the check now (after the reply going on, if any), then goes on while it fails."
                  onClick={() => void act(() => goalAnswer(() => api.resumeGoal(sessionID)))}
                >
                  Resume
                </button>
              ) : (
                <button
                  type="button"
                  className="small"
                  disabled={busy}
                  title="Stops the reply or the check going on now; nothing more is sent until Resume."
                  onClick={() => void act(() => goalAnswer(() => api.pauseGoal(sessionID)))}
                >
                  Pause
                </button>
              )}
              <button
                type="button"
                className="small"
                disabled={busy}
                title="Forgets the goal; the chat and its changes stay, and a reply going on is not stopped."
                onClick={() => void ending.save(() => goalsAnswer(() => api.endGoal(sessionID)))}
              >
                End the goal
              </button>
            </div>
          )}
        </>
      )}
      {(error ?? ending.error) && (
        <p className="inline-error" role="alert">
          {error ?? ending.error}
        </p>
      )}
      {form ? (
        <GoalForm
          sessionID={sessionID}
          task={form.task}
          previous={goal}
          choice={props.choice}
          onStarted={(task) => {
            setForm(null);
            // The task came from the box: it was sent, so the box is emptied as a send empties it.
            if (task.trim() === loadDraft(sessionID).trim()) replaceDraft(sessionID, "");
          }}
          onCancel={() => setForm(null)}
        />
      ) : (
        (goal === null || ended) && (
          <div className="config-actions">
            <button
              type="button"
              className="small"
              disabled={!props.live || busy}
              title="Sends a task, then runs a command you choose (like npm test) when each reply ends, and sends its output back while it fails."
              onClick={() => setForm({ task: loadDraft(sessionID) })}
            >
              {ended ? "Start a new goal…" : "Work until a check passes…"}
            </button>
          </div>
        )
      )}
    </section>
  );
}

// Scheduled tasks, in the session panel: a one-line summary that opens to this project's tasks, each
// with when it runs, its next time, its last run (Open the chat) and earlier ones, and Run now,
// Edit, Turn off or on, Remove; "New scheduled task" opens the form (ScheduleForm.tsx). The backend
// runs them while the app runs, window open or not.
import type { ScheduledTask, ScheduleSettings } from "@turnkey/contracts";
import { useState } from "react";
import { api } from "../../shared/api.ts";
import { useReconnects } from "../../shared/reconnects.ts";
import type { ConfigChoices } from "../ConfigPickers.tsx";
import { ConfirmRemove } from "../ConfirmRemove.tsx";
import { useConfigSave } from "../useConfigSave.ts";
import { ScheduleForm } from "./ScheduleForm.tsx";
import { schedulesAnswer, useSchedules } from "./schedulesFeed.ts";
import { nextText, runHeadline, schedulesSummary, whenSentence } from "./scheduleText.ts";
import "../configPanel.css";
import "./schedules.css";
import { InlineProblem } from "../../shared/InlineProblem.tsx";

type Form = { editing: ScheduledTask | null } | null;

function settingsOf(task: ScheduledTask): ScheduleSettings {
  const { name, projectId, prompt, model, agent, when, timeZone, enabled, catchUp, allow } = task;
  return { name, projectId, prompt, model, agent, when, timeZone, enabled, catchUp, allow };
}

export function SchedulesPanel(props: {
  projectId: string;
  choices: ConfigChoices;
  onOpenChat: (projectId: string, sessionID: string) => void;
}) {
  const { projectId } = props;
  const { response, error: readError } = useSchedules(useReconnects());
  const [form, setForm] = useState<Form>(null);
  const [confirming, setConfirming] = useState<string | null>(null);
  // Run now, Turn off/on and Remove: the answer is the whole list, shown at once.
  const { saving: working, error, save: act } = useConfigSave(() => setConfirming(null));

  if (!response)
    return readError ? (
      <p className="inline-error" role="alert">
        {`The scheduled tasks could not be read: ${readError}`}
      </p>
    ) : null;
  const tasks = response.tasks.filter((t) => t.projectId === projectId);
  const elsewhere = response.tasks.length - tasks.length;

  const row = (task: ScheduledTask) => {
    // A run still going comes first: times skipped meanwhile are newer records.
    const [last, ...earlier] = [
      ...task.runs.filter((r) => r.outcome === "running"),
      ...task.runs.filter((r) => r.outcome !== "running"),
    ];
    const running = last?.outcome === "running";
    const held = working || form !== null;
    const runLine = (run: NonNullable<typeof last>) => (
      <>
        <span className={`schedule-outcome schedule-${run.outcome}`}>{runHeadline(run)}</span>
        {run.sessionID && (
          <button
            type="button"
            className="small"
            onClick={() => props.onOpenChat(task.projectId, run.sessionID as string)}
          >
            Open the chat
          </button>
        )}
        {run.message && <span className="config-sentence schedule-message">{run.message}</span>}
      </>
    );
    return (
      <li key={task.id} aria-label={task.name}>
        <div className="config-head">
          <span className="config-name schedule-name">{task.name}</span>
          <span className="muted schedule-next">{nextText(task)}</span>
        </div>
        <p className="config-sentence muted">{whenSentence(task.when, task.timeZone)}</p>
        <p className="config-sentence schedule-prompt" title={task.prompt}>
          {task.prompt}
        </p>
        {task.problem && <p className="inline-error">{task.problem}</p>}
        {last && <p className="config-sentence schedule-run">{runLine(last)}</p>}
        {earlier.length > 0 && (
          <details className="schedule-earlier">
            <summary className="muted">{`Earlier runs (${earlier.length})`}</summary>
            <ul>
              {earlier.map((run) => (
                <li key={`${run.startedAt}:${run.scheduledFor}`}>{runLine(run)}</li>
              ))}
            </ul>
          </details>
        )}
        <div className="config-actions">
          <button
            type="button"
            className="small"
            disabled={held || running}
            title={running ? "Its run has not ended yet." : "Runs it now in a new chat; its times stay as they are."}
            onClick={() => void act(() => schedulesAnswer(() => api.runSchedule(task.id)))}
            aria-label={`Run ${task.name} now`}
          >
            Run now
          </button>
          <button
            type="button"
            className="small"
            disabled={held}
            onClick={() => setForm({ editing: task })}
            aria-label={`Edit ${task.name}`}
          >
            Edit
          </button>
          <button
            type="button"
            className="small"
            disabled={held}
            onClick={() =>
              void act(() =>
                schedulesAnswer(() => api.updateSchedule(task.id, { ...settingsOf(task), enabled: !task.enabled })),
              )
            }
            aria-label={`${task.enabled ? "Turn off" : "Turn on"} ${task.name}`}
          >
            {task.enabled ? "Turn off" : "Turn on"}
          </button>
          <button
            type="button"
            className="small"
            disabled={held}
            onClick={() => setConfirming(task.id)}
            aria-label={`Remove ${task.name}`}
          >
            Remove
          </button>
        </div>
        {confirming === task.id && (
          <ConfirmRemove
            label={`Remove ${task.name}`}
            question={`Remove "${task.name}"? Its chats stay.`}
            confirm="Remove it"
            disabled={working}
            onConfirm={() => void act(() => schedulesAnswer(() => api.removeSchedule(task.id)))}
            onCancel={() => setConfirming(null)}
          />
        )}
      </li>
    );
  };

  return (
    <details className="config-panel schedules-panel">
      <summary>
        <span className="config-title">Scheduled tasks</span> <span className="muted">{schedulesSummary(tasks)}</span>
      </summary>
      <p className="muted config-hint">
        A prompt or / command sent in a new chat of this project at the times you choose, while the app runs.
      </p>
      <InlineProblem text={response.fileProblem} />
      {tasks.length > 0 && (
        <ul className="config-list" aria-label="Scheduled tasks of this project">
          {tasks.map(row)}
        </ul>
      )}
      {elsewhere > 0 && (
        <p className="muted config-source">{`${elsewhere} more in other projects: open a chat there to see them.`}</p>
      )}
      <InlineProblem text={error} />
      {form ? (
        <ScheduleForm
          key={form.editing?.id ?? "new"}
          projectId={projectId}
          editing={form.editing}
          choices={props.choices}
          onSaved={() => setForm(null)}
          onCancel={() => setForm(null)}
        />
      ) : (
        <div className="config-actions">
          <button type="button" className="small" disabled={working} onClick={() => setForm({ editing: null })}>
            New scheduled task
          </button>
        </div>
      )}
    </details>
  );
}

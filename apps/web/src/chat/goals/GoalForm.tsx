// Starting a goal: the task (what the message box holds, or the last goal's), the command that says
// it is done, how many more turns it may take, and how long one check may run. It goes with the
// model and agent chosen under the box. The backend checks it and says what is wrong in a sentence;
// the form stays open with what was typed.
import type { Goal, GoalSettings, ModelRef } from "@turnkey/contracts";
import { type FormEvent, useEffect, useState } from "react";
import { api } from "../../shared/api.ts";
import { ConfigFormEnd } from "../ConfigFormEnd.tsx";
import { useConfigSave } from "../useConfigSave.ts";
import { goalAnswer } from "./goalsFeed.ts";

/** The last check typed, offered again in the next goal's form (a project's test command rarely changes). */
const lastCheckKey = "turnkey.goal.check";

function lastCheck(): string {
  try {
    return localStorage.getItem(lastCheckKey) ?? "";
  } catch {
    return "";
  }
}

export function GoalForm(props: {
  sessionID: string;
  /** What the form starts with: the box's text, else the ended goal's settings. */
  task: string;
  previous: Goal | null;
  choice: { model: ModelRef | null; agent: string | null };
  /** Started: the task it was started with (the goal itself comes through the feed). */
  onStarted: (task: string) => void;
  onCancel: () => void;
}) {
  const { previous } = props;
  const [objective, setObjective] = useState(props.task || previous?.objective || "");
  const [check, setCheck] = useState(previous?.check ?? lastCheck());
  const [maxTurns, setMaxTurns] = useState(String(previous?.maxTurns ?? 10));
  const [checkMinutes, setCheckMinutes] = useState(String(previous?.checkMinutes ?? 10));
  const { saving, error, save } = useConfigSave(() => props.onStarted(objective));
  // The project's actions and package.json scripts, offered as checks (`npm test` is usually there).
  const [choices, setChoices] = useState<string[]>([]);
  useEffect(() => {
    let current = true;
    api
      .actions(props.sessionID)
      .then(({ actions, suggestions }) => {
        if (current) setChoices([...new Set([...actions, ...suggestions].map((choice) => choice.command))]);
      })
      // Only suggestions: the field still takes any command without them.
      .catch(() => undefined);
    return () => {
      current = false;
    };
  }, [props.sessionID]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const settings: GoalSettings = {
      objective,
      check,
      maxTurns: Number(maxTurns),
      checkMinutes: Number(checkMinutes),
      ...props.choice,
    };
    await save(async () => {
      const goal = await goalAnswer(() => api.startGoal(props.sessionID, settings));
      try {
        localStorage.setItem(lastCheckKey, check.trim());
      } catch {
        // A browser that keeps nothing only loses the suggestion.
      }
      return goal;
    });
  };

  return (
    <form className="config-form" aria-label="Start a goal" onSubmit={submit}>
      <label>
        Task
        <textarea
          rows={4}
          value={objective}
          onChange={(e) => setObjective(e.target.value)}
          placeholder="Make the date parser accept ISO week dates, with tests."
        />
        <span className="muted config-hint">Sent as the chat's next message, and again with each failed check.</span>
      </label>
      <label>
        Done when this passes
        <input
          value={check}
          onChange={(e) => setCheck(e.target.value)}
          placeholder="npm test"
          spellCheck={false}
          autoComplete="off"
          list="goal-check-choices"
        />
        <datalist id="goal-check-choices">
          {choices.map((command) => (
            <option key={command} value={command} />
          ))}
        </datalist>
        <span className="muted config-hint">
          One command line, run in the project folder by the system shell (sh; cmd.exe on Windows) when a reply ends;
          exit code 0 means done. Its output goes back to the agent while it fails. It runs as typed, without OpenCode's
          permission prompts, so it runs what the agent may have changed (scripts, tests).
        </span>
      </label>
      <div className="goal-numbers">
        <label>
          More turns, at most
          <input type="number" min={1} max={50} value={maxTurns} onChange={(e) => setMaxTurns(e.target.value)} />
        </label>
        <label>
          Minutes per check
          <input
            type="number"
            min={1}
            max={120}
            value={checkMinutes}
            onChange={(e) => setCheckMinutes(e.target.value)}
          />
        </label>
      </div>
      <p className="muted config-hint">Sent with the model and agent chosen under the message box.</p>
      <ConfigFormEnd error={error} saving={saving} submit="Start the goal" onCancel={props.onCancel} />
    </form>
  );
}

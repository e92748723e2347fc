// The Terminal tab's project actions: a button for each command the user saved for the project
// (the dev server, the tests), which runs it in a terminal of its own, and the editor that saves,
// changes and removes them, offering the project's package.json scripts to add in one click.
import type { ActionSettings, ActionSuggestion, ActionsResponse, ProjectAction } from "@turnkey/contracts";
import { useCallback, useEffect, useState } from "react";
import { api, errorMessage } from "../../shared/api.ts";
import { ConfirmRemove } from "../ConfirmRemove.tsx";
import { useConfigSave } from "../useConfigSave.ts";
import "../configPanel.css";
import { InlineProblem } from "../../shared/InlineProblem.tsx";

export function ActionsBar(props: {
  sessionID: string;
  /** The names of the actions whose terminal runs now: their button shows it instead of a second run. */
  running: readonly string[];
  onRun: (action: ProjectAction) => Promise<void>;
  onShow: (name: string) => void;
}) {
  const { sessionID, running, onRun, onShow } = props;
  const [data, setData] = useState<ActionsResponse | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [editing, setEditing] = useState(false);
  const [starting, setStarting] = useState<string | null>(null);

  const reload = useCallback(async () => {
    try {
      setData(await api.actions(sessionID));
      setProblem(null);
    } catch (error) {
      setProblem(`The project's actions could not be read: ${errorMessage(error)}`);
    }
  }, [sessionID]);
  useEffect(() => void reload(), [reload]);

  const run = async (action: ProjectAction) => {
    setStarting(action.id);
    setProblem(null);
    try {
      await onRun(action);
    } catch (error) {
      setProblem(`${action.name} could not start: ${errorMessage(error)}`);
    } finally {
      setStarting(null);
    }
  };

  const actions = data?.actions ?? [];
  return (
    <div className="terminal-actions">
      <fieldset className="terminal-action-row" aria-label="Project actions">
        {actions.map((action) =>
          running.includes(action.name) ? (
            <button
              key={action.id}
              type="button"
              className="small"
              title={`${action.name} runs: shows its terminal (Stop and close there ends it)`}
              onClick={() => onShow(action.name)}
            >
              ● {action.name}
            </button>
          ) : (
            <button
              key={action.id}
              type="button"
              className="small"
              title={`Runs ${action.command} in a terminal of its own`}
              disabled={starting !== null}
              onClick={() => void run(action)}
            >
              {starting === action.id ? `Starting ${action.name}…` : `▶ ${action.name}`}
            </button>
          ),
        )}
        <button
          type="button"
          className="small linkish"
          aria-expanded={editing}
          disabled={!data}
          onClick={() => setEditing((open) => !open)}
        >
          {editing ? "Done" : actions.length > 0 ? "Edit actions" : "Add an action…"}
        </button>
      </fieldset>
      {actions.length === 0 && !editing && data && (
        <p className="muted config-hint">
          Save the commands you run often here (the dev server, the tests) to run each in one click.
        </p>
      )}
      {problem && (
        <p className="inline-error" role="alert">
          {problem}
          {!data && (
            <>
              {" "}
              <button type="button" className="small linkish" onClick={() => void reload()}>
                Try again
              </button>
            </>
          )}
        </p>
      )}
      {editing && data && <ActionsEditor sessionID={sessionID} data={data} onChanged={reload} />}
    </div>
  );
}

const blank: ActionSettings = { name: "", command: "" };

/** The saved actions as forms, a form for a new one, and the project's suggestions. */
function ActionsEditor(props: { sessionID: string; data: ActionsResponse; onChanged: () => Promise<void> }) {
  const { sessionID, data, onChanged } = props;
  const [draft, setDraft] = useState<ActionSettings>(blank);
  const { saving: busy, error: problem, save } = useConfigSave<void>(() => undefined);
  /** Adds it; `then` runs only once it is saved (the form empties), never after a refusal. */
  const add = (settings: ActionSettings, then = () => {}) =>
    save(async () => {
      await api.addAction(sessionID, settings);
      then();
      await onChanged();
    });
  const addSuggestion = (suggestion: ActionSuggestion) =>
    void add({ name: suggestion.name, command: suggestion.command });

  return (
    <div className="terminal-actions-editor">
      {data.actions.map((action) => (
        <SavedAction key={action.id} sessionID={sessionID} action={action} onChanged={onChanged} />
      ))}
      {data.suggestions.length > 0 && (
        <fieldset className="terminal-action-row" aria-label="Suggested from package.json">
          <span className="muted config-hint">From package.json:</span>
          {data.suggestions.map((suggestion) => (
            <button
              key={suggestion.command}
              type="button"
              className="small"
              title={`Adds ${suggestion.command} as an action; package.json says it runs: ${suggestion.script}`}
              disabled={busy}
              onClick={() => addSuggestion(suggestion)}
            >
              + {suggestion.name}
            </button>
          ))}
        </fieldset>
      )}
      {data.suggestionsProblem && <p className="muted config-hint">{data.suggestionsProblem}</p>}
      <form
        className="config-form"
        aria-label="New action"
        onSubmit={(event) => {
          event.preventDefault();
          void add(draft, () => setDraft(blank));
        }}
      >
        <strong>New action</strong>
        <ActionFields value={draft} onChange={setDraft} />
        <p className="muted config-hint">
          Typed into a terminal of its own in the project folder, as if you typed it: your shell, with your settings
          (Windows PowerShell on Windows, where ";" joins commands). The terminal stays open when the command ends.
        </p>
        <InlineProblem text={problem} />
        <button type="submit" className="small" disabled={busy || !draft.name.trim() || !draft.command.trim()}>
          Add the action
        </button>
      </form>
    </div>
  );
}

function ActionFields(props: { value: ActionSettings; onChange: (value: ActionSettings) => void }) {
  const { value, onChange } = props;
  return (
    <>
      <label>
        Name
        <input value={value.name} maxLength={40} onChange={(e) => onChange({ ...value, name: e.target.value })} />
      </label>
      <label>
        Command
        <input
          value={value.command}
          maxLength={2_000}
          placeholder="npm run dev"
          spellCheck={false}
          autoCapitalize="off"
          autoCorrect="off"
          onChange={(e) => onChange({ ...value, command: e.target.value })}
        />
      </label>
    </>
  );
}

/** A saved action: change it, or remove it after asking. */
function SavedAction(props: { sessionID: string; action: ProjectAction; onChanged: () => Promise<void> }) {
  const { sessionID, action, onChanged } = props;
  const [value, setValue] = useState<ActionSettings>({ name: action.name, command: action.command });
  const { saving: busy, error: problem, save } = useConfigSave<void>(() => undefined);
  const [removing, setRemoving] = useState(false);
  const changed = value.name !== action.name || value.command !== action.command;

  const call = (work: () => Promise<unknown>) =>
    save(async () => {
      await work();
      await onChanged();
    });

  return (
    <form
      className="config-form terminal-saved-action"
      aria-label={`Action ${action.name}`}
      onSubmit={(event) => {
        event.preventDefault();
        void call(() => api.changeAction(sessionID, action.id, value));
      }}
    >
      <ActionFields value={value} onChange={setValue} />
      <InlineProblem text={problem} />
      {removing ? (
        <ConfirmRemove
          label={`Remove ${action.name}`}
          question={`Remove the action ${action.name}? A terminal it runs in stays open.`}
          confirm="Remove"
          disabled={busy}
          onConfirm={() => void call(() => api.removeAction(sessionID, action.id))}
          onCancel={() => setRemoving(false)}
        />
      ) : (
        <div className="terminal-action-row">
          <button type="submit" className="small" disabled={busy || !changed}>
            Save
          </button>
          <button type="button" className="small" disabled={busy} onClick={() => setRemoving(true)}>
            Remove…
          </button>
        </div>
      )}
    </form>
  );
}

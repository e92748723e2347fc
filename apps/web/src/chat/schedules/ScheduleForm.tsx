// Making a scheduled task, or changing one: its name, what it asks (a message or a / command), when
// (once, every day, some weekdays, or a cron expression) in this browser's time zone, the model and
// agent, and whether a time missed while the app was closed runs when it is back. The backend
// checks it and says what is wrong in a sentence; the form stays open with what was typed.
import { AllowChoice, type ScheduledTask, type ScheduleSettings, type ScheduleWhen } from "@turnkey/contracts";
import { type FormEvent, useId, useState } from "react";
import { api } from "../../shared/api.ts";
import { allowExplained, choiceLabel } from "../allow/allowChoices.ts";
import { ConfigFormEnd } from "../ConfigFormEnd.tsx";
import { AgentPicker, type ConfigChoices, ModelPicker } from "../ConfigPickers.tsx";
import { parseModel } from "../modelChoice.ts";
import { useConfigSave } from "../useConfigSave.ts";
import { schedulesAnswer } from "./schedulesFeed.ts";
import { localTimeZone } from "./scheduleText.ts";

const kinds: { value: ScheduleWhen["kind"]; label: string }[] = [
  { value: "daily", label: "Every day" },
  { value: "weekly", label: "On some days of the week" },
  { value: "once", label: "Once" },
  { value: "cron", label: "A cron expression" },
];
/** Monday first, as a week reads; the numbers are cron's (Sunday 0). */
const week = [
  [1, "Mon"],
  [2, "Tue"],
  [3, "Wed"],
  [4, "Thu"],
  [5, "Fri"],
  [6, "Sat"],
  [0, "Sun"],
] as const;

/** Tomorrow at 09:00 in this browser, as a datetime-local field writes it. */
function tomorrowMorning(): string {
  const date = new Date(Date.now() + 86_400_000);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T09:00`;
}

/** "09:00, 17:30" → the times; what is not a time is left for the backend to name. */
function timesOf(text: string): string[] {
  return text
    .split(/[\s,;]+/)
    .map((t) => t.trim())
    .filter(Boolean)
    .map((t) => (/^\d:\d\d$/.test(t) ? `0${t}` : t));
}

export function ScheduleForm(props: {
  projectId: string;
  editing: ScheduledTask | null;
  choices: ConfigChoices;
  /** Saved (the list comes through the feed, schedulesFeed.ts). */
  onSaved: () => void;
  onCancel: () => void;
}) {
  const { editing, choices } = props;
  const id = useId();
  const when = editing?.when;
  const [name, setName] = useState(editing?.name ?? "");
  const [prompt, setPrompt] = useState(editing?.prompt ?? "");
  const [kind, setKind] = useState<ScheduleWhen["kind"]>(when?.kind ?? "daily");
  const [times, setTimes] = useState(when && "times" in when ? when.times.join(", ") : "09:00");
  const [days, setDays] = useState<number[]>(when?.kind === "weekly" ? when.days : [1, 2, 3, 4, 5]);
  const [at, setAt] = useState(when?.kind === "once" ? when.at : tomorrowMorning());
  const [expression, setExpression] = useState(when?.kind === "cron" ? when.expression : "0 9 * * 1-5");
  const [model, setModel] = useState(editing?.model ? `${editing.model.providerID}/${editing.model.modelID}` : null);
  const [agent, setAgent] = useState(editing?.agent ?? null);
  const [enabled, setEnabled] = useState(editing?.enabled ?? true);
  const [catchUp, setCatchUp] = useState(editing?.catchUp ?? true);
  const [allow, setAllow] = useState<AllowChoice>(editing?.allow ?? "project");
  const { saving, error, save } = useConfigSave(props.onSaved);
  // A task keeps the zone it was made in; a new one takes this browser's.
  const timeZone = editing?.timeZone ?? localTimeZone();

  const schedule = (): ScheduleWhen => {
    switch (kind) {
      case "once":
        return { kind, at };
      case "daily":
        return { kind, times: timesOf(times) };
      case "weekly":
        return { kind, days, times: timesOf(times) };
      case "cron":
        return { kind, expression };
    }
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const settings: ScheduleSettings = {
      name,
      projectId: editing?.projectId ?? props.projectId,
      prompt,
      model: model ? parseModel(model) : null,
      agent,
      when: schedule(),
      timeZone,
      enabled,
      catchUp,
      allow,
    };
    await save(() =>
      schedulesAnswer(() => (editing ? api.updateSchedule(editing.id, settings) : api.createSchedule(settings))),
    );
  };

  return (
    <form
      className="config-form"
      aria-label={editing ? `Change the task ${editing.name}` : "New scheduled task"}
      onSubmit={submit}
    >
      <label>
        Name
        <input value={name} onChange={(e) => setName(e.target.value)} placeholder="Morning review" required />
      </label>
      <label>
        What it asks
        <textarea
          rows={3}
          value={prompt}
          onChange={(e) => setPrompt(e.target.value)}
          placeholder="Summarise yesterday's commits and list anything that looks unfinished."
        />
        <span className="muted config-hint">
          A message, or a / command with what follows it. Each run is a new chat.
        </span>
      </label>
      <label>
        When
        <select
          value={kind}
          onChange={(e) => setKind(e.target.value as ScheduleWhen["kind"])}
          aria-describedby={`${id}-zone`}
        >
          {kinds.map((k) => (
            <option key={k.value} value={k.value}>
              {k.label}
            </option>
          ))}
        </select>
      </label>
      {kind === "weekly" && (
        <fieldset className="schedule-days">
          <legend>Days</legend>
          {week.map(([day, label]) => (
            <label key={day}>
              <input
                type="checkbox"
                checked={days.includes(day)}
                onChange={(e) => setDays(e.target.checked ? [...days, day] : days.filter((d) => d !== day))}
              />
              {label}
            </label>
          ))}
        </fieldset>
      )}
      {(kind === "daily" || kind === "weekly") && (
        <label>
          At
          <input value={times} onChange={(e) => setTimes(e.target.value)} placeholder="09:00, 17:30" />
          <span className="muted config-hint">Times of day on a 24-hour clock, separated by commas.</span>
        </label>
      )}
      {kind === "once" && (
        <label>
          Date and time
          <input type="datetime-local" value={at} onChange={(e) => setAt(e.target.value.slice(0, 16))} required />
        </label>
      )}
      {kind === "cron" && (
        <label>
          Cron expression
          <input value={expression} onChange={(e) => setExpression(e.target.value)} spellCheck={false} />
          <span className="muted config-hint">
            minute hour day month weekday, like 0 9 * * 1-5 (09:00 on weekdays).
          </span>
        </label>
      )}
      <p className="muted config-hint" id={`${id}-zone`}>{`Times are in ${timeZone}.`}</p>
      <ModelPicker value={model} choices={choices} none="The project's default model" onChange={setModel} />
      <AgentPicker value={agent} choices={choices} none="The default agent" onChange={setAgent} />
      <label>
        Permissions while it runs
        <select
          value={allow}
          onChange={(e) => setAllow(e.target.value as AllowChoice)}
          aria-describedby={`${id}-allow`}
        >
          {AllowChoice.options.map((choice) => (
            <option key={choice} value={choice}>
              {choiceLabel(choice, null)}
            </option>
          ))}
        </select>
        <span className="muted config-hint" id={`${id}-allow`}>
          {`A run asks in its chat and waits for you, unless this lets it go ahead. "Same as the project": what the project lets its chats do (Permissions, above the message box), as it is while the run goes. ${allowExplained}`}
        </span>
      </label>
      <label>
        <input type="checkbox" checked={enabled} onChange={(e) => setEnabled(e.target.checked)} />
        On (turn it off to pause the task)
      </label>
      <label>
        <input type="checkbox" checked={catchUp} onChange={(e) => setCatchUp(e.target.checked)} />
        If the app was closed or the computer asleep at its time, run it once when it is back
      </label>
      <ConfigFormEnd
        error={error}
        saving={saving}
        submit={editing ? "Save" : "Schedule it"}
        onCancel={props.onCancel}
      />
    </form>
  );
}

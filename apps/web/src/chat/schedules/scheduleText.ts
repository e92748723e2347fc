// What the scheduled-tasks section says, worked out apart from React: when a task runs, its next
// time, a run's outcome, and the closed section's summary.
import type { ScheduledRun, ScheduledTask, ScheduleWhen } from "@turnkey/contracts";

const dayNames = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];

/**
 * The zone this browser is in: what "09:00" in the form means. An IANA name on every system,
 * Windows too: ECMA-402 allows only IANA names for `timeZone`, and V8's ICU maps Windows' own zone
 * ids ("W. Europe Standard Time") to them when it reads the host's (nodejs/node#34511, tc39/ecma402#492),
 * so the backend's croner reads the same name whether the window ran on Windows or Linux.
 */
export function localTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}

function list(items: string[]): string {
  return items.length <= 1 ? (items[0] ?? "") : `${items.slice(0, -1).join(", ")} and ${items.at(-1)}`;
}

/** "Every day at 09:00", "Mon and Fri at 09:00 and 17:30", "Once, 2026-11-25 at 09:00", "Cron 0 9 * * 1-5". */
export function whenSentence(when: ScheduleWhen, timeZone: string, here = localTimeZone()): string {
  const zone = timeZone === here ? "" : ` (${timeZone})`;
  const times = (t: string[]) => list([...t].sort());
  switch (when.kind) {
    case "once":
      return `Once, ${when.at.slice(0, 10)} at ${when.at.slice(11)}${zone}`;
    case "daily":
      return `Every day at ${times(when.times)}${zone}`;
    case "weekly": {
      const days = [...new Set(when.days)].sort((a, b) => ((a + 6) % 7) - ((b + 6) % 7)); // Monday first
      return `${list(days.map((d) => dayNames[d] ?? ""))} at ${times(when.times)}${zone}`;
    }
    case "cron":
      return `Cron ${when.expression}${zone}`;
  }
}

/** A moment in this browser's own time: "Wed 25 Nov, 09:00". */
export function momentText(ms: number): string {
  return new Date(ms).toLocaleString(undefined, {
    weekday: "short",
    day: "numeric",
    month: "short",
    hour: "2-digit",
    minute: "2-digit",
  });
}

export function nextText(task: ScheduledTask): string {
  if (task.problem) return "Cannot run";
  if (!task.enabled) return "Off";
  if (task.nextRunAt === null) return task.when.kind === "once" ? "Done" : "No time to come";
  return `Next: ${momentText(task.nextRunAt)}`;
}

const outcomeWords: Record<ScheduledRun["outcome"], string> = {
  running: "Running since",
  finished: "Finished",
  failed: "Failed",
  missed: "Missed",
  skipped: "Skipped",
};

/** "Finished · Wed 25 Nov, 09:00" (the time it was due, or for Run now, started). */
export function runHeadline(run: ScheduledRun): string {
  const at = run.outcome === "running" ? run.startedAt : (run.scheduledFor ?? run.startedAt);
  return `${outcomeWords[run.outcome]}${run.outcome === "running" ? " " : " · "}${momentText(at)}${run.scheduledFor === null ? " (run now)" : ""}`;
}

/** The closed section's line: "none yet", or "2 tasks · 1 running · next Wed 25 Nov, 09:00". */
export function schedulesSummary(tasks: ScheduledTask[]): string {
  if (tasks.length === 0) return "none yet";
  const running = tasks.filter((t) => t.runs.some((r) => r.outcome === "running")).length;
  const failed = tasks.filter(
    (t) => t.runs.find((r) => r.outcome !== "running")?.outcome === "failed" || t.problem,
  ).length;
  const next = tasks
    .filter((t) => t.enabled && t.nextRunAt !== null)
    .map((t) => t.nextRunAt as number)
    .sort((a, b) => a - b)[0];
  return [
    `${tasks.length} ${tasks.length === 1 ? "task" : "tasks"}`,
    ...(running ? [`${running} running`] : []),
    ...(failed ? [`${failed} failed`] : []),
    ...(next !== undefined ? [`next ${momentText(next)}`] : []),
  ].join(" · ");
}

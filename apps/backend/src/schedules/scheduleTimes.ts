// When a scheduled task runs next. Every kind is turned into cron patterns and handed to croner,
// which does the time-zone arithmetic: a wall-clock time that does not exist on a spring-forward
// day runs an hour later that day, and one that happens twice on a fall-back day runs once
// (scheduleTimes.test.ts shows both). Writing that by hand is how schedulers get DST wrong. Also
// the run's chat title, stamped in the task's zone.
import type { ScheduleWhen } from "@turnkey/contracts";
import { Cron } from "croner";

/** Runs closer together than this are refused: each run is a new chat and a model's bill. */
export const minimumGapMs = 5 * 60_000;

function patterns(when: ScheduleWhen): string[] {
  const at = (time: string, days: string) => {
    const [hours, minutes] = time.split(":").map(Number);
    return `${minutes} ${hours} * * ${days}`;
  };
  switch (when.kind) {
    case "once":
      return [`${when.at}:00`]; // an ISO date and time without an offset: croner reads it in the zone
    case "daily":
      return [...new Set(when.times)].map((time) => at(time, "*"));
    case "weekly":
      return [...new Set(when.times)].map((time) => at(time, [...new Set(when.days)].sort().join(",")));
    case "cron":
      return [when.expression];
  }
}

function crons(when: ScheduleWhen, timeZone: string): Cron[] {
  return patterns(when).map((pattern) => new Cron(pattern, { timezone: timeZone, paused: true }));
}

/** The first time strictly after `afterMs`; null when there is none (a once that has passed). */
export function nextOccurrence(when: ScheduleWhen, timeZone: string, afterMs: number): number | null {
  let next: number | null = null;
  for (const cron of crons(when, timeZone)) {
    const at = cron.nextRun(new Date(afterMs))?.getTime() ?? null;
    if (at !== null && (next === null || at < next)) next = at;
  }
  return next;
}

function isTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone });
    return true;
  } catch {
    return false;
  }
}

/** A calendar date that exists ("2026-02-30" does not; croner would move it on silently). */
function isRealDate(at: string): boolean {
  const [year, month, day] = at.slice(0, 10).split("-").map(Number) as [number, number, number];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/**
 * Why a schedule cannot be read at all (a zone this computer does not know, a date the calendar
 * lacks, a cron expression croner refuses), as a sentence; null when it can. Cheap: a kept task is
 * checked with this on every start.
 */
export function scheduleUnreadable(when: ScheduleWhen, timeZone: string): string | null {
  if (!isTimeZone(timeZone))
    return `"${timeZone}" is not a time zone this computer knows. Use a name like Europe/Berlin.`;
  if (when.kind === "once" && !isRealDate(when.at)) return `${when.at.slice(0, 10)} is not a date in the calendar.`;
  try {
    crons(when, timeZone);
    return null;
  } catch (error) {
    return `The cron expression cannot be read: ${(error as Error).message.replace(/^CronPattern: /, "")}.`;
  }
}

/** Why a schedule cannot be saved as given, as a sentence; null when it can. */
export function scheduleProblem(when: ScheduleWhen, timeZone: string, nowMs: number): string | null {
  const unreadable = scheduleUnreadable(when, timeZone);
  if (unreadable) return unreadable;
  const first = nextOccurrence(when, timeZone, nowMs);
  if (first === null) {
    return when.kind === "once"
      ? "That time has passed. Choose a time still to come."
      : "That cron expression never comes round. Check its day and month.";
  }
  // Sixty occurrences find a gap however the times are spread over a day or a week.
  let previous = first;
  for (let count = 0; count < 60; count++) {
    const next = nextOccurrence(when, timeZone, previous);
    if (next === null) break;
    if (next - previous < minimumGapMs) {
      return "Runs would come less than 5 minutes apart. Each run is a new chat: space them further.";
    }
    previous = next;
  }
  return null;
}

/** "2026-11-25 09:00" in the task's zone, for the chat's title; in UTC, saying so, if the zone is unknown. */
export function titleStamp(atMs: number, timeZone: string): string {
  try {
    return zonedStamp(atMs, timeZone);
  } catch {
    return `${new Date(atMs).toISOString().slice(0, 16).replace("T", " ")} UTC`;
  }
}

function zonedStamp(atMs: number, timeZone: string): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat("en-CA", {
      timeZone,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23",
    })
      .formatToParts(atMs)
      .map((part) => [part.type, part.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}`;
}

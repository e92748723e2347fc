// Scheduled tasks: a prompt (or a `/` command) the backend sends by itself in a project, once or on
// a repeating schedule, each run in a new chat. The backend keeps them and runs them while the app
// runs, whether or not a window is open; the shapes the window and the backend share are here.
import { z } from "zod";
import { AllowChoice } from "./allow.ts";
import { ModelRef } from "./chat.ts";

/** "09:00": a time of day on a 24-hour clock, in the task's time zone. */
export const ClockTime = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'A time is written "HH:MM", like 09:00 or 17:30.');

/** Sunday 0 … Saturday 6, as cron and JavaScript count them. */
export const Weekday = z.number().int().min(0).max(6);

const times = z
  .array(ClockTime)
  .min(1, "Give at least one time of day.")
  .max(24, "A task runs at most 24 times a day.");

/** When a task runs. Times are wall-clock times in the task's time zone, kept across daylight saving. */
export const ScheduleWhen = z.discriminatedUnion("kind", [
  z.object({
    kind: z.literal("once"),
    /** "2026-11-25T09:00": a date and time in the task's time zone. */
    at: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}T([01]\d|2[0-3]):[0-5]\d$/, "Give the date and time it runs, like 2026-11-25T09:00."),
  }),
  z.object({ kind: z.literal("daily"), times }),
  z.object({
    kind: z.literal("weekly"),
    days: z.array(Weekday).min(1, "Choose at least one day of the week.").max(7),
    times,
  }),
  z.object({
    kind: z.literal("cron"),
    /** Five fields (minute hour day month weekday), or six with seconds first. */
    expression: z.string().trim().min(1, "Write the cron expression, like 0 9 * * 1-5.").max(200),
  }),
]);
export type ScheduleWhen = z.infer<typeof ScheduleWhen>;

/** A task as the form saves it. */
export const ScheduleSettings = z
  .object({
    name: z.string().trim().min(1, "Give the task a name.").max(80, "A name holds at most 80 characters."),
    /** The project (an id from /api/projects) whose folder each run works in. */
    projectId: z.string().min(1).max(128),
    /** What each run sends: a message, or a `/` command with its arguments. */
    prompt: z
      .string()
      .max(100_000, "The prompt holds at most 100,000 characters.")
      .refine((text) => text.trim() !== "", "Write what the task should ask."),
    model: ModelRef.nullable(),
    agent: z.string().min(1).max(200).nullable(),
    when: ScheduleWhen,
    /** An IANA zone ("Europe/Berlin"); the window sends its own, so "09:00" is the user's 09:00. */
    timeZone: z.string().min(1).max(100),
    enabled: z.boolean(),
    /** A time missed while the app was closed or the computer asleep runs once when it is back. */
    catchUp: z.boolean(),
    /**
     * What each run's chat lets the agent do without asking (allow.ts): a level, or `project`, as
     * its project's level says when the run starts and after. Tasks saved before it ask.
     */
    allow: AllowChoice.default("ask"),
  })
  .strict();
export type ScheduleSettings = z.infer<typeof ScheduleSettings>;

export const ScheduledRunOutcome = z.enum(["running", "finished", "failed", "missed", "skipped"]);
export type ScheduledRunOutcome = z.infer<typeof ScheduledRunOutcome>;

/** One run, or one time that passed without a run (missed, skipped), with why. */
export const ScheduledRun = z.object({
  /** The time it was due; null for "Run now". */
  scheduledFor: z.number().nullable(),
  startedAt: z.number(),
  endedAt: z.number().nullable(),
  outcome: ScheduledRunOutcome,
  /** The chat the run made, to open. */
  sessionID: z.string().nullable(),
  /** What happened, as a sentence: the error, or why it was missed or skipped. */
  message: z.string().nullable(),
});
export type ScheduledRun = z.infer<typeof ScheduledRun>;

/** The runs a task keeps, newest first. */
export const keptRunsPerTask = 10;

export const ScheduledTask = ScheduleSettings.extend({
  id: z.string(),
  createdAt: z.number(),
  /** The project's folder (kept, so a task outlives the project falling off the recent list). */
  folder: z.string(),
  /** The next time it runs; null when off, once and done, or its schedule cannot be read. */
  nextRunAt: z.number().nullable(),
  runs: z.array(ScheduledRun).max(keptRunsPerTask),
  /** Why it cannot run as set (an unknown time zone, a bad cron expression), as a sentence. */
  problem: z.string().nullable(),
});
export type ScheduledTask = z.infer<typeof ScheduledTask>;

export const SchedulesResponse = z.object({
  tasks: z.array(ScheduledTask),
  /** The tasks' file could not be read: what was done with it, and what to do. */
  fileProblem: z.string().nullable(),
});
export type SchedulesResponse = z.infer<typeof SchedulesResponse>;

/**
 * The runs that were going in `before` and have ended in `after`, with their task: what the
 * windows and the tray tell the user of, from two `schedules` events in a row.
 */
export function runsEnded(
  before: SchedulesResponse | null,
  after: SchedulesResponse,
): { task: ScheduledTask; run: ScheduledRun }[] {
  if (!before) return [];
  const key = (task: ScheduledTask, run: ScheduledRun) => `${task.id}:${run.startedAt}`;
  const wasRunning = new Set(
    before.tasks.flatMap((task) => task.runs.filter((run) => run.outcome === "running").map((run) => key(task, run))),
  );
  return after.tasks.flatMap((task) =>
    task.runs
      .filter((run) => run.outcome !== "running" && wasRunning.has(key(task, run)))
      .map((run) => ({ task, run })),
  );
}

/** What a notification says of a run that failed (the windows' and the tray's). */
export function failedRunNews(task: ScheduledTask, run: ScheduledRun): { title: string; body: string } {
  return { title: `Scheduled task failed: ${task.name}`, body: run.message ?? "Open the chat to see why." };
}

/** The most tasks kept: a schedule list, not a job queue. */
export const maxScheduledTasks = 100;

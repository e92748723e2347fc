// Goals: a chat that keeps working until a check passes. The user gives a task and a command
// (`npm test`); the backend sends the task, runs the command in the project folder when the reply
// ends, and while it fails sends its output back with the task, up to a number of turns. The finish
// line is the command's exit code, not a model's opinion of the work. The shapes the window and
// the backend share, and the rules both read, are here.
import { z } from "zod";
import { ModelRef } from "./chat.ts";
import { titleOf } from "./format.ts";

/** The most turns a goal may add after its first prompt. */
export const maxGoalTurns = 50;

/** How much of a check's output (its end) is kept, shown and sent back to the agent. */
export const goalOutputChars = 4_000;

/** A goal as the form starts it. */
export const GoalSettings = z
  .object({
    /** The task, sent as the chat's next prompt, and again with each failed check's output. */
    objective: z
      .string()
      .max(100_000, "The task holds at most 100,000 characters.")
      .refine((text) => text.trim() !== "", "Write the task the agent should finish."),
    /** One command line, run by the platform's shell (sh, or cmd on Windows) in the project folder. */
    check: z
      .string()
      .trim()
      .min(1, "Write the command that says the task is done, like npm test.")
      .max(2_000, "The check holds at most 2,000 characters.")
      .refine(
        (line) => !/[\r\n]/.test(line),
        "Write the check as one line (join commands with &&): Windows' shell runs only the first line.",
      ),
    /** Turns after the first prompt, each sent when the check fails. */
    maxTurns: z
      .number()
      .int()
      .min(1, "Allow at least one more turn.")
      .max(maxGoalTurns, `A goal takes at most ${maxGoalTurns} more turns.`),
    /** How long one run of the check may take before it is stopped and counted failed. */
    checkMinutes: z
      .number()
      .int()
      .min(1, "Give the check at least a minute.")
      .max(120, "A check runs at most 120 minutes."),
    model: ModelRef.nullable(),
    agent: z.string().min(1).max(200).nullable(),
  })
  .strict();
export type GoalSettings = z.infer<typeof GoalSettings>;

/** One run of the check. */
export const GoalCheck = z.object({
  startedAt: z.number(),
  endedAt: z.number(),
  /** The command's exit code; null when it was stopped at its time limit or could not start. */
  exitCode: z.number().nullable(),
  timedOut: z.boolean(),
  /** The end of what it wrote, both streams as they arrived (at most goalOutputChars). */
  output: z.string(),
  /** It could not run at all (the folder is gone, not trusted, no shell), as a sentence. */
  problem: z.string().nullable(),
});
export type GoalCheck = z.infer<typeof GoalCheck>;

export const GoalStatus = z.enum([
  /** A reply is going (the first prompt, a turn after a failed check, or the user's own). */
  "working",
  /** The reply ended and the check runs. */
  "checking",
  /** Nothing is sent until Resume: the user paused it, stopped a reply, or something failed (`note`). */
  "paused",
  /** The check passed. */
  "passed",
  /** The check still failed when the turns ran out. */
  "gaveUp",
]);
export type GoalStatus = z.infer<typeof GoalStatus>;

export const Goal = GoalSettings.extend({
  sessionID: z.string(),
  /** The chat's project folder (its real path), where the check runs. */
  folder: z.string(),
  /** The chat's project, to open the chat from a notification. */
  projectId: z.string(),
  status: GoalStatus,
  /** Turns sent after the first prompt. */
  turns: z.number().int(),
  /** Runs of the check started so far. */
  checksRun: z.number().int(),
  lastCheck: GoalCheck.nullable(),
  /** Why it is paused, or that a reply waits for the user's answer, as a sentence; else null. */
  note: z.string().nullable(),
  startedAt: z.number(),
  /** When it passed or gave up; null while it can still go on. */
  endedAt: z.number().nullable(),
});
export type Goal = z.infer<typeof Goal>;

export const GoalsResponse = z.object({ goals: z.array(Goal) });
export type GoalsResponse = z.infer<typeof GoalsResponse>;

/** Passed or gave up: nothing more happens, and a new goal may take its chat. */
export const goalEnded = (status: GoalStatus): boolean => status === "passed" || status === "gaveUp";

/** A goal that may still send a turn or run its check by itself. */
const goalActive = (status: GoalStatus): boolean => status === "working" || status === "checking";

/**
 * Goals that stopped going by themselves between two `goals` events, with how: passed, gave up,
 * or paused by something other than the user's Pause (a failed reply, a check that could not run).
 * What the windows and the tray tell the user of.
 */
export function goalsSettled(before: GoalsResponse | null, after: GoalsResponse): Goal[] {
  if (!before) return [];
  const was = new Map(before.goals.map((goal) => [goal.sessionID, goal]));
  return after.goals.filter((goal) => {
    const earlier = was.get(goal.sessionID);
    if (!earlier || earlier.startedAt !== goal.startedAt || !goalActive(earlier.status)) return false;
    const byTheUser = goal.note === pausedByUser || goal.note === stoppedByUser;
    return goalEnded(goal.status) || (goal.status === "paused" && goal.note !== null && !byTheUser);
  });
}

/** The note of a goal the user paused (which is not told as news). */
export const pausedByUser = "Paused. Resume runs the check, then goes on while it fails.";

/** The note of a goal whose reply the user stopped in the chat (not news either). */
export const stoppedByUser =
  "You stopped the reply, so the goal is paused. Resume runs the check, then goes on while it fails.";

/** What a notification says of a goal that settled by itself (the windows' and the tray's). */
export function goalNews(goal: Goal): { title: string; body: string } {
  const body = `${titleOf(goal.objective, 59)}\n${goal.status === "passed" ? `${goal.check} passed.` : (goal.note ?? "")}`;
  if (goal.status === "passed") return { title: "Goal reached", body };
  if (goal.status === "gaveUp") return { title: "Goal stopped", body };
  return { title: "Goal paused", body };
}

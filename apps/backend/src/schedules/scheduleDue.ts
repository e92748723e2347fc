// What a scheduled task's due time means now: run it, count it missed, skip it, or nothing yet.
// Pure, so the cases a clock makes hard to reach (the app closed through the time, the computer
// asleep, the last run still going) are a table of inputs in scheduleDue.test.ts.

/** A run this late is still on time: the timer fired late, the machine was busy. */
export const lateGraceMs = 10 * 60_000;

export type Due =
  | { kind: "none" }
  /** `late`: caught up after the app was closed or the computer asleep through its time. */
  | { kind: "run"; scheduledFor: number; late: boolean }
  | { kind: "missed"; scheduledFor: number }
  /** The last run is still going: this time passes without another. */
  | { kind: "skipped"; scheduledFor: number };

export interface DueInput {
  enabled: boolean;
  nextRunAt: number | null;
  catchUp: boolean;
  /** A run of this task has not ended. */
  running: boolean;
  nowMs: number;
}

export function whatIsDue({ enabled, nextRunAt, catchUp, running, nowMs }: DueInput): Due {
  if (!enabled || nextRunAt === null || nextRunAt > nowMs) return { kind: "none" };
  const scheduledFor = nextRunAt;
  if (running) return { kind: "skipped", scheduledFor };
  if (nowMs - scheduledFor <= lateGraceMs) return { kind: "run", scheduledFor, late: false };
  return catchUp ? { kind: "run", scheduledFor, late: true } : { kind: "missed", scheduledFor };
}

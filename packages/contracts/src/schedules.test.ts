// Which scheduled runs ended between two `schedules` events: what the window and the tray tell of.
import { describe, expect, it } from "vitest";
import { runsEnded, type ScheduledRun, type ScheduledTask, type SchedulesResponse } from "./schedules.ts";

const run = (startedAt: number, outcome: ScheduledRun["outcome"]): ScheduledRun => ({
  scheduledFor: null,
  startedAt,
  endedAt: outcome === "running" ? null : startedAt + 1,
  outcome,
  sessionID: null,
  message: null,
});
const list = (id: string, runs: ScheduledRun[]): SchedulesResponse => ({
  tasks: [{ id, runs } as unknown as ScheduledTask],
  fileProblem: null,
});

describe("runsEnded", () => {
  it("finds the runs that were going and have ended, not older ones nor another task's", () => {
    const before = list("t1", [run(9, "running"), run(5, "finished")]);
    const after = list("t1", [run(9, "failed"), run(5, "finished")]);
    expect(runsEnded(before, after).map((e) => [e.task.id, e.run.startedAt, e.run.outcome])).toEqual([
      ["t1", 9, "failed"],
    ]);
    expect(runsEnded(before, list("t2", [run(9, "failed")]))).toEqual([]);
    expect(runsEnded(null, after)).toEqual([]);
  });
});

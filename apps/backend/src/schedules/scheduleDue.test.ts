// What a task's due time means at a given moment, as a table: on time, late within the grace,
// caught up or missed after the app was closed, skipped while the last run goes on.
import { describe, expect, it } from "vitest";
import { type DueInput, lateGraceMs, whatIsDue } from "./scheduleDue.ts";

const due = 1_000_000_000_000;
const base: DueInput = { enabled: true, nextRunAt: due, catchUp: false, running: false, nowMs: due };

describe("whatIsDue", () => {
  it.each([
    ["before its time", { nowMs: due - 1 }, { kind: "none" }],
    ["turned off", { enabled: false }, { kind: "none" }],
    ["with no next time", { nextRunAt: null }, { kind: "none" }],
    ["at its time", {}, { kind: "run", scheduledFor: due, late: false }],
    ["late within the grace", { nowMs: due + lateGraceMs }, { kind: "run", scheduledFor: due, late: false }],
    ["past the grace, no catching up", { nowMs: due + lateGraceMs + 1 }, { kind: "missed", scheduledFor: due }],
    [
      "past the grace, catching up",
      { nowMs: due + 8 * 3_600_000, catchUp: true },
      { kind: "run", scheduledFor: due, late: true },
    ],
    ["while the last run goes on", { running: true }, { kind: "skipped", scheduledFor: due }],
  ] as const)("%s", (_, change, expected) => {
    expect(whatIsDue({ ...base, ...change })).toEqual(expected);
  });
});

import { describe, expect, it } from "vitest";
import { formatDuration } from "./format.ts";
import { canRestart, canStart, canStop, hasProcess, isActive, isComingUp, isLive, showsError } from "./rules.ts";
import { type SidecarState, sidecarStates } from "./status.ts";

describe("lifecycle rules", () => {
  // state → live, active, process, start, stop, restart, error shown, coming up
  type Row = [boolean, boolean, boolean, boolean, boolean, boolean, boolean, boolean];
  const table: Record<SidecarState, Row> = {
    stopped: [false, false, false, true, false, false, false, false],
    starting: [false, true, true, false, true, true, false, true],
    running: [true, true, true, false, true, true, false, false],
    degraded: [true, true, true, false, true, true, false, false],
    backoff: [false, false, false, true, true, true, true, true],
    stopping: [false, false, true, false, false, false, false, false],
    failed: [false, false, false, true, false, true, true, false],
  };
  it.each(sidecarStates)("%s", (state) => {
    const rules = [isLive, isActive, hasProcess, canStart, canStop, canRestart, showsError, isComingUp];
    expect(rules.map((rule) => rule(state))).toEqual(table[state]);
  });
});

describe("formatDuration", () => {
  it.each([
    [0, "0 ms"],
    [250, "250 ms"],
    [1500, "1.5 s"],
    [30_000, "30 s"],
    [65_000, "1 min 5 s"],
    [120_000, "2 min"],
    [3_780_000, "1 h 3 min"],
  ])("%d ms reads %s", (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });
});

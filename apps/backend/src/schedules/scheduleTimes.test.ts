// When a task runs next, and what is refused: the wall-clock times a user chose hold across daylight
// saving in their own zone, and a schedule that would flood the chat list is refused with a reason.
import { describe, expect, it } from "vitest";
import { nextOccurrence, scheduleProblem } from "./scheduleTimes.ts";

const at = (iso: string) => Date.parse(iso);
const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

describe("nextOccurrence", () => {
  it("runs a daily time in the task's zone, strictly after the time given", () => {
    const when = { kind: "daily" as const, times: ["09:00"] };
    // 09:00 in Berlin is 08:00 UTC in winter.
    expect(iso(nextOccurrence(when, "Europe/Berlin", at("2026-11-24T07:00:00Z")))).toBe("2026-11-24T08:00:00.000Z");
    expect(iso(nextOccurrence(when, "Europe/Berlin", at("2026-11-24T08:00:00Z")))).toBe("2026-11-25T08:00:00.000Z");
  });

  it("takes the earliest of several times, and weekdays by number (Sunday 0)", () => {
    const daily = { kind: "daily" as const, times: ["17:30", "09:00"] };
    expect(iso(nextOccurrence(daily, "UTC", at("2026-11-24T10:00:00Z")))).toBe("2026-11-24T17:30:00.000Z");
    // 2026-11-24 is a Tuesday: Monday, Wednesday and Friday at 09:00 New York (14:00 UTC) → Wednesday.
    const weekly = { kind: "weekly" as const, days: [5, 1, 3], times: ["09:00"] };
    expect(iso(nextOccurrence(weekly, "America/New_York", at("2026-11-24T00:00:00Z")))).toBe(
      "2026-11-25T14:00:00.000Z",
    );
  });

  it("keeps 09:00 across daylight saving: the clock time stays, the UTC time moves", () => {
    const when = { kind: "daily" as const, times: ["09:00"] };
    // Berlin goes to summer time on 2026-03-29.
    expect(iso(nextOccurrence(when, "Europe/Berlin", at("2026-03-28T12:00:00Z")))).toBe("2026-03-29T07:00:00.000Z");
    expect(iso(nextOccurrence(when, "Europe/Berlin", at("2026-03-27T12:00:00Z")))).toBe("2026-03-28T08:00:00.000Z");
  });

  it("runs a time the spring-forward skips later that day, and one the fall-back repeats once", () => {
    const when = { kind: "daily" as const, times: ["02:30"] };
    // 02:30 does not exist in Berlin on 2026-03-29 (02:00 → 03:00): it runs at 03:30 summer time.
    expect(iso(nextOccurrence(when, "Europe/Berlin", at("2026-03-28T12:00:00Z")))).toBe("2026-03-29T01:30:00.000Z");
    // 02:30 happens twice on 2026-10-25 (03:00 → 02:00): one run, then the next day's.
    const first = nextOccurrence(when, "Europe/Berlin", at("2026-10-24T12:00:00Z"));
    expect(iso(first)).toBe("2026-10-25T00:30:00.000Z");
    expect(iso(nextOccurrence(when, "Europe/Berlin", first as number))).toBe("2026-10-26T01:30:00.000Z");
  });

  it("runs a once at its time in the zone, and never after it", () => {
    const when = { kind: "once" as const, at: "2026-11-25T09:00" };
    expect(iso(nextOccurrence(when, "Asia/Tokyo", at("2026-11-24T00:00:00Z")))).toBe("2026-11-25T00:00:00.000Z");
    expect(nextOccurrence(when, "Asia/Tokyo", at("2026-11-25T00:00:00Z"))).toBeNull();
  });

  it("reads a cron expression as written", () => {
    const when = { kind: "cron" as const, expression: "0 9 * * 1-5" };
    // Saturday 2026-11-28 → Monday 2026-11-30.
    expect(iso(nextOccurrence(when, "UTC", at("2026-11-28T10:00:00Z")))).toBe("2026-11-30T09:00:00.000Z");
  });
});

describe("scheduleProblem", () => {
  const now = at("2026-11-24T12:00:00Z");

  it("accepts an ordinary schedule", () => {
    expect(scheduleProblem({ kind: "weekly", days: [1], times: ["09:00", "09:05"] }, "Europe/Berlin", now)).toBeNull();
    expect(scheduleProblem({ kind: "cron", expression: "*/5 * * * *" }, "UTC", now)).toBeNull();
  });

  it("names an unknown time zone", () => {
    expect(scheduleProblem({ kind: "daily", times: ["09:00"] }, "Mars/Olympus", now)).toMatch(
      /"Mars\/Olympus" is not a time zone/,
    );
  });

  it("refuses a once that has passed, and a date the calendar does not have", () => {
    expect(scheduleProblem({ kind: "once", at: "2026-11-24T09:00" }, "UTC", now)).toMatch(/has passed/);
    expect(scheduleProblem({ kind: "once", at: "2027-02-30T09:00" }, "UTC", now)).toMatch(/2027-02-30 is not a date/);
  });

  it("says why a cron expression cannot be read, or never comes round", () => {
    expect(scheduleProblem({ kind: "cron", expression: "61 * * * *" }, "UTC", now)).toMatch(/cannot be read: .*minute/);
    expect(scheduleProblem({ kind: "cron", expression: "0 9 *" }, "UTC", now)).toMatch(/cannot be read/);
    expect(scheduleProblem({ kind: "cron", expression: "0 9 31 2 *" }, "UTC", now)).toMatch(/never comes round/);
  });

  it("refuses runs less than 5 minutes apart, however they are written", () => {
    expect(scheduleProblem({ kind: "cron", expression: "* * * * *" }, "UTC", now)).toMatch(/less than 5 minutes/);
    expect(scheduleProblem({ kind: "cron", expression: "*/10 * * * * *" }, "UTC", now)).toMatch(/less than 5/);
    expect(scheduleProblem({ kind: "daily", times: ["09:00", "09:04"] }, "UTC", now)).toMatch(/less than 5/);
  });
});

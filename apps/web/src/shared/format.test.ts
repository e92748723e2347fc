// How long ago a commit or stash was made, as the Files tab shows it beside each one.
import { describe, expect, it } from "vitest";
import { gitDateAgo } from "./format.ts";

describe("a git date as time ago", () => {
  const now = Date.parse("2026-11-23T12:00:00Z");
  const ago = (seconds: number) => gitDateAgo(new Date(now - seconds * 1000).toISOString(), now);

  it("says minutes, hours and days as people do, and a date past a week", () => {
    expect([ago(10), ago(60), ago(5 * 60), ago(90 * 60), ago(26 * 3600), ago(3 * 86_400)]).toEqual([
      "just now",
      "1 minute ago",
      "5 minutes ago",
      "2 hours ago",
      "yesterday",
      "3 days ago",
    ]);
    expect(ago(8 * 86_400)).toBe("Nov 15, 2026");
  });

  it("gives a date to come (a clock set wrong) and what is no date as they are", () => {
    expect(gitDateAgo("2026-11-24T12:00:00+01:00", now)).toBe("Nov 24, 2026");
    expect(gitDateAgo("not a date", now)).toBe("not a date");
  });
});

// The tasks' file: written private and whole; a file this version cannot read is moved aside and
// named, never overwritten, so the user's tasks are not lost to a bad edit or a newer version.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ScheduleStore, type StoredTask } from "./scheduleStore.ts";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "schedules-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const task: StoredTask = {
  id: "t1",
  name: "Digest",
  projectId: "p1",
  folder: "/work/app",
  prompt: "/review",
  model: { providerID: "stub", modelID: "echo" },
  agent: null,
  when: { kind: "weekly", days: [1, 3], times: ["09:00"] },
  timeZone: "Europe/Berlin",
  enabled: true,
  catchUp: true,
  allow: "ask",
  createdAt: 1,
  nextRunAt: 2,
  runs: [{ scheduledFor: 2, startedAt: 3, endedAt: 4, outcome: "finished", sessionID: "ses_1", message: null }],
};

describe("ScheduleStore", () => {
  it("reads back what it wrote, in a file only its user can read", () => {
    const store = ScheduleStore.in(dir);
    expect(store.load()).toEqual({ tasks: [], problem: null });
    store.save([task]);
    expect(ScheduleStore.in(dir).load()).toEqual({ tasks: [task], problem: null });
    if (process.platform !== "win32") expect(statSync(join(dir, "schedules.json")).mode & 0o777).toBe(0o600);
  });

  it("removes the file with the last task, so a later start loads nothing for the tasks", () => {
    const store = ScheduleStore.in(dir);
    store.save([task]);
    store.save([]);
    expect(existsSync(join(dir, "schedules.json"))).toBe(false);
    expect(store.load()).toEqual({ tasks: [], problem: null });
  });

  it.each([
    ["broken JSON", "{ not json"],
    ["a shape this version does not write", JSON.stringify({ version: 2, tasks: [] })],
  ])("moves a file of %s aside, keeps it, and says where", (_, text) => {
    writeFileSync(join(dir, "schedules.json"), text);
    const store = new ScheduleStore(join(dir, "schedules.json"), () => 1234);
    const loaded = store.load();
    expect(loaded.tasks).toEqual([]);
    expect(loaded.problem).toMatch(/could not be read .* kept as schedules\.unreadable-1234\.json/);
    expect(readFileSync(join(dir, "schedules.unreadable-1234.json"), "utf8")).toBe(text);
    store.save([task]);
    expect(readdirSync(dir).sort()).toEqual(["schedules.json", "schedules.unreadable-1234.json"]);
  });
});

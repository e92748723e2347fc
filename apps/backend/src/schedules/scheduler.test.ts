// The scheduler on an injected clock, with a fake OpenCode: a task runs at its time in a new chat
// and its end is recorded; the app closed (or the computer asleep) through a time is a late run or a
// missed one as the task says; a run still going skips the next time; a run never left "running".
import type { ChatEvent, ScheduleSettings } from "@turnkey/contracts";
import { describe, expect, it } from "vitest";
import { FakeClock } from "../../test/fakeClock.ts";
import { ApiRefusal } from "../apiError.ts";
import type { RunTarget } from "./scheduleRunner.ts";
import { Scheduler } from "./scheduler.ts";
import type { StoredTask } from "./scheduleStore.ts";

const start = Date.parse("2026-11-24T08:00:00Z");
const hour = 3_600_000;

class FakeOpencode implements RunTarget {
  notRunning: string | null = null;
  /** OpenCode takes the chat's creation and never answers. */
  hangs = false;
  sends: { sessionID: string; prompt: string; title: string }[] = [];
  private titles = new Map<string, string>();
  private listeners = new Map<string, (event: ChatEvent) => void>();
  private count = 0;
  async whenOpencodeRuns() {
    return this.notRunning;
  }
  async createSession(_folder: string, title: string, _signal: AbortSignal) {
    if (this.hangs) return new Promise<string>(() => undefined);
    const id = `ses_${++this.count}`;
    this.titles.set(id, title);
    return id;
  }
  async send(sessionID: string, prompt: string) {
    this.sends.push({ sessionID, prompt, title: this.titles.get(sessionID) ?? "" });
  }
  allow() {}
  onSessionEvent(sessionID: string, listener: (event: ChatEvent) => void) {
    this.listeners.set(sessionID, listener);
    return () => this.listeners.delete(sessionID);
  }
  emit(sessionID: string, event: ChatEvent) {
    this.listeners.get(sessionID)?.(event);
  }
  finish(sessionID: string) {
    const status = (status: "busy" | "idle") =>
      ({ type: "session.status", sessionID, status, attempt: null, message: null }) as const;
    this.emit(sessionID, status("busy"));
    this.emit(sessionID, status("idle"));
  }
}

class MemoryStore {
  saved: StoredTask[] | null = null;
  failing = false;
  constructor(private readonly initial: StoredTask[] = []) {}
  load() {
    return { tasks: structuredClone(this.initial), problem: null };
  }
  save(tasks: StoredTask[]) {
    if (this.failing) throw new Error("ENOSPC: no space left on device");
    this.saved = structuredClone(tasks);
  }
}

const settings = (change: Partial<ScheduleSettings> = {}): ScheduleSettings => ({
  name: "Digest",
  projectId: "p1",
  prompt: "Summarise yesterday's commits",
  model: null,
  agent: null,
  when: { kind: "daily", times: ["09:00"] },
  timeZone: "UTC",
  enabled: true,
  catchUp: false,
  allow: "ask",
  ...change,
});

const flush = () => new Promise((resolve) => setImmediate(resolve));

function setUp(initial: StoredTask[] = []) {
  const clock = new FakeClock(start);
  const opencode = new FakeOpencode();
  const store = new MemoryStore(initial);
  const logs: string[] = [];
  const scheduler = new Scheduler({
    store,
    now: () => clock.nowMs,
    setTimer: clock.setTimer,
    target: opencode,
    folderOf: (id) => (id === "p1" ? "/work/app" : null),
    projectIdOf: (folder) => (folder === "/work/app" ? "p1" : "other"),
    log: (line) => logs.push(line),
    limits: { opencodeWaitMs: 1_000, callMs: 120_000, replyMs: 26 * hour },
  });
  return { clock, opencode, store, scheduler, logs };
}

const kept = (change: Partial<StoredTask>): StoredTask => ({
  ...settings(),
  id: "t1",
  createdAt: start - 48 * hour,
  folder: "/work/app",
  nextRunAt: null,
  runs: [],
  ...change,
});

describe("Scheduler", () => {
  it("runs a daily task at its time in a new chat named after it, and records its end", async () => {
    const { clock, opencode, scheduler, store } = setUp();
    const [task] = scheduler.create(settings()).tasks;
    expect(task?.nextRunAt).toBe(Date.parse("2026-11-24T09:00:00Z"));
    expect(store.saved).toHaveLength(1);

    clock.advance(hour - 1);
    await flush();
    expect(opencode.sends).toEqual([]);
    clock.advance(1);
    await flush();
    expect(opencode.sends).toEqual([
      { sessionID: "ses_1", prompt: "Summarise yesterday's commits", title: "Digest · 2026-11-24 09:00" },
    ]);
    expect(scheduler.list().tasks[0]?.runs[0]).toMatchObject({ outcome: "running", sessionID: "ses_1" });

    opencode.finish("ses_1");
    await scheduler.settled();
    const after = scheduler.list().tasks[0];
    expect(after?.runs[0]).toMatchObject({
      outcome: "finished",
      scheduledFor: Date.parse("2026-11-24T09:00:00Z"),
      sessionID: "ses_1",
      message: null,
    });
    expect(after?.nextRunAt).toBe(Date.parse("2026-11-25T09:00:00Z"));
    expect(store.saved?.[0]?.runs[0]?.outcome).toBe("finished");
  });

  it("never sleeps longer than a minute, so a computer that slept runs what it slept through", async () => {
    const { clock, opencode, scheduler } = setUp();
    scheduler.create(settings({ catchUp: true }));
    expect(Math.max(...clock.delays)).toBeLessThanOrEqual(60_000);
    clock.sleep(8 * hour); // asleep from 08:00 to 16:00, through 09:00
    clock.advance(60_000);
    await flush();
    expect(opencode.sends).toHaveLength(1);
    expect(scheduler.list().tasks[0]?.runs[0]?.message).toMatch(/Ran late/);
    expect(scheduler.list().tasks[0]?.nextRunAt).toBe(Date.parse("2026-11-25T09:00:00Z"));
  });

  it("counts a time the app was closed through as missed, once, unless the task catches up", async () => {
    const yesterday = Date.parse("2026-11-22T09:00:00Z"); // two days of times passed while closed
    const missed = setUp([kept({ nextRunAt: yesterday })]);
    await flush();
    expect(missed.opencode.sends).toEqual([]);
    expect(missed.scheduler.list().tasks[0]?.runs).toEqual([
      expect.objectContaining({ outcome: "missed", scheduledFor: yesterday, sessionID: null }),
    ]);
    expect(missed.scheduler.list().tasks[0]?.nextRunAt).toBe(Date.parse("2026-11-24T09:00:00Z"));

    const caught = setUp([kept({ nextRunAt: yesterday, catchUp: true })]);
    await flush();
    expect(caught.opencode.sends).toHaveLength(1);
    expect(caught.scheduler.list().tasks[0]?.runs[0]).toMatchObject({ outcome: "running", scheduledFor: yesterday });
  });

  it("skips a time while the run before it goes on", async () => {
    const { clock, opencode, scheduler } = setUp();
    scheduler.create(settings());
    clock.advance(hour);
    await flush();
    clock.advance(24 * hour);
    await flush();
    expect(opencode.sends).toHaveLength(1);
    const runs = scheduler.list().tasks[0]?.runs ?? [];
    expect(runs.map((r) => r.outcome)).toEqual(["skipped", "running"]);
    expect(runs[0]?.message).toMatch(/run before it had not ended/);
  });

  it("ends a run whose reply never ends after its limit, with a sentence", async () => {
    const { clock, scheduler } = setUp();
    const id = scheduler.create(settings({ when: { kind: "once", at: "2026-11-24T09:00" } })).tasks[0]?.id ?? "";
    clock.advance(hour);
    await flush();
    clock.advance(26 * hour);
    await scheduler.settled();
    const run = scheduler.list().tasks.find((t) => t.id === id)?.runs[0];
    expect(run).toMatchObject({ outcome: "failed", sessionID: "ses_1" });
    expect(run?.message).toMatch(/had not ended after 26 h/);
    expect(scheduler.list().tasks[0]?.nextRunAt).toBeNull(); // a once runs once
  });

  it("fails a run with OpenCode's error, or the reason OpenCode is not running", async () => {
    const { opencode, scheduler } = setUp();
    const id = scheduler.create(settings()).tasks[0]?.id ?? "";
    scheduler.runNow(id);
    await flush();
    opencode.emit("ses_1", {
      type: "session.error",
      sessionID: "ses_1",
      error: { name: "ProviderAuthError", message: "The key was refused." },
    });
    await scheduler.settled();
    expect(scheduler.list().tasks[0]?.runs[0]).toMatchObject({ outcome: "failed", message: "The key was refused." });

    // Stopped in the chat: opencode marks the message aborted and sends no session.error.
    scheduler.runNow(id);
    await flush();
    const aborted = { role: "assistant", error: { name: "MessageAbortedError", message: "Aborted" } };
    opencode.emit("ses_2", { type: "message.updated", sessionID: "ses_2", message: aborted } as unknown as ChatEvent);
    opencode.finish("ses_2");
    await scheduler.settled();
    expect(scheduler.list().tasks[0]?.runs[0]).toMatchObject({
      outcome: "failed",
      message: "Stopped from the chat before the reply ended.",
    });

    opencode.notRunning = "OpenCode is stopped. Start it from the tray.";
    scheduler.runNow(id);
    await scheduler.settled();
    expect(scheduler.list().tasks[0]?.runs[0]).toMatchObject({
      outcome: "failed",
      sessionID: null,
      message: "OpenCode is stopped. Start it from the tray.",
    });
    expect(opencode.sends).toHaveLength(2);
  });

  it("fails a run whose chat OpenCode never makes, after the call's limit", async () => {
    const { clock, opencode, scheduler } = setUp();
    const id = scheduler.create(settings()).tasks[0]?.id ?? "";
    opencode.hangs = true;
    scheduler.runNow(id);
    await flush();
    clock.advance(120_000);
    await scheduler.settled();
    expect(scheduler.list().tasks[0]?.runs[0]).toMatchObject({
      outcome: "failed",
      sessionID: null,
      message: "The chat could not be made: OpenCode did not answer within 120 s.",
    });
  });

  it("keeps a once that has run when it is renamed, and refuses to set it to run in the past", async () => {
    const { clock, scheduler } = setUp();
    const once = settings({ when: { kind: "once", at: "2026-11-24T09:00" } });
    const id = scheduler.create(once).tasks[0]?.id ?? "";
    clock.advance(2 * hour);
    await flush();
    expect(scheduler.update(id, { ...once, name: "Renamed" }).tasks[0]).toMatchObject({
      name: "Renamed",
      nextRunAt: null,
    });
    expect(() => scheduler.update(id, { ...once, when: { kind: "once", at: "2026-11-24T09:30" } })).toThrow(
      /That time has passed/,
    );
  });

  it("takes an idle chat for the end only once the run's reply was seen", async () => {
    const { opencode, scheduler } = setUp();
    const id = scheduler.create(settings()).tasks[0]?.id ?? "";
    scheduler.runNow(id);
    await flush();
    opencode.emit("ses_1", {
      type: "session.status",
      sessionID: "ses_1",
      status: "idle",
      attempt: null,
      message: null,
    });
    await flush();
    expect(scheduler.list().tasks[0]?.runs[0]?.outcome).toBe("running");
    opencode.finish("ses_1");
    await scheduler.settled();
    expect(scheduler.list().tasks[0]?.runs[0]?.outcome).toBe("finished");
  });

  it("refuses Run now while the task's run goes on", async () => {
    const { scheduler } = setUp();
    const id = scheduler.create(settings()).tasks[0]?.id ?? "";
    scheduler.runNow(id);
    expect(() => scheduler.runNow(id)).toThrow(expect.objectContaining({ httpStatus: 409, code: "schedule_running" }));
  });

  it("marks a run the app closed during as failed when it starts again", () => {
    const running = {
      scheduledFor: null,
      startedAt: start - hour,
      endedAt: null,
      outcome: "running" as const,
      sessionID: "ses_9",
      message: null,
    };
    const { scheduler, store } = setUp([kept({ runs: [running] })]);
    expect(scheduler.list().tasks[0]?.runs[0]).toMatchObject({ outcome: "failed", sessionID: "ses_9" });
    expect(scheduler.list().tasks[0]?.runs[0]?.message).toMatch(/app closed during this run/);
    expect(store.saved?.[0]?.runs[0]?.outcome).toBe("failed");
  });

  it("refuses a bad schedule or an unknown project with a sentence, and changes nothing", () => {
    const { scheduler, store } = setUp();
    const refusal = (change: Partial<ScheduleSettings>) => {
      try {
        scheduler.create(settings(change));
      } catch (error) {
        expect(error).toBeInstanceOf(ApiRefusal);
        return `${(error as ApiRefusal).httpStatus} ${(error as Error).message}`;
      }
      return "saved";
    };
    expect(refusal({ when: { kind: "cron", expression: "* * * * *" } })).toMatch(/^400 Runs would come less than 5/);
    expect(refusal({ when: { kind: "once", at: "2026-11-24T07:00" } })).toMatch(/^400 That time has passed/);
    expect(refusal({ timeZone: "Nowhere/Else" })).toMatch(/^400 "Nowhere\/Else" is not a time zone/);
    expect(refusal({ projectId: "gone" })).toMatch(/^404 That project is not in the list/);
    expect(scheduler.list().tasks).toEqual([]);
    expect(store.saved).toBeNull();
  });

  it("changes nothing when the file cannot be written, and says so", () => {
    const { scheduler, store } = setUp();
    const id = scheduler.create(settings()).tasks[0]?.id ?? "";
    store.failing = true;
    expect(() => scheduler.update(id, settings({ name: "Renamed" }))).toThrow(/could not be saved: ENOSPC/);
    expect(() => scheduler.remove(id)).toThrow(/could not be saved/);
    expect(scheduler.list().tasks.map((t) => t.name)).toEqual(["Digest"]);
  });

  it("shows a kept task it cannot read with why, never runs it, and keeps the others' times", async () => {
    const past = start - hour; // a time kept in the file (hand-edited, or a zone the computer lost)
    const { clock, opencode, scheduler } = setUp([
      kept({ timeZone: "Atlantis/Capital", nextRunAt: past }),
      kept({ id: "t2", name: "Fine", nextRunAt: null }),
    ]);
    clock.advance(48 * hour);
    await flush();
    const [lost, fine] = scheduler.list().tasks;
    expect(lost).toMatchObject({ nextRunAt: past, runs: [] });
    expect(lost?.problem).toMatch(/"Atlantis\/Capital" is not a time zone/);
    expect(() => scheduler.runNow("t1")).toThrow(/is not a time zone .* Edit the task to fix it/);
    expect(opencode.sends.map((s) => s.title)).toEqual(["Fine · 2026-11-24 09:00"]);
    expect(fine?.runs.map((r) => r.outcome)).toEqual(["skipped", "running"]);
  });

  it("says a run waits for the user's answer while it does", async () => {
    const { opencode, scheduler } = setUp();
    const id = scheduler.create(settings()).tasks[0]?.id ?? "";
    scheduler.runNow(id);
    await flush();
    const permission = {
      id: "per_1",
      sessionID: "ses_1",
      permission: "bash",
      patterns: ["ls"],
      always: [],
      metadata: {},
    };
    opencode.emit("ses_1", { type: "permission.asked", sessionID: "ses_1", permission } as unknown as ChatEvent);
    expect(scheduler.list().tasks[0]?.runs[0]?.message).toBe("Waiting for your answer in its chat.");
    opencode.emit("ses_1", { type: "permission.replied", sessionID: "ses_1", permissionID: "per_1", response: "once" });
    expect(scheduler.list().tasks[0]?.runs[0]?.message).toBeNull();
  });

  it("counts times skipped in a row as one record, and never drops the run still going", async () => {
    const { clock, scheduler } = setUp();
    scheduler.create(settings());
    clock.advance(hour);
    await flush();
    clock.advance(15 * 24 * hour); // fifteen more 09:00s while the first run has not ended
    const runs = scheduler.list().tasks[0]?.runs ?? [];
    expect(runs.map((r) => r.outcome)).toEqual(["skipped", "running"]);
    expect(runs[0]?.message).toBe("Not run 15 times: the run before them had not ended.");
  });

  it("keeps a task's folder when its project has left the recent list", () => {
    const { scheduler } = setUp([kept({ folder: "/old/project" })]);
    const [task] = scheduler.list().tasks;
    expect(task?.projectId).toBe("other");
    const updated = scheduler.update("t1", settings({ projectId: "other", name: "Still there" })).tasks[0];
    expect(updated).toMatchObject({ folder: "/old/project", name: "Still there" });
  });
});

// The scheduled tasks while the backend runs: kept in ScheduleStore, each task's next time worked
// out by scheduleTimes, what a due time means by scheduleDue, a run by scheduleRunner. One timer,
// never longer than a minute, re-reads the wall clock: a computer that slept, or a clock that was
// changed, is noticed within a minute rather than when a long monotonic timer would have fired.
import { randomUUID } from "node:crypto";
import {
  keptRunsPerTask,
  maxScheduledTasks,
  type ScheduledRun,
  type ScheduleSettings,
  type SchedulesResponse,
} from "@turnkey/contracts";
import { ApiRefusal } from "../apiError.ts";
import type { SetTimer } from "../callWithin.ts";
import { type Due, whatIsDue } from "./scheduleDue.ts";
import { defaultRunLimits, type RunLimits, type RunTarget, runScheduledTask } from "./scheduleRunner.ts";
import type { StoredTask } from "./scheduleStore.ts";
import { nextOccurrence, scheduleProblem, scheduleUnreadable, titleStamp } from "./scheduleTimes.ts";

/** The longest the scheduler sleeps before looking at the wall clock again. */
export const maxTimerMs = 60_000;

export interface SchedulerDeps {
  store: { load(): { tasks: StoredTask[]; problem: string | null }; save(tasks: StoredTask[]): void };
  now: () => number;
  setTimer: SetTimer;
  target: RunTarget;
  /** A listed project's folder, or null. */
  folderOf: (projectId: string) => string | null;
  /** The project id a folder has (stable: derived from the path). */
  projectIdOf: (folder: string) => string;
  log: (message: string) => void;
  limits?: RunLimits;
}

const closedDuringRun = "The app closed during this run. Open the chat to see how far it got.";
const lateRun = "Ran late: the app was closed, or the computer asleep, at its time.";
const missedRun = "Not run: the app was closed, or the computer asleep, at its time.";
const skippedRun = "Not run: the run before it had not ended.";

export class Scheduler {
  private readonly tasks: StoredTask[];
  private readonly fileProblem: string | null;
  /** Task id → its run under way. */
  private readonly running = new Map<string, Promise<void>>();
  private readonly listeners = new Set<(response: SchedulesResponse) => void>();
  /** Task id → why its schedule cannot run, worked out when it is loaded or saved (not per list). */
  private readonly problems = new Map<string, string | null>();
  private cancelTimer: () => void = () => undefined;
  private closed = false;

  constructor(private readonly deps: SchedulerDeps) {
    const loaded = deps.store.load();
    this.tasks = loaded.tasks;
    this.fileProblem = loaded.problem;
    let changed = false;
    for (const task of this.tasks) {
      this.problems.set(task.id, this.problemOf(task));
      for (const run of task.runs) {
        if (run.outcome !== "running") continue;
        Object.assign(run, { outcome: "failed", endedAt: deps.now(), message: closedDuringRun });
        changed = true;
      }
      // A stored next time, even long past, is kept: the first tick counts it missed or late.
      if (task.enabled && task.nextRunAt === null && !this.problems.get(task.id)) {
        task.nextRunAt = this.next(task, deps.now());
        changed = task.nextRunAt !== null || changed;
      }
    }
    if (changed) this.persist();
    this.tick();
  }

  list(): SchedulesResponse {
    return {
      tasks: this.tasks.map((task) => ({
        ...task,
        projectId: this.deps.projectIdOf(task.folder),
        problem: this.problems.get(task.id) ?? null,
      })),
      fileProblem: this.fileProblem,
    };
  }

  onChange(listener: (response: SchedulesResponse) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  create(settings: ScheduleSettings): SchedulesResponse {
    if (this.tasks.length >= maxScheduledTasks) {
      throw new ApiRefusal(400, "invalid_request", `There are already ${maxScheduledTasks} tasks. Remove one first.`);
    }
    const folder = this.folderFor(settings.projectId, null);
    this.check(settings);
    const now = this.deps.now();
    const task: StoredTask = { ...settings, id: randomUUID(), createdAt: now, folder, nextRunAt: null, runs: [] };
    task.nextRunAt = task.enabled ? this.next(task, now) : null;
    return this.commit([...this.tasks, task], task);
  }

  update(id: string, settings: ScheduleSettings): SchedulesResponse {
    const task = this.find(id);
    const folder = this.folderFor(settings.projectId, task);
    this.check(settings, task);
    // A copy until saved; it shares the runs, so a run under way still records its end in it.
    const changed: StoredTask = { ...task, ...settings, folder };
    changed.nextRunAt = changed.enabled ? this.next(changed, this.deps.now()) : null;
    return this.commit(
      this.tasks.map((t) => (t === task ? changed : t)),
      changed,
    );
  }

  /** The task goes; a run under way goes on in its chat, which stays. */
  remove(id: string): SchedulesResponse {
    const task = this.find(id);
    return this.commit(this.tasks.filter((t) => t !== task));
  }

  runNow(id: string): SchedulesResponse {
    const task = this.find(id);
    const problem = this.problems.get(id);
    if (problem) throw new ApiRefusal(400, "invalid_request", `${problem} Edit the task to fix it.`);
    if (this.running.has(id)) {
      throw new ApiRefusal(
        409,
        "schedule_running",
        `"${task.name}" is running now. Wait for it to end, or stop it in its chat.`,
      );
    }
    this.start(task, null, null);
    return this.changed();
  }

  /** Resolves when no run is under way (tests, and close). */
  async settled(): Promise<void> {
    while (this.running.size > 0) await Promise.all(this.running.values());
  }

  close(): void {
    this.closed = true;
    this.cancelTimer();
  }

  private find(id: string): StoredTask {
    const task = this.tasks.find((t) => t.id === id);
    if (!task)
      throw new ApiRefusal(
        404,
        "schedule_not_found",
        "That scheduled task is not there any more. It may have been removed in another window.",
      );
    return task;
  }

  /** The project's folder; a task keeps its own when its project has fallen off the recent list. */
  private folderFor(projectId: string, task: StoredTask | null): string {
    if (task && this.deps.projectIdOf(task.folder) === projectId) return task.folder;
    const folder = this.deps.folderOf(projectId);
    if (!folder) throw new ApiRefusal(404, "not_found", "That project is not in the list. Open its folder again.");
    return folder;
  }

  /** A passed once may be kept (turned off, or renamed after it ran), not set to run again. */
  private check(settings: ScheduleSettings, kept?: StoredTask): void {
    const problem = scheduleProblem(settings.when, settings.timeZone, this.deps.now());
    if (!problem) return;
    const sameTime =
      kept && JSON.stringify([kept.when, kept.timeZone]) === JSON.stringify([settings.when, settings.timeZone]);
    const passedOnce = settings.when.kind === "once" && /has passed/.test(problem);
    if (passedOnce && (!settings.enabled || sameTime)) return;
    throw new ApiRefusal(400, "invalid_request", problem);
  }

  /** What keeps a kept task from running: a time zone this computer no longer knows, say. */
  private problemOf(task: StoredTask): string | null {
    return scheduleUnreadable(task.when, task.timeZone);
  }

  private next(task: StoredTask, afterMs: number): number | null {
    try {
      return nextOccurrence(task.when, task.timeZone, afterMs);
    } catch {
      return null; // shown as the task's problem
    }
  }

  private tick(): void {
    if (this.closed) return;
    const now = this.deps.now();
    let changed = false;
    try {
      for (const task of this.tasks) {
        // A task it cannot read (a zone this computer lost) never comes due: its row says why.
        if (this.problems.get(task.id)) continue;
        const due: Due = whatIsDue({ ...task, running: this.running.has(task.id), nowMs: now });
        if (due.kind === "none") continue;
        changed = true;
        task.nextRunAt = this.next(task, now);
        if (due.kind === "run") this.start(task, due.scheduledFor, due.late ? lateRun : null);
        else if (due.kind === "missed") this.record(task, this.ended(due.scheduledFor, "missed", missedRun));
        else this.recordSkip(task, due.scheduledFor);
      }
      if (changed) this.changed();
    } catch (error) {
      this.deps.log(`The scheduled tasks could not be checked: ${(error as Error).stack}`);
    } finally {
      this.arm(); // whatever happened to one task, the others keep their times
    }
  }

  private arm(): void {
    this.cancelTimer();
    if (this.closed) return;
    const times = this.tasks
      .filter((t) => t.enabled && t.nextRunAt !== null && !this.problems.get(t.id))
      .map((t) => t.nextRunAt as number);
    if (times.length === 0) {
      this.cancelTimer = () => undefined;
      return;
    }
    const wait = Math.min(Math.max(Math.min(...times) - this.deps.now(), 0), maxTimerMs);
    this.cancelTimer = this.deps.setTimer(() => this.tick(), wait);
  }

  private newRun(scheduledFor: number | null, message: string | null): ScheduledRun {
    return { scheduledFor, startedAt: this.deps.now(), endedAt: null, outcome: "running", sessionID: null, message };
  }

  private ended(scheduledFor: number, outcome: "missed" | "skipped", message: string): ScheduledRun {
    return { ...this.newRun(scheduledFor, message), outcome, endedAt: this.deps.now() };
  }

  /** The newest first, at most keptRunsPerTask; a run still going is never the one dropped. */
  private record(task: StoredTask, run: ScheduledRun): void {
    task.runs.unshift(run);
    while (task.runs.length > keptRunsPerTask) {
      task.runs.splice(
        task.runs.findLastIndex((r) => r.outcome !== "running"),
        1,
      );
    }
  }

  /** Times skipped one after another while one run goes on are one record, counted. */
  private recordSkip(task: StoredTask, scheduledFor: number): void {
    const [newest] = task.runs;
    if (newest?.outcome !== "skipped") {
      this.record(task, this.ended(scheduledFor, "skipped", skippedRun));
      return;
    }
    const count = Number(/^Not run (\d+) times/.exec(newest.message ?? "")?.[1] ?? 1) + 1;
    Object.assign(newest, {
      scheduledFor,
      endedAt: this.deps.now(),
      message: `Not run ${count} times: the run before them had not ended.`,
    });
  }

  private start(task: StoredTask, scheduledFor: number | null, note: string | null): void {
    const run = this.newRun(scheduledFor, note);
    const request = {
      folder: task.folder,
      title: `${task.name} · ${titleStamp(scheduledFor ?? run.startedAt, task.timeZone)}`,
      prompt: task.prompt,
      model: task.model,
      agent: task.agent,
      allow: task.allow,
    };
    this.record(task, run);
    const progress = {
      started: (sessionID: string) => {
        run.sessionID = sessionID;
        this.changed();
      },
      waiting: (waiting: string | null) => {
        const message = [note, waiting].filter(Boolean).join(" ") || null;
        if (message === run.message) return;
        run.message = message;
        this.changed();
      },
    };
    const limits = this.deps.limits ?? defaultRunLimits;
    const done = runScheduledTask(request, this.deps.target, progress, this.deps.setTimer, limits)
      .catch((error: unknown) => ({ outcome: "failed" as const, message: (error as Error).message }))
      .then((end) => {
        const message = [note, end.message].filter(Boolean).join(" ") || null;
        Object.assign(run, { outcome: end.outcome, endedAt: this.deps.now(), message });
        this.deps.log(`Scheduled task "${task.name}" ${end.outcome}${end.message ? `: ${end.message}` : ""}`);
        this.running.delete(task.id);
        if (!this.closed) this.changed();
      });
    this.running.set(task.id, done);
  }

  /** A change the user asked for: saved first, so a failed write changes nothing and says so. */
  private commit(next: StoredTask[], saved?: StoredTask): SchedulesResponse {
    try {
      this.deps.store.save(next);
    } catch (error) {
      throw new ApiRefusal(500, "internal_error", `The task could not be saved: ${(error as Error).message}`);
    }
    this.tasks.splice(0, this.tasks.length, ...next);
    if (saved) this.problems.set(saved.id, this.problemOf(saved));
    const response = this.announce();
    this.arm();
    return response;
  }

  private persist(): void {
    try {
      this.deps.store.save(this.tasks);
    } catch (error) {
      this.deps.log(`The scheduled tasks could not be saved: ${(error as Error).message}`);
    }
  }

  private changed(): SchedulesResponse {
    this.persist();
    return this.announce();
  }

  private announce(): SchedulesResponse {
    const response = this.list();
    for (const listener of this.listeners) listener(response);
    return response;
  }
}

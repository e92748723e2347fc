// The goals while the backend runs: one per chat, kept in goals.json, each moved by goalSteps.ts
// from what its chat's events say (read by goalChatEvents.ts: a reply started, ended, failed,
// waits for an answer) and from what its check answered. The keeper does the work the steps ask for: runs the check (goalCheck),
// sends a turn (through the same services the windows and the scheduled tasks use), stops a reply.
// Every call has a deadline: a turn's send the route call time, a reply `replyMs`, a check its own
// minutes; none leaves a goal "working" or "checking" for ever.
import {
  asSentence,
  formatDuration,
  type Goal,
  type GoalCheck,
  type GoalSettings,
  type GoalsResponse,
  goalEnded,
} from "@turnkey/contracts";
import { ApiRefusal } from "../apiError.ts";
import { lateSend, type SetTimer, within } from "../callWithin.ts";
import type { RunTarget } from "../schedules/scheduleRunner.ts";
import { noReply, type ReplyState, readChatEvent } from "./goalChatEvents.ts";
import type { RunCheck } from "./goalCheck.ts";
import { firstPrompt, type GoalEvent, type GoalWork, goalStep } from "./goalSteps.ts";

/** The most goals kept: one per chat; the oldest ended ones go first. */
export const maxGoalsKept = 200;

export interface GoalLimits {
  /** How long OpenCode may take to take a prompt. */
  callMs: number;
  /** How long a reply may take before the goal stops waiting for it and pauses. */
  replyMs: number;
}

export const defaultGoalLimits: GoalLimits = { callMs: 2 * 60_000, replyMs: 6 * 60 * 60_000 };

export interface GoalKeeperDeps {
  store: { load(): { items: Goal[]; problem: string | null }; save(goals: Goal[]): void };
  now: () => number;
  setTimer: SetTimer;
  target: Pick<RunTarget, "send" | "onSessionEvent">;
  /** Stops the reply going in a chat (the user paused the goal). */
  stopReply: (sessionID: string) => Promise<void>;
  runCheck: RunCheck;
  /** The chat's project folder, where its check runs, and its project; throws a refusal when it has none. */
  placeOf: (sessionID: string) => Promise<{ folder: string; projectId: string }>;
  log: (message: string) => void;
  limits?: GoalLimits;
}

/** What the keeper knows of a goal's chat beyond the goal itself. */
interface Watch {
  off: () => void;
  reply: ReplyState;
  /** A stop of the reply is on its way (one at a time). */
  stopping: boolean;
  check: AbortController | null;
  /** The check last started, until it has ended (a cancelled one is waited for before the next). */
  checkRun: Promise<void>;
  cancelReplyTimer: () => void;
}

export class GoalKeeper {
  private readonly goals = new Map<string, Goal>();
  private readonly watches = new Map<string, Watch>();
  private readonly listeners = new Set<(response: GoalsResponse) => void>();
  /** Chats whose goal is being started (between the request and the first prompt taken). */
  private readonly starting = new Set<string>();
  private readonly limits: GoalLimits;
  private closed = false;

  constructor(private readonly deps: GoalKeeperDeps) {
    this.limits = deps.limits ?? defaultGoalLimits;
    const loaded = deps.store.load();
    if (loaded.problem) deps.log(loaded.problem);
    // A goal going when the app closed is paused (a step with no work), all of them in one write.
    let paused = false;
    for (const goal of loaded.items) {
      const step = goalStep(goal, { type: "restarted" }, deps.now());
      this.goals.set(goal.sessionID, step.goal);
      paused ||= step.goal !== goal;
      if (!goalEnded(goal.status)) this.watch(goal.sessionID);
    }
    if (paused) this.saveOrLog();
  }

  list(): GoalsResponse {
    return { goals: [...this.goals.values()] };
  }

  onChange(listener: (response: GoalsResponse) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Starts a goal in a chat: the task goes as its next prompt, and once OpenCode took it the goal
   * is kept and answered. A prompt OpenCode refuses (a folder not trusted) is the answer, and no
   * goal is left behind.
   */
  async start(sessionID: string, settings: GoalSettings): Promise<Goal> {
    const earlier = this.goals.get(sessionID);
    // Claimed before the first await: two starts at once (two windows, a retry) send the task once.
    if ((earlier && !goalEnded(earlier.status)) || this.starting.has(sessionID))
      throw new ApiRefusal(
        409,
        "goal_exists",
        "This chat already has a goal. End it (or let it finish) before starting another.",
      );
    const going = [...this.goals.values()].filter((g) => !goalEnded(g.status)).length;
    if (going >= maxGoalsKept)
      throw new ApiRefusal(
        400,
        "invalid_request",
        `${maxGoalsKept} goals are going or paused. End some in their chats first.`,
      );
    this.starting.add(sessionID);
    try {
      return await this.startClaimed(sessionID, settings, earlier);
    } finally {
      this.starting.delete(sessionID);
    }
  }

  private async startClaimed(sessionID: string, settings: GoalSettings, earlier: Goal | undefined): Promise<Goal> {
    const goal: Goal = {
      ...settings,
      sessionID,
      ...(await this.deps.placeOf(sessionID)),
      status: "working",
      turns: 0,
      checksRun: 0,
      lastCheck: null,
      note: null,
      startedAt: this.deps.now(),
      endedAt: null,
    };
    this.save(this.withGoal(goal));
    this.goals.set(sessionID, goal);
    this.watch(sessionID);
    this.changed();
    try {
      await this.sendTurn(goal, firstPrompt(goal));
    } catch (error) {
      this.unwatch(sessionID);
      if (earlier) this.goals.set(sessionID, earlier);
      else this.goals.delete(sessionID);
      this.saveOrLog();
      this.changed();
      throw error;
    }
    const now = this.goals.get(sessionID);
    if (!now || now.startedAt !== goal.startedAt)
      throw new ApiRefusal(409, "goal_ended", "The goal was ended while its task was being sent.");
    return now;
  }

  pause(sessionID: string): Goal {
    this.mustGo(sessionID);
    return this.dispatch(sessionID, { type: "pause" }) ?? this.find(sessionID);
  }

  resume(sessionID: string): Goal {
    this.mustGo(sessionID);
    const watch = this.watches.get(sessionID);
    if (watch) watch.reply = { ...watch.reply, stopWanted: false };
    const replying = watch?.reply.replying ?? false;
    return this.dispatch(sessionID, { type: "resume", replying }) ?? this.find(sessionID);
  }

  /** Ends and forgets the chat's goal (a check running is stopped; a reply going is left to the chat). */
  remove(sessionID: string): GoalsResponse {
    this.find(sessionID);
    this.save([...this.goals.values()].filter((goal) => goal.sessionID !== sessionID));
    this.goals.delete(sessionID);
    this.unwatch(sessionID);
    this.changed();
    return this.list();
  }

  close(): void {
    this.closed = true;
    for (const sessionID of [...this.watches.keys()]) this.unwatch(sessionID);
  }

  private find(sessionID: string): Goal {
    const goal = this.goals.get(sessionID);
    if (!goal) throw new ApiRefusal(404, "goal_not_found", "This chat has no goal.");
    return goal;
  }

  private mustGo(sessionID: string): void {
    if (goalEnded(this.find(sessionID).status))
      throw new ApiRefusal(409, "goal_ended", "This goal has ended. Start a new one to go on.");
  }

  /** The goals with `goal` in its chat's place, the oldest ended ones dropped past maxGoalsKept. */
  private withGoal(goal: Goal): Goal[] {
    const others = [...this.goals.values()].filter((g) => g.sessionID !== goal.sessionID);
    const ended = others.filter((g) => goalEnded(g.status)).sort((a, b) => (a.endedAt ?? 0) - (b.endedAt ?? 0));
    const over = others.length + 1 - maxGoalsKept;
    const dropped = new Set(over > 0 ? ended.slice(0, over).map((g) => g.sessionID) : []);
    for (const sessionID of dropped) this.goals.delete(sessionID);
    return [...others.filter((g) => !dropped.has(g.sessionID)), goal];
  }

  private save(goals: Goal[]): void {
    try {
      this.deps.store.save(goals);
    } catch (error) {
      throw new ApiRefusal(500, "internal_error", `The goal could not be saved: ${(error as Error).message}`);
    }
  }

  /** A change the chat made (not a request): kept if it can be; a failed write is logged. */
  private saveOrLog(): void {
    try {
      this.deps.store.save([...this.goals.values()]);
    } catch (error) {
      this.deps.log(`The goals could not be saved: ${(error as Error).message}`);
    }
  }

  private changed(): void {
    const response = this.list();
    for (const listener of this.listeners) listener(response);
  }

  /** Moves the chat's goal by `event` and starts the work the step asks for; null when it has none. */
  private dispatch(sessionID: string, event: GoalEvent): Goal | null {
    const goal = this.goals.get(sessionID);
    if (!goal || this.closed) return null;
    const step = goalStep(goal, event, this.deps.now());
    if (step.goal !== goal) {
      this.goals.set(sessionID, step.goal);
      this.saveOrLog();
      this.changed();
    }
    // Every way into "working" (a turn sent, the user's own message during the check, Resume while
    // a reply goes on) waits for that reply's end with the same deadline.
    if (step.goal.status === "working" && goal.status !== "working") this.armReplyDeadline(sessionID);
    for (const work of step.work) this.perform(step.goal, work);
    return step.goal;
  }

  private perform(goal: Goal, work: GoalWork): void {
    const watch = this.watches.get(goal.sessionID);
    if (!watch) return;
    switch (work.type) {
      case "runCheck": {
        watch.check?.abort();
        const controller = new AbortController();
        watch.check = controller;
        // A check cancelled just before is ended first: two test runs in one folder clash (ports, locks).
        const run = watch.checkRun.then(() =>
          this.deps.runCheck({
            check: goal.check,
            folder: goal.folder,
            minutes: goal.checkMinutes,
            signal: controller.signal,
          }),
        );
        watch.checkRun = run.then(
          () => undefined,
          () => undefined,
        );
        void run
          .catch((error: unknown): GoalCheck => {
            this.deps.log(`A goal's check failed to run: ${(error as Error).stack}`);
            const now = this.deps.now();
            const problem = `the check could not be run (${(error as Error).message}).`;
            return { startedAt: now, endedAt: now, exitCode: null, timedOut: false, output: "", problem };
          })
          .then((check) => {
            if (watch.check === controller) watch.check = null;
            this.dispatch(goal.sessionID, { type: "checkEnded", serial: work.serial, check });
          });
        return;
      }
      case "cancelCheck":
        watch.check?.abort();
        watch.check = null;
        return;
      case "send":
        this.sendTurn(goal, work.prompt).catch((error: unknown) => {
          const said = (error as Error).message;
          const message = said.startsWith("OpenCode did not answer")
            ? said
            : `OpenCode did not take the next turn: ${said}`;
          this.dispatch(goal.sessionID, { type: "sendFailed", message: asSentence(message) });
        });
        return;
      case "stopReply":
        this.stopReply(goal.sessionID);
        return;
    }
  }

  /** Sends a turn; the reply's end is then waited for, up to replyMs. Rejects when OpenCode did not take it. */
  private async sendTurn(goal: Goal, prompt: string): Promise<void> {
    const watch = this.watches.get(goal.sessionID);
    if (!watch) return;
    watch.reply = { ...watch.reply, replySeen: false };
    // A turn after a failed check entered "working" through dispatch, which armed the deadline;
    // the first turn's goal was made working, so it is armed here.
    if (goal.turns === 0) this.armReplyDeadline(goal.sessionID);
    const late = lateSend(this.limits.callMs);
    const choice = { model: goal.model, agent: goal.agent };
    try {
      await within(
        (signal) => this.deps.target.send(goal.sessionID, prompt, choice, signal),
        this.limits.callMs,
        this.deps.setTimer,
        late,
      );
    } catch (error) {
      watch.cancelReplyTimer();
      throw error;
    }
    // Paused while the turn was on its way: OpenCode took it after the Pause's stop, so it is stopped now.
    if (this.goals.get(goal.sessionID)?.status === "paused") this.stopReply(goal.sessionID);
  }

  /** The reply the goal waits for must end within replyMs, or the goal pauses and says so. */
  private armReplyDeadline(sessionID: string): void {
    const watch = this.watches.get(sessionID);
    if (!watch) return;
    watch.cancelReplyTimer();
    watch.cancelReplyTimer = this.deps.setTimer(() => {
      this.dispatch(sessionID, {
        type: "replyFailed",
        message: `it had not ended after ${formatDuration(this.limits.replyMs)}, so the goal stopped waiting for it.`,
        stoppedByUser: false,
      });
    }, this.limits.replyMs);
  }

  private stopReply(sessionID: string): void {
    const watch = this.watches.get(sessionID);
    if (!watch || watch.stopping) return;
    watch.reply = { ...watch.reply, stopWanted: true };
    watch.stopping = true;
    this.deps
      .stopReply(sessionID)
      .catch((error: unknown) => {
        this.deps.log(`A paused goal's reply could not be stopped: ${(error as Error).message}`);
      })
      .finally(() => {
        watch.stopping = false;
      });
  }

  /** The reply showed life while the goal is paused by the user: stopped again (see stopWanted). */
  private stopAgainIfWanted(sessionID: string, watch: Watch): void {
    if (watch.reply.stopWanted && this.goals.get(sessionID)?.status === "paused") this.stopReply(sessionID);
  }

  private watch(sessionID: string): void {
    if (this.watches.has(sessionID)) return;
    const watch: Watch = {
      off: () => undefined,
      reply: noReply,
      stopping: false,
      check: null,
      checkRun: Promise.resolve(),
      cancelReplyTimer: () => undefined,
    };
    this.watches.set(sessionID, watch);
    watch.off = this.deps.target.onSessionEvent(sessionID, (event) => {
      const reading = readChatEvent(watch.reply, event);
      watch.reply = reading.state;
      if (reading.replyOver) watch.cancelReplyTimer();
      if (reading.event) this.dispatch(sessionID, reading.event);
      if (reading.alive) this.stopAgainIfWanted(sessionID, watch);
    });
  }

  private unwatch(sessionID: string): void {
    const watch = this.watches.get(sessionID);
    if (!watch) return;
    watch.off();
    watch.check?.abort();
    watch.cancelReplyTimer();
    this.watches.delete(sessionID);
  }
}

// The sidecar lifecycle as a pure reducer: (model, event, env) → (model, effects). Every rule of
// start, readiness, liveness, backoff and stop lives here, so it is tested as a table without
// processes or timers; the supervisor executes the effects and feeds their outcomes back.
import {
  asSentence,
  type BinaryInfo,
  canStart,
  formatDuration,
  type HealthResult,
  isLive,
  type PreparingStatus,
  type SidecarError,
  type SidecarExit,
  type SidecarState,
} from "@turnkey/contracts";
import { nextStep } from "./nextStep.ts";
import { backoffDelayMs, type LifecycleConfig } from "./policy.ts";

export interface LifecycleModel {
  phase: SidecarState;
  /**
   * Incremented for each start attempt. Every outcome carries the attempt that produced it: an
   * outcome of an older attempt never drives the phase, but a process it started is still
   * tracked (and killed), and a spawn it owed is still accounted for.
   */
  gen: number;
  /** The attempt whose binary is being prepared (resolve, provision, verify), and how far it got. */
  preparingGen: number | null;
  preparing: PreparingStatus | null;
  /** The attempt whose binary is prepared (in `binary`) and may be spawned. */
  preparedGen: number | null;
  /** The last attempt a spawn was asked for: each attempt spawns at most once. */
  launchedGen: number | null;
  /** The live (or not yet reaped) process tree of attempt `pidGen`, which may be an old attempt. */
  pid: number | null;
  pidGen: number | null;
  /** A spawn effect is under way for this attempt and its outcome is not known yet. */
  spawningGen: number | null;
  /** A tree kill is under way for this attempt. */
  killingGen: number | null;
  /** Pids the last tree kill could not end: shown, logged, and left in the orphan record. */
  survivors: number[];
  /** What a stop does once the tree is gone: rest, or start again (a restart). */
  afterStop: "rest" | "start";
  port: number | null;
  url: string | null;
  version: string | null;
  binary: BinaryInfo | null;
  startedAt: number | null;
  readyAt: number | null;
  restarts: number;
  failedStarts: number;
  backoffAttempt: number;
  nextRestartAt: number | null;
  lastExit: SidecarExit | null;
  error: SidecarError | null;
  health: HealthResult | null;
}

export const initialModel: LifecycleModel = {
  phase: "stopped",
  gen: 0,
  preparingGen: null,
  preparing: null,
  preparedGen: null,
  launchedGen: null,
  pid: null,
  pidGen: null,
  spawningGen: null,
  killingGen: null,
  survivors: [],
  afterStop: "rest",
  port: null,
  url: null,
  version: null,
  binary: null,
  startedAt: null,
  readyAt: null,
  restarts: 0,
  failedStarts: 0,
  backoffAttempt: 0,
  nextRestartAt: null,
  lastExit: null,
  error: null,
  health: null,
};

export type TimerKey = "prepare" | "startup" | "probe" | "stable" | "backoff";
const allTimers: TimerKey[] = ["prepare", "backoff", "probe", "stable", "startup"];

export type LifecycleEvent =
  | { type: "start" }
  | { type: "stop" }
  | { type: "restart" }
  | { type: "prepare_progress"; gen: number; progress: number | null; message: string }
  | { type: "prepared"; gen: number; binary: BinaryInfo }
  | { type: "prepare_failed"; gen: number; error: SidecarError }
  | { type: "spawned"; gen: number; pid: number; binary: BinaryInfo }
  | { type: "spawn_failed"; gen: number; error: SidecarError }
  | { type: "listening"; gen: number; url: string; port: number }
  | { type: "ready"; gen: number; version: string | null; latencyMs: number }
  | {
      type: "exited";
      gen: number;
      code: number | null;
      signal: string | null;
      lastOutput: string[];
      /** The cause, when the exit names one (exitCause.ts): shown instead of the generic message. */
      cause?: SidecarError | null;
    }
  | { type: "probed"; gen: number; ok: boolean; latencyMs: number | null }
  | { type: "timer"; key: TimerKey; gen: number; lastOutput: string[] }
  /** `survivors`: pids the kill could not end within its deadline (normally none). */
  | { type: "tree_gone"; gen: number; survivors: number[] };

export type LifecycleEffect =
  | { type: "prepare"; gen: number }
  | { type: "cancel_prepare"; gen: number }
  | { type: "spawn"; gen: number; binary: BinaryInfo }
  | { type: "await_ready"; gen: number; url: string }
  | { type: "probe"; gen: number; url: string }
  | { type: "kill_tree"; gen: number; pid: number; graceful: boolean }
  | { type: "set_timer"; key: TimerKey; gen: number; ms: number }
  | { type: "clear_timers"; keys: TimerKey[] }
  | { type: "log"; message: string };

/** What the reducer may read of the world: the time and one random number in [0, 1). */
export interface LifecycleEnv {
  now: number;
  random: number;
  config: LifecycleConfig;
}

export interface Transition {
  model: LifecycleModel;
  effects: LifecycleEffect[];
}

const alivePhases: ReadonlySet<SidecarState> = new Set(["starting", "running", "degraded"]);

export function transition(model: LifecycleModel, event: LifecycleEvent, env: LifecycleEnv): Transition {
  const step = new Step(model, env);
  step.apply(event);
  step.reconcile();
  return { model: step.model, effects: step.effects };
}

/** One transition under way: the model being built and the effects it asks for. */
class Step {
  model: LifecycleModel;
  effects: LifecycleEffect[] = [];

  constructor(
    model: LifecycleModel,
    private readonly env: LifecycleEnv,
  ) {
    this.model = { ...model };
  }

  private set(patch: Partial<LifecycleModel>): void {
    this.model = { ...this.model, ...patch };
  }

  private emit(effect: LifecycleEffect): void {
    this.effects.push(effect);
  }

  apply(event: LifecycleEvent): void {
    const m = this.model;
    switch (event.type) {
      case "start":
        if (canStart(m.phase)) this.beginManualStart();
        else if (m.phase === "stopping") this.set({ afterStop: "start" });
        return;
      case "restart":
        if (alivePhases.has(m.phase)) this.beginStop("start");
        else if (m.phase === "stopping") this.set({ afterStop: "start" });
        else this.beginManualStart();
        return;
      case "stop":
        if (m.phase === "stopping") this.set({ afterStop: "rest" });
        else if (m.phase !== "stopped") this.beginStop("rest");
        return;
      case "prepare_progress":
        if (event.gen !== m.preparingGen || event.gen !== m.gen) return;
        this.set({ preparing: { progress: event.progress, message: event.message } });
        return;
      case "prepared":
        if (event.gen !== m.preparingGen || event.gen !== m.gen || m.phase !== "starting") return;
        this.emit({ type: "clear_timers", keys: ["prepare"] });
        this.set({ preparingGen: null, preparing: null, preparedGen: event.gen, binary: event.binary });
        return;
      case "prepare_failed":
        if (event.gen !== m.preparingGen || event.gen !== m.gen || m.phase !== "starting") return;
        // A missing or unusable binary does not heal by retrying: it needs the user.
        this.fail(event.error);
        return;
      case "spawned":
        if (event.gen !== m.spawningGen) return; // no spawn of that attempt is outstanding
        // Tracked whatever the attempt: a process of an attempt given up meanwhile is killed by
        // reconcile() as soon as it is known, and its spawn no longer holds anything up.
        this.set({ spawningGen: null, pid: event.pid, pidGen: event.gen });
        if (event.gen === m.gen && m.phase === "starting") {
          this.set({ binary: event.binary });
          this.emit({ type: "log", message: `Started opencode (pid ${event.pid}) from ${event.binary.path}` });
        } else {
          this.emit({
            type: "log",
            message: `opencode (pid ${event.pid}) of start attempt ${event.gen} came up after that attempt was given up; ending it.`,
          });
        }
        return;
      case "spawn_failed":
        if (event.gen !== m.spawningGen) return;
        this.set({ spawningGen: null });
        if (event.gen === m.gen && m.phase === "starting") this.fail(event.error);
        return;
      case "listening":
        if (event.gen !== m.gen || m.phase !== "starting") return;
        this.set({ url: event.url, port: event.port });
        this.emit({ type: "await_ready", gen: event.gen, url: event.url });
        return;
      case "ready":
        if (event.gen !== m.gen || m.phase !== "starting") return;
        this.set({
          phase: "running",
          readyAt: this.env.now,
          version: event.version,
          binary: m.binary ? { ...m.binary, version: event.version } : null,
          error: null,
          nextRestartAt: null,
          health: { ok: true, latencyMs: event.latencyMs, checkedAt: this.env.now, consecutiveFailures: 0 },
        });
        this.emit({ type: "clear_timers", keys: ["startup"] });
        this.emit({ type: "set_timer", key: "probe", gen: m.gen, ms: this.env.config.probeIntervalMs });
        this.emit({ type: "set_timer", key: "stable", gen: m.gen, ms: this.env.config.stableResetMs });
        this.emit({
          type: "log",
          message: `opencode ${event.version ?? "(unknown version)"} is ready on port ${m.port}`,
        });
        return;
      case "exited":
        this.onExit(event);
        return;
      case "probed":
        this.onProbe(event);
        return;
      case "timer":
        this.onTimer(event);
        return;
      case "tree_gone":
        // Only a kill this reducer asked for can report a tree gone.
        if (event.gen !== m.killingGen) return;
        this.set({ killingGen: null, survivors: event.survivors });
        if (event.gen === m.pidGen) this.set({ pid: null, pidGen: null });
        if (event.survivors.length > 0) {
          this.emit({ type: "log", message: survivorsError(event.survivors).message });
        }
        return;
    }
  }

  /** Drive the process facts toward the phase: prepare and spawn when starting, kill what no phase wants, settle. */
  reconcile(): void {
    const m = this.model;
    // A process no phase wants (an attempt given up, or alive past a stop): end it now. Politely
    // only when it is the current attempt's and a person asked for the stop.
    if (m.pid !== null && m.pidGen !== null && m.killingGen === null) {
      if (m.pidGen !== m.gen || !alivePhases.has(m.phase)) {
        this.killTree(m.pidGen, m.pid, m.phase === "stopping" && m.pidGen === m.gen);
      }
    }
    const idle = this.model.pid === null && this.model.spawningGen === null && this.model.killingGen === null;
    if (m.phase === "stopping") {
      if (!idle) return;
      if (m.afterStop === "start") {
        this.beginManualStart();
        this.reconcile();
      } else {
        const error = m.survivors.length > 0 ? survivorsError(m.survivors) : null;
        this.set({ phase: "stopped", port: null, url: null, error });
      }
      return;
    }
    if (m.phase !== "starting") return;
    if (m.preparedGen !== m.gen) {
      // Preparing the binary may take minutes (first copy, hashing, an antivirus scan): it has
      // its own limit, and the startup timer starts only once there is something to start.
      if (m.preparingGen === m.gen) return;
      this.set({
        preparingGen: m.gen,
        preparing: { progress: null, message: "Preparing OpenCode…" },
        startedAt: this.env.now,
        readyAt: null,
        port: null,
        url: null,
        health: null,
      });
      this.emit({ type: "prepare", gen: m.gen });
      this.emit({ type: "set_timer", key: "prepare", gen: m.gen, ms: this.env.config.prepareTimeoutMs });
      return;
    }
    if (!idle || m.binary === null || m.launchedGen === m.gen) return;
    this.set({ spawningGen: m.gen, launchedGen: m.gen, startedAt: this.env.now, readyAt: null, port: null, url: null });
    this.emit({ type: "spawn", gen: m.gen, binary: m.binary });
    this.emit({ type: "set_timer", key: "startup", gen: m.gen, ms: this.env.config.startupTimeoutMs });
  }

  /** Gives up on the current attempt for a reason that needs the user (no binary, no preparation). */
  private fail(error: SidecarError): void {
    this.emit({ type: "clear_timers", keys: ["prepare", "startup"] });
    this.leavePreparation();
    this.set({ phase: "failed", error, nextRestartAt: null });
    this.emit({ type: "log", message: error.message });
  }

  /** Stops waiting for the current attempt's preparation; a late result of it is ignored. */
  private leavePreparation(): void {
    const m = this.model;
    if (m.preparingGen !== null) this.emit({ type: "cancel_prepare", gen: m.preparingGen });
    this.set({ preparingGen: null, preparing: null, preparedGen: null });
  }

  private killTree(gen: number, pid: number, graceful: boolean): void {
    this.set({ killingGen: gen });
    this.emit({ type: "kill_tree", gen, pid, graceful });
  }

  private beginManualStart(): void {
    // A person asked: forget earlier failures so the full retry budget applies again.
    this.emit({ type: "clear_timers", keys: allTimers });
    this.leavePreparation();
    this.set({
      phase: "starting",
      gen: this.model.gen + 1,
      afterStop: "rest",
      restarts: 0,
      failedStarts: 0,
      backoffAttempt: 0,
      nextRestartAt: null,
      error: null,
    });
  }

  private beginStop(afterStop: "rest" | "start"): void {
    this.emit({ type: "clear_timers", keys: allTimers });
    this.leavePreparation();
    this.set({ phase: "stopping", afterStop, nextRestartAt: null, health: null });
  }

  private onExit(event: Extract<LifecycleEvent, { type: "exited" }>): void {
    const m = this.model;
    if (event.gen !== m.pidGen) return;
    const lastExit = { code: event.code, signal: event.signal, at: this.env.now };
    this.set({ lastExit });
    const how = event.signal ? `signal ${event.signal}` : `exit code ${event.code}`;
    this.emit({ type: "log", message: `opencode (pid ${m.pid}) exited with ${how}` });
    // An old attempt's process, or one being killed: reconcile() ends what is left of it.
    if (m.killingGen === event.gen || event.gen !== m.gen || !alivePhases.has(m.phase)) return;
    // The root is gone; its descendants may not be. Kill what is left before any respawn.
    if (m.pid !== null) this.killTree(event.gen, m.pid, false);
    const tail = outputTail(event.lastOutput);
    if (m.phase === "starting") {
      this.scheduleRestart(
        event.cause ?? { code: "exited_during_startup", message: `OpenCode stopped while starting (${how}).${tail}` },
        true,
      );
      return;
    }
    const early = m.readyAt !== null && this.env.now - m.readyAt < this.env.config.earlyDeathMs;
    this.scheduleRestart(
      event.cause ?? { code: "crashed", message: `OpenCode stopped unexpectedly (${how}).${tail}` },
      early,
    );
  }

  private onProbe(event: Extract<LifecycleEvent, { type: "probed" }>): void {
    const m = this.model;
    if (event.gen !== m.gen || (m.phase !== "running" && m.phase !== "degraded")) return;
    const failures = event.ok ? 0 : (m.health?.consecutiveFailures ?? 0) + 1;
    this.set({
      health: { ok: event.ok, latencyMs: event.latencyMs, checkedAt: this.env.now, consecutiveFailures: failures },
    });
    if (event.ok) {
      this.set({ phase: "running" });
    } else if (failures >= this.env.config.probeFailuresToRestart) {
      this.emit({ type: "clear_timers", keys: ["probe", "stable"] });
      if (m.pid !== null) this.killTree(m.gen, m.pid, false);
      const early = m.readyAt !== null && this.env.now - m.readyAt < this.env.config.earlyDeathMs;
      this.scheduleRestart(
        {
          code: "unresponsive",
          message: `OpenCode stopped answering (${failures} health checks in a row failed over about ${formatDuration(failures * this.env.config.probeIntervalMs)}), so it was restarted.`,
        },
        early,
      );
      return;
    } else {
      this.set({ phase: "degraded" });
    }
    this.emit({ type: "set_timer", key: "probe", gen: m.gen, ms: this.env.config.probeIntervalMs });
  }

  private onTimer(event: Extract<LifecycleEvent, { type: "timer" }>): void {
    const m = this.model;
    if (event.gen !== m.gen) return;
    switch (event.key) {
      case "prepare": {
        if (m.phase !== "starting" || m.preparingGen !== m.gen) return;
        const step = m.preparing?.message ? ` The last step was: ${m.preparing.message}` : "";
        this.fail({
          code: "prepare_timeout",
          message: `Preparing OpenCode's program took longer than ${formatDuration(this.env.config.prepareTimeoutMs)}.${step} Antivirus software scanning it, or a slow or full disk, can cause this. Press Start to try again, or open the logs.`,
        });
        return;
      }
      case "startup": {
        if (m.phase !== "starting" || m.launchedGen !== m.gen) return; // it runs from the spawn on
        if (m.pid !== null) this.killTree(m.gen, m.pid, false);
        this.scheduleRestart(
          {
            code: "startup_timeout",
            message: `OpenCode did not answer within ${formatDuration(this.env.config.startupTimeoutMs)}.${outputTail(event.lastOutput)}`,
          },
          true,
        );
        return;
      }
      case "probe":
        if (isLive(m.phase)) {
          if (m.url) this.emit({ type: "probe", gen: m.gen, url: m.url });
        }
        return;
      case "stable":
        if (isLive(m.phase)) this.set({ backoffAttempt: 0, failedStarts: 0 });
        return;
      case "backoff":
        if (m.phase !== "backoff") return;
        this.set({
          phase: "starting",
          gen: m.gen + 1,
          restarts: m.restarts + 1,
          nextRestartAt: null,
          preparedGen: null,
        });
        return;
    }
  }

  private scheduleRestart(error: SidecarError, countsAsFailedStart: boolean): void {
    const m = this.model;
    const { config, now, random } = this.env;
    const failedStarts = countsAsFailedStart ? m.failedStarts + 1 : 0;
    this.emit({ type: "clear_timers", keys: ["prepare", "startup", "probe", "stable"] });
    this.leavePreparation();
    this.emit({ type: "log", message: error.message });
    if (failedStarts >= config.maxFailedStarts) {
      this.set({
        phase: "failed",
        failedStarts,
        nextRestartAt: null,
        health: null,
        error: {
          code: error.code,
          message: [
            `OpenCode failed to start ${failedStarts} times in a row, so it is no longer restarted.`,
            `Last problem: ${asSentence(error.message)}`,
            nextStep(error.code, m.binary),
          ]
            .filter(Boolean)
            .join(" "),
        },
      });
      return;
    }
    const delay = backoffDelayMs(m.backoffAttempt, random, config);
    this.set({
      phase: "backoff",
      failedStarts,
      backoffAttempt: m.backoffAttempt + 1,
      nextRestartAt: now + delay,
      health: null,
      error,
    });
    this.emit({ type: "set_timer", key: "backoff", gen: m.gen, ms: delay });
  }
}

/** The attempt's own last lines (the supervisor sends them de-duplicated), as a sentence. */
function outputTail(lines: string[]): string {
  const last = lines.slice(-5).filter((l) => l.trim() !== "");
  return last.length === 0 ? " It printed nothing." : ` Last output: ${asSentence(last.join(" | "))}`;
}

function survivorsError(pids: number[]): SidecarError {
  const list = pids.join(", ");
  return {
    code: "stop_incomplete",
    message: `Some of OpenCode's processes could not be ended (pid ${list}). End them yourself (Task Manager, or kill -9 ${list}), then press Start.`,
  };
}

// The sidecar lifecycle as a pure reducer: (model, event, env) → (model, effects). Every rule of
// start, readiness, liveness, backoff and stop lives here, so it is tested as a table without
// processes or timers; the supervisor executes the effects and feeds their outcomes back.
import {
  type BinaryInfo,
  formatDuration,
  type HealthResult,
  isLive,
  type SidecarError,
  type SidecarExit,
  type SidecarState,
} from "@turnkey/contracts";
import { backoffDelayMs, type LifecycleConfig } from "./policy.ts";

export interface LifecycleModel {
  phase: SidecarState;
  /** Incremented for each start attempt; events of older attempts are ignored. */
  gen: number;
  /** The live (or not yet reaped) process tree of generation `pidGen`. */
  pid: number | null;
  pidGen: number | null;
  /** A spawn effect is under way for `gen` and its outcome is not known yet. */
  spawning: boolean;
  /** A tree kill is under way for this generation. */
  killingGen: number | null;
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
  pid: null,
  pidGen: null,
  spawning: false,
  killingGen: null,
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

export type TimerKey = "startup" | "probe" | "stable" | "backoff";

export type LifecycleEvent =
  | { type: "start" }
  | { type: "stop" }
  | { type: "restart" }
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
  | { type: "tree_gone"; gen: number };

export type LifecycleEffect =
  | { type: "spawn"; gen: number }
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
        if (m.phase === "stopped" || m.phase === "failed" || m.phase === "backoff") this.beginManualStart();
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
      case "spawned":
        if (event.gen !== m.gen) return;
        this.set({ spawning: false, pid: event.pid, pidGen: event.gen, binary: event.binary });
        this.emit({ type: "log", message: `Started opencode (pid ${event.pid}) from ${event.binary.path}` });
        return;
      case "spawn_failed":
        if (event.gen !== m.gen) return;
        this.set({ spawning: false });
        if (m.phase === "starting") {
          // A missing or unusable binary does not heal by retrying: it needs the user.
          this.emit({ type: "clear_timers", keys: ["startup"] });
          this.set({ phase: "failed", error: event.error, nextRestartAt: null });
          this.emit({ type: "log", message: event.error.message });
        }
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
        this.set({ killingGen: null });
        if (event.gen === m.pidGen) this.set({ pid: null, pidGen: null });
        return;
    }
  }

  /** Drive the process facts toward the phase: spawn when starting, kill when stopping, settle. */
  reconcile(): void {
    const m = this.model;
    const idle = m.pid === null && !m.spawning && m.killingGen === null;
    if (m.phase === "stopping") {
      if (m.pid !== null && m.pidGen !== null && m.killingGen === null) {
        this.killTree(m.pidGen, m.pid, true);
      } else if (idle) {
        if (m.afterStop === "start") this.beginManualStart();
        else this.set({ phase: "stopped", port: null, url: null, error: null });
        this.reconcile();
      }
      return;
    }
    if (m.phase === "starting" && idle) {
      this.set({ spawning: true, startedAt: this.env.now, readyAt: null, port: null, url: null, health: null });
      this.emit({ type: "spawn", gen: m.gen });
      this.emit({ type: "set_timer", key: "startup", gen: m.gen, ms: this.env.config.startupTimeoutMs });
      return;
    }
    // A process that outlived the phase that wanted it (spawned after a stop): end it now.
    if (!alivePhases.has(m.phase) && m.pid !== null && m.pidGen !== null && m.killingGen === null) {
      this.killTree(m.pidGen, m.pid, false);
    }
  }

  private killTree(gen: number, pid: number, graceful: boolean): void {
    this.set({ killingGen: gen });
    this.emit({ type: "kill_tree", gen, pid, graceful });
  }

  private beginManualStart(): void {
    // A person asked: forget earlier failures so the full retry budget applies again.
    this.emit({ type: "clear_timers", keys: ["backoff", "probe", "stable", "startup"] });
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
    this.emit({ type: "clear_timers", keys: ["backoff", "probe", "stable", "startup"] });
    this.set({ phase: "stopping", afterStop, nextRestartAt: null, health: null });
  }

  private onExit(event: Extract<LifecycleEvent, { type: "exited" }>): void {
    const m = this.model;
    if (event.gen !== m.pidGen) return;
    const lastExit = { code: event.code, signal: event.signal, at: this.env.now };
    this.set({ lastExit });
    const how = event.signal ? `signal ${event.signal}` : `exit code ${event.code}`;
    this.emit({ type: "log", message: `opencode (pid ${m.pid}) exited with ${how}` });
    if (m.killingGen === event.gen || !alivePhases.has(m.phase)) return;
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
      case "startup": {
        if (m.phase !== "starting") return;
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
        this.set({ phase: "starting", gen: m.gen + 1, restarts: m.restarts + 1, nextRestartAt: null });
        return;
    }
  }

  private scheduleRestart(error: SidecarError, countsAsFailedStart: boolean): void {
    const m = this.model;
    const { config, now, random } = this.env;
    const failedStarts = countsAsFailedStart ? m.failedStarts + 1 : 0;
    this.emit({ type: "clear_timers", keys: ["startup", "probe", "stable"] });
    this.emit({ type: "log", message: error.message });
    if (failedStarts >= config.maxFailedStarts) {
      this.set({
        phase: "failed",
        failedStarts,
        nextRestartAt: null,
        health: null,
        error: {
          code: error.code,
          message: `OpenCode failed to start ${failedStarts} times in a row, so it is no longer restarted. Last problem: ${error.message} Press Start to try again, or open the logs.`,
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

function outputTail(lines: string[]): string {
  const last = lines.slice(-5).filter((l) => l.trim() !== "");
  return last.length === 0 ? " It printed nothing." : ` Last output: ${last.join(" | ")}`;
}

// The sidecar lifecycle as a pure reducer: (model, event, env) → (model, effects). Every rule of
// start, readiness, liveness, backoff and stop lives here, so it is tested as a table without
// processes or timers; the supervisor executes the effects and feeds their outcomes back.
import { canStart, isLive, type SidecarError, type SidecarState } from "@turnkey/contracts";
import {
  crashedError,
  gaveUpError,
  prepareTimeoutError,
  startupTimeoutError,
  survivorsError,
  unresponsiveError,
} from "./lifecycleMessages.ts";
import {
  allTimers,
  type LifecycleEffect,
  type LifecycleEnv,
  type LifecycleEvent,
  type LifecycleModel,
  type Transition,
} from "./lifecycleModel.ts";
import { backoffDelayMs } from "./policy.ts";

export * from "./lifecycleModel.ts";

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
          missedProbes: 0,
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
    if (m.phase === "starting") {
      this.scheduleRestart(event.cause ?? crashedError("exited_during_startup", how, event.lastOutput), true);
      return;
    }
    const early = m.readyAt !== null && this.env.now - m.readyAt < this.env.config.earlyDeathMs;
    this.scheduleRestart(event.cause ?? crashedError("crashed", how, event.lastOutput), early);
  }

  private onProbe(event: Extract<LifecycleEvent, { type: "probed" }>): void {
    const m = this.model;
    if (event.gen !== m.gen || (m.phase !== "running" && m.phase !== "degraded")) return;
    const failures = event.ok ? 0 : (m.health?.consecutiveFailures ?? 0) + 1;
    const missed = event.ok || event.late ? 0 : m.missedProbes + 1;
    this.set({
      health: { ok: event.ok, latencyMs: event.latencyMs, checkedAt: this.env.now, consecutiveFailures: failures },
      missedProbes: missed,
    });
    if (event.ok) {
      this.set({ phase: "running" });
    } else if (missed >= this.env.config.probeFailuresToRestart) {
      this.emit({ type: "clear_timers", keys: ["probe", "stable"] });
      if (m.pid !== null) this.killTree(m.gen, m.pid, false);
      const early = m.readyAt !== null && this.env.now - m.readyAt < this.env.config.earlyDeathMs;
      this.scheduleRestart(unresponsiveError(missed, this.env.config), early);
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
        this.fail(prepareTimeoutError(this.env.config, m.preparing?.message ?? null));
        return;
      }
      case "startup": {
        if (m.phase !== "starting" || m.launchedGen !== m.gen) return; // it runs from the spawn on
        if (m.pid !== null) this.killTree(m.gen, m.pid, false);
        this.scheduleRestart(startupTimeoutError(this.env.config, event.lastOutput), true);
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
        error: gaveUpError(failedStarts, error, m.binary),
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

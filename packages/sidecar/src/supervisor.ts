// SidecarSupervisor owns one `opencode serve` process: it runs the lifecycle reducer's effects
// (spawn, timers, probes, tree kills) and turns what happens back into reducer events. All rules
// live in lifecycle.ts; this file only connects them to the world, through injectable deps (one
// attempt's process, from spawn to tree kill, is in supervisorAttempt.ts).
import { join } from "node:path";
import type { HealthResult, PreparingStatus, SidecarStatus } from "@turnkey/contracts";
import { messageOf } from "@turnkey/contracts";
import { sleep } from "./deadline.ts";
import {
  initialModel,
  type LifecycleEffect,
  type LifecycleEvent,
  type LifecycleModel,
  type TimerKey,
  transition,
} from "./lifecycle.ts";
import { LogBuffer, RotatingLogFile } from "./logBuffer.ts";
import { sidecarUsername } from "./password.ts";
import { defaultLifecycleConfig, type LifecycleConfig } from "./policy.ts";
import { type ReapOutcome, reapOrphan } from "./reapOrphan.ts";
import { Redactor } from "./redact.ts";
import type { BinaryLocatorOptions } from "./resolveBinary.ts";
import { statusOf } from "./status.ts";
import {
  type AttemptHost,
  defaultStopExtraMs,
  type Generation,
  killGeneration,
  outputOf,
  spawnGeneration,
} from "./supervisorAttempt.ts";
import { defaultSupervisorDeps, type SupervisorDeps } from "./supervisorDeps.ts";

export type { SupervisorDeps } from "./supervisorDeps.ts";

export interface SupervisorOptions {
  /** Holds the pid record and logs/. */
  dataDir: string;
  /** The sidecar's working directory (the project opencode works on). */
  cwd?: string;
  /** Extra environment for the sidecar (config, XDG folders); the password is added separately. */
  env?: Record<string, string | undefined>;
  binary?: BinaryLocatorOptions;
  config?: Partial<LifecycleConfig>;
  /** Grace between the polite stop and the forced kill. */
  graceMs?: number;
  /**
   * How much longer than the grace a stop may take before the processes still alive are given
   * up on and reported as survivors (the forced kill, the dispose request, the exit report).
   */
  stopExtraMs?: number;
  probeTimeoutMs?: number;
  /** Interval of health polls between the listening line and ready. */
  readyPollMs?: number;
  logLines?: number;
  logFileMaxBytes?: number;
  deps?: Partial<SupervisorDeps>;
}

export type SettledState = "running" | "degraded" | "stopped" | "failed";
const settledStates: ReadonlySet<string> = new Set<SettledState>(["running", "degraded", "stopped", "failed"]);

export class SidecarSupervisor {
  readonly logs: LogBuffer;
  private readonly redactor = new Redactor();
  private readonly config: LifecycleConfig;
  private readonly deps: SupervisorDeps;
  private model: LifecycleModel = initialModel;
  private readonly generations = new Map<number, Generation>();
  private readonly preparations = new Map<number, AbortController>();
  private readonly timers = new Map<TimerKey, unknown>();
  private readonly queue: LifecycleEvent[] = [];
  private dispatching = false;
  private readonly statusListeners = new Set<(status: SidecarStatus) => void>();
  private readonly healthListeners = new Set<(sample: HealthResult) => void>();
  private lastHealth: HealthResult | null = null;
  private readonly settleWaiters = new Set<() => void>();
  private lastStatusKey = "";
  private disposed = false;
  /** Where the pid record and logs/ live. */
  readonly dataDir: string;
  private sidecarEnv: Record<string, string | undefined>;
  /** What each attempt's process handling (supervisorAttempt.ts) may use of this supervisor. */
  private readonly host: AttemptHost;

  constructor(private readonly options: SupervisorOptions) {
    this.dataDir = options.dataDir;
    this.sidecarEnv = options.env ?? {};
    this.config = { ...defaultLifecycleConfig, ...options.config };
    this.deps = { ...defaultSupervisorDeps(options), ...options.deps };
    const file = new RotatingLogFile({
      dir: join(options.dataDir, "logs"),
      ...(options.logFileMaxBytes ? { maxBytes: options.logFileMaxBytes } : {}),
    });
    this.logs = new LogBuffer(this.redactor, options.logLines ?? 1000, file);
    this.host = {
      deps: this.deps,
      dataDir: options.dataDir,
      cwd: options.cwd,
      graceMs: options.graceMs ?? 5_000,
      stopExtraMs: options.stopExtraMs ?? defaultStopExtraMs,
      generations: this.generations,
      logs: this.logs,
      redactor: this.redactor,
      model: () => this.model,
      sidecarEnv: () => this.sidecarEnv,
      dispatch: (event) => this.dispatch(event),
      log: (message) => this.log(message),
    };
  }

  /** Ends a sidecar an earlier, dead backend left behind. Call once, before the first start. */
  async reapOrphans(): Promise<ReapOutcome> {
    const outcome = await reapOrphan(this.options.dataDir, this.deps.processOps);
    if (outcome.action === "reaped") {
      this.log(`Ended opencode (pid ${outcome.pid}) left running by an earlier backend.`);
    } else if (outcome.action === "cleared" && outcome.ended) {
      this.log(
        `Ended ${outcome.ended.length} process(es) (pid ${outcome.ended.join(", ")}) that the tools of opencode (pid ${outcome.pid}), left by an earlier backend, had left running.`,
      );
    } else if (outcome.action === "left") {
      this.log(`Left opencode (pid ${outcome.pid}) alone: ${outcome.reason}.`);
    }
    return outcome;
  }

  status(): SidecarStatus {
    return statusOf(this.model, this.deps.now());
  }

  /** Called when something a person can see changes; not for each health check (see onHealth). */
  onStatus(listener: (status: SidecarStatus) => void): () => void {
    this.statusListeners.add(listener);
    return () => this.statusListeners.delete(listener);
  }

  /** Called with each health check's result (and the first one, at ready), for charts. */
  onHealth(listener: (sample: HealthResult) => void): () => void {
    this.healthListeners.add(listener);
    return () => this.healthListeners.delete(listener);
  }

  /** The environment for the next start (a profile switch); a running sidecar keeps its own. */
  setEnvironment(env: Record<string, string | undefined>): void {
    this.sidecarEnv = env;
  }

  /** Masks every sidecar password this supervisor ever made, for text leaving the backend. */
  redact(text: string): string {
    return this.redactor.redact(text);
  }

  /** Where and how to reach the sidecar, for the backend's own calls. Never shown to anyone. */
  connection(): { url: string; password: string; username: string; generation: number } | null {
    const m = this.model;
    const generation = this.generations.get(m.gen);
    if ((m.phase !== "running" && m.phase !== "degraded") || !m.url || !generation) return null;
    return { url: m.url, password: generation.password, username: sidecarUsername, generation: m.gen };
  }

  /** Resolves once the sidecar is running, failed (status.error says why) or was stopped meanwhile. */
  start(): Promise<SidecarStatus> {
    return this.request({ type: "start" });
  }

  stop(): Promise<SidecarStatus> {
    return this.request({ type: "stop" });
  }

  restart(): Promise<SidecarStatus> {
    return this.request({ type: "restart" });
  }

  /** Stops the sidecar (whole tree) and releases timers; the supervisor is unusable afterwards. */
  async dispose(): Promise<void> {
    if (this.disposed) return;
    await this.stop();
    this.disposed = true;
    for (const handle of this.timers.values()) this.deps.clearTimer(handle);
    this.timers.clear();
    for (const controller of this.preparations.values()) controller.abort();
    this.preparations.clear();
    for (const generation of this.generations.values()) generation.life.abort();
    this.statusListeners.clear();
    this.healthListeners.clear();
  }

  /**
   * Answers with the status the request settled in, read when it settled: read after the await,
   * another request of the same tick could already have moved on (a restart answered "starting").
   */
  private request(event: LifecycleEvent): Promise<SidecarStatus> {
    if (this.disposed) return Promise.reject(new Error("The sidecar supervisor was shut down."));
    return new Promise<SidecarStatus>((resolve) => {
      const waiter = () => {
        const m = this.model;
        if (!settledStates.has(m.phase) || m.killingGen !== null || m.spawningGen !== null) return;
        this.settleWaiters.delete(waiter);
        resolve(this.status());
      };
      this.settleWaiters.add(waiter);
      this.dispatch(event);
      waiter();
    });
  }

  private dispatch(event: LifecycleEvent): void {
    this.queue.push(event);
    if (this.dispatching) return; // re-entrant: handled by the loop below, in order
    this.dispatching = true;
    try {
      for (let next = this.queue.shift(); next; next = this.queue.shift()) {
        const result = transition(this.model, next, {
          now: this.deps.now(),
          random: this.deps.random(),
          config: this.config,
        });
        this.model = result.model;
        for (const effect of result.effects) this.run(effect);
      }
    } finally {
      this.dispatching = false;
    }
    this.publish();
  }

  private publish(): void {
    const status = this.status();
    // Uptime, and a health check's timing, change all the time without anything to see.
    const { uptimeMs: _uptime, health, ...comparable } = status;
    const key = JSON.stringify([comparable, health && [health.ok, health.consecutiveFailures]]);
    if (key !== this.lastStatusKey) {
      this.lastStatusKey = key;
      for (const listener of this.statusListeners) listener(status);
    }
    if (this.model.health !== this.lastHealth) {
      this.lastHealth = this.model.health;
      if (this.lastHealth) for (const listener of this.healthListeners) listener(this.lastHealth);
    }
    for (const waiter of [...this.settleWaiters]) waiter();
  }

  private run(effect: LifecycleEffect): void {
    switch (effect.type) {
      case "prepare":
        void this.prepare(effect.gen);
        return;
      case "cancel_prepare":
        this.preparations.get(effect.gen)?.abort();
        this.preparations.delete(effect.gen);
        return;
      case "spawn":
        void spawnGeneration(this.host, effect.gen, effect.binary);
        return;
      case "await_ready":
        void this.awaitReady(effect.gen, effect.url);
        return;
      case "probe":
        void this.probe(effect.gen, effect.url);
        return;
      case "kill_tree":
        void killGeneration(this.host, effect.gen, effect.pid, effect.graceful);
        return;
      case "set_timer": {
        this.clearTimer(effect.key);
        const handle = this.deps.setTimer(() => {
          this.timers.delete(effect.key);
          this.dispatch({
            type: "timer",
            key: effect.key,
            gen: effect.gen,
            lastOutput: outputOf(this.host, effect.gen, 5),
          });
        }, effect.ms);
        this.timers.set(effect.key, handle);
        return;
      }
      case "clear_timers":
        for (const key of effect.keys) this.clearTimer(key);
        return;
      case "log":
        this.log(effect.message);
        return;
    }
  }

  private clearTimer(key: TimerKey): void {
    const handle = this.timers.get(key);
    if (handle !== undefined) this.deps.clearTimer(handle);
    this.timers.delete(key);
  }

  private log(message: string): void {
    this.logs.push("supervisor", message, this.deps.now());
  }

  /** The preparation step of attempt `gen`: its progress and outcome go back to the reducer. */
  private async prepare(gen: number): Promise<void> {
    const controller = new AbortController();
    this.preparations.set(gen, controller);
    const onProgress = (progress: PreparingStatus) => {
      if (!controller.signal.aborted) this.dispatch({ type: "prepare_progress", gen, ...progress });
    };
    try {
      const resolution = await this.deps.prepareBinary(controller.signal, onProgress);
      if (resolution.ok) {
        const binary = { path: resolution.path, source: resolution.source, version: null };
        this.dispatch({ type: "prepared", gen, binary });
      } else {
        this.dispatch({ type: "prepare_failed", gen, error: resolution.error });
      }
    } catch (error) {
      // Not "not found": something went wrong while looking, and its cause is what helps.
      const cause = messageOf(error);
      if (error instanceof Error && error.stack) this.log(`Preparing OpenCode failed: ${error.stack}`);
      this.dispatch({
        type: "prepare_failed",
        gen,
        error: {
          code: "prepare_failed",
          message: `OpenCode's program could not be prepared: ${cause} Press Start to try again, or open the logs.`,
        },
      });
    } finally {
      if (this.preparations.get(gen) === controller) this.preparations.delete(gen);
    }
  }

  private async awaitReady(gen: number, url: string): Promise<void> {
    const generation = this.generations.get(gen);
    if (!generation) return;
    const { signal } = generation.life;
    const pollMs = this.options.readyPollMs ?? 20;
    const timeoutMs = this.options.probeTimeoutMs ?? 2_000;
    let lastDetail = "";
    while (this.model.gen === gen && this.model.phase === "starting" && !signal.aborted) {
      const answer = await this.deps.probeHealth(url, generation.password, timeoutMs, signal);
      if (signal.aborted) return;
      if (answer.ok) {
        this.dispatch({ type: "ready", gen, version: answer.version, latencyMs: answer.latencyMs });
        return;
      }
      if (answer.detail !== lastDetail) this.log(`Waiting for opencode to be healthy: ${answer.detail}`);
      lastDetail = answer.detail;
      await sleep(pollMs, signal, this.deps);
    }
  }

  private async probe(gen: number, url: string): Promise<void> {
    const generation = this.generations.get(gen);
    if (!generation) return;
    const { signal } = generation.life;
    // Waits for an answer longer than the probe timeout: a late one shows OpenCode alive (policy.ts).
    const slowMs = this.options.probeTimeoutMs ?? 2_000;
    const waitMs = Math.max(slowMs, this.config.probeAnswerMs);
    const answer = await this.deps.probeHealth(url, generation.password, waitMs, signal);
    if (signal.aborted) return;
    const late = answer.ok && answer.latencyMs > slowMs;
    if (late) this.log(`Health check answered late, after ${Math.round(answer.latencyMs)} ms: OpenCode is busy.`);
    else if (!answer.ok) this.log(`Health check failed: ${answer.detail}`);
    const latencyMs = answer.ok ? answer.latencyMs : null;
    this.dispatch({ type: "probed", gen, ok: answer.ok && !late, latencyMs, ...(late ? { late } : {}) });
  }
}

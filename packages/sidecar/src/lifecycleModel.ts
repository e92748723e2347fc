// The lifecycle reducer's vocabulary: the model it keeps, the events it reads, the effects it asks
// the supervisor for, and what it may read of the world. lifecycle.ts holds the rules over them.
import type {
  BinaryInfo,
  HealthResult,
  PreparingStatus,
  SidecarError,
  SidecarExit,
  SidecarState,
} from "@turnkey/contracts";
import type { LifecycleConfig } from "./policy.ts";

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
  /** Health checks in a row with no healthy answer at all, even a late one: what restarts a hung OpenCode. */
  missedProbes: number;
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
  missedProbes: 0,
};

export type TimerKey = "prepare" | "startup" | "probe" | "stable" | "backoff";
export const allTimers: TimerKey[] = ["prepare", "backoff", "probe", "stable", "startup"];

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
  /** `late`: a healthy answer that came after the probe timeout (alive but slow: degraded, no restart). */
  | { type: "probed"; gen: number; ok: boolean; latencyMs: number | null; late?: boolean }
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

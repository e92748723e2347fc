// The restart policy's numbers and arithmetic: defaults of ARCHITECTURE.md ("The sidecar
// lifecycle") and the backoff curve.
export interface LifecycleConfig {
  /**
   * Limit of the preparation step (resolve, provision, verify the binary), which runs before the
   * startup timer: a first launch copies and hashes ~180 MB, and an antivirus may scan it.
   */
  prepareTimeoutMs: number;
  /** From spawn to healthy. */
  startupTimeoutMs: number;
  probeIntervalMs: number;
  /**
   * How long a health check waits for any answer. An answer later than the supervisor's probe
   * timeout (2 s) shows OpenCode as degraded, but it is alive: on a busy machine (a build, other
   * programs, CI) a healthy OpenCode can take seconds to answer, and restarting it there ended
   * the user's running commands and replies and started a heavier process on the same starved
   * machine. Only a check that gets no answer at all within this counts toward a restart.
   */
  probeAnswerMs: number;
  /**
   * Health checks in a row with no healthy answer within `probeAnswerMs` that mean "hung": kill and
   * restart. One failed or late check already means degraded.
   */
  probeFailuresToRestart: number;
  backoffBaseMs: number;
  backoffMaxMs: number;
  /** ±ratio of random spread on each backoff delay, so many clients never retry in lockstep. */
  backoffJitterRatio: number;
  /** Running this long without trouble forgives earlier failures: backoff starts small again. */
  stableResetMs: number;
  /** Consecutive failed starts before giving up in `failed`. */
  maxFailedStarts: number;
  /** A sidecar that dies this soon after ready counts as a failed start. */
  earlyDeathMs: number;
}

export const defaultLifecycleConfig: LifecycleConfig = {
  prepareTimeoutMs: 300_000,
  startupTimeoutMs: 30_000,
  probeIntervalMs: 5_000,
  probeAnswerMs: 15_000,
  probeFailuresToRestart: 3,
  backoffBaseMs: 500,
  backoffMaxMs: 30_000,
  backoffJitterRatio: 0.2,
  stableResetMs: 60_000,
  maxFailedStarts: 5,
  earlyDeathMs: 10_000,
};

export function backoffDelayMs(attempt: number, random: number, config: LifecycleConfig): number {
  const base = Math.min(config.backoffMaxMs, config.backoffBaseMs * 2 ** attempt);
  const spread = 1 + config.backoffJitterRatio * (2 * random - 1);
  return Math.round(Math.min(config.backoffMaxMs, base * spread));
}

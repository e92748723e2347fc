// The gate a new opencode version must pass before it is kept: it must become running, then stay
// running (no crash, no failed health check) for a short window. Judged from the supervisor's
// status events alone, so a version that exits at once fails on its first exit instead of after
// every backoff of the restart policy.
import type { SidecarStatus } from "@turnkey/contracts";

export interface GateSupervisor {
  status(): SidecarStatus;
  onStatus(listener: (status: SidecarStatus) => void): () => void;
  restart(): Promise<SidecarStatus>;
}

export type GateResult = { ok: true; status: SidecarStatus } | { ok: false; reason: string; status: SidecarStatus };

export function passHealthGate(
  supervisor: GateSupervisor,
  options: {
    windowMs: number;
    /** Safety net for the whole gate; the supervisor's own startup timeout normally decides first. */
    deadlineMs: number;
    setTimer?: (callback: () => void, ms: number) => unknown;
    clearTimer?: (handle: unknown) => void;
  },
): Promise<GateResult> {
  const setTimer = options.setTimer ?? ((callback, ms) => setTimeout(callback, ms));
  const clearTimer = options.clearTimer ?? ((handle) => clearTimeout(handle as NodeJS.Timeout));
  return new Promise<GateResult>((resolve) => {
    let seenStarting = false;
    let windowTimer: unknown = null;
    let done = false;
    const finish = (result: GateResult) => {
      if (done) return;
      done = true;
      off();
      clearTimer(deadline);
      if (windowTimer !== null) clearTimer(windowTimer);
      resolve(result);
    };
    const fail = (reason: string, status: SidecarStatus) => finish({ ok: false, reason, status });
    const judge = (status: SidecarStatus) => {
      if (status.state === "starting") seenStarting = true;
      if (!seenStarting) return; // the old process stopping is not the new one's fault
      if (windowTimer === null) {
        if (status.state === "running") {
          windowTimer = setTimer(() => {
            const now = supervisor.status();
            if (now.state === "running") finish({ ok: true, status: now });
            else fail(`it was ${now.state} at the end of the check`, now);
          }, options.windowMs);
          return;
        }
        if (status.state === "backoff" || status.state === "failed" || status.state === "stopped") {
          fail(
            status.error ? `it did not start: ${status.error.message}` : `it did not start (${status.state})`,
            status,
          );
        }
        return;
      }
      if (status.state === "degraded") fail("it stopped answering health checks", status);
      else if (status.state !== "running") {
        fail(status.error ? `it stopped: ${status.error.message}` : `it stopped (${status.state})`, status);
      }
    };
    const off = supervisor.onStatus(judge);
    const deadline = setTimer(
      () => fail(`it was not running after ${Math.round(options.deadlineMs / 1000)} s`, supervisor.status()),
      options.deadlineMs,
    );
    void supervisor.restart().catch((error: unknown) => fail((error as Error).message, supervisor.status()));
  });
}

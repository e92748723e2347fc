// The gate a new opencode version must pass before it is kept: it must become running, then stay
// alive (no crash, no restart) for a short window and be answering its health checks at the end.
// Judged from the supervisor's status events alone, so a version that exits at once fails on its
// first exit instead of after every backoff of the restart policy. A check answered late (the
// supervisor shows it as degraded: alive, but slower than its probe timeout) does not fail it by
// itself: on a busy machine a healthy first start can be slow, and a good update was rolled back
// for one slow answer (a loaded CI run showed it). Still degraded when the window ends, the
// version gets one more window to answer in time, and fails if it does not.
import type { SidecarStatus } from "@turnkey/contracts";

export interface GateSupervisor {
  status(): SidecarStatus;
  onStatus(listener: (status: SidecarStatus) => void): () => void;
  restart(): Promise<SidecarStatus>;
}

export type GateResult = { ok: true; status: SidecarStatus } | { ok: false; reason: string; status: SidecarStatus };

/** Why a version that was running is no longer, as the end of "… was not kept because …". */
function stoppedBecause(status: SidecarStatus): string {
  if (status.error?.code === "unresponsive") return "it stopped answering health checks";
  return status.error ? `it stopped: ${status.error.message.replace(/\.$/, "")}` : `it stopped (${status.state})`;
}

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
    /** The window ended while it was degraded: the next healthy answer keeps it. */
    let lastChance = false;
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
            else if (now.state !== "degraded") fail(`it was ${now.state} at the end of the check`, now);
            else {
              lastChance = true;
              windowTimer = setTimer(
                () => fail("it stopped answering health checks", supervisor.status()),
                options.windowMs,
              );
            }
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
      if (status.state === "running" && lastChance) finish({ ok: true, status });
      else if (status.state !== "running" && status.state !== "degraded") {
        fail(stoppedBecause(status), status);
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

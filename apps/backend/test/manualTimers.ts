// Timers that fire only when the test says, for deadlines that must pass exactly while a disk (or
// a drive) is stuck: no sleeps, no real clock.
import type { TimerOps } from "@turnkey/sidecar";

export function manualTimers(): TimerOps & { fire(): void; fireFirst(): void } {
  const pending = new Map<number, () => void>();
  let next = 0;
  return {
    setTimer: (callback) => {
      pending.set(++next, callback);
      return next;
    },
    clearTimer: (handle) => void pending.delete(handle as number),
    /** Every timer set so far. */
    fire: () => {
      const due = [...pending.values()];
      pending.clear();
      for (const callback of due) callback();
    },
    /** The earliest timer still set. */
    fireFirst: () => {
      const [first] = pending;
      if (!first) return;
      pending.delete(first[0]);
      first[1]();
    },
  };
}

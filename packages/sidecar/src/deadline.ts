// Waits that always end: every await of the supervisor races its work against a deadline or an
// AbortSignal, so no stuck kill, probe or preparation can leave a caller waiting for ever.
export interface TimerOps {
  setTimer(callback: () => void, ms: number): unknown;
  clearTimer(handle: unknown): void;
}

/** Node's own timers, for callers outside the supervisor (whose timers tests inject). */
export const systemTimers: TimerOps = {
  setTimer: (callback, ms) => setTimeout(callback, ms),
  clearTimer: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/** `work`'s result, or `fallback()` once `ms` have passed without one (the work is not stopped). */
export function withDeadline<T>(work: Promise<T>, ms: number, fallback: () => T, timers: TimerOps): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const handle = timers.setTimer(() => resolve(fallback()), ms);
    work.then(
      (value) => {
        timers.clearTimer(handle);
        resolve(value);
      },
      (error: unknown) => {
        timers.clearTimer(handle);
        reject(error);
      },
    );
  });
}

/** Resolves after `ms`, or at once when `signal` aborts (then with false). */
export function sleep(ms: number, signal: AbortSignal, timers: TimerOps): Promise<boolean> {
  if (signal.aborted) return Promise.resolve(false);
  return new Promise<boolean>((resolve) => {
    const onAbort = () => {
      timers.clearTimer(handle);
      resolve(false);
    };
    const handle = timers.setTimer(() => {
      signal.removeEventListener("abort", onAbort);
      resolve(true);
    }, ms);
    signal.addEventListener("abort", onAbort, { once: true });
  });
}

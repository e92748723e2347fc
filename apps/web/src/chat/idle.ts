// Work that must stay off the scroll path (parsing ahead, colouring code) runs when the page is
// idle: requestIdleCallback, where the browser has it.

export interface IdleDeadline {
  timeRemaining(): number;
}
type IdleScheduler = {
  requestIdleCallback?: (cb: (deadline: IdleDeadline) => void, options?: { timeout: number }) => number;
  cancelIdleCallback?: (handle: number) => void;
};

/**
 * Runs `work` in an idle period (at the latest after `timeoutMs`, when given). Without idle
 * callbacks, `fallback` says whether it runs at once or never. Returns a cancel.
 */
export function whenIdle(
  work: (deadline: IdleDeadline) => void,
  options: { timeoutMs?: number; fallback: "now" | "never" },
): () => void {
  const idle = globalThis as IdleScheduler;
  if (!idle.requestIdleCallback || !idle.cancelIdleCallback) {
    if (options.fallback === "now") work({ timeRemaining: () => Number.POSITIVE_INFINITY });
    return () => undefined;
  }
  const handle = idle.requestIdleCallback(work, options.timeoutMs ? { timeout: options.timeoutMs } : undefined);
  return () => idle.cancelIdleCallback?.(handle);
}

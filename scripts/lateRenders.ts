// A setup file that plays a loaded machine to the window tests, to find timing races before CI
// does: off unless asked. `TURNKEY_LATE_RENDERS_MS=20 npx vitest run apps/web/src` makes every
// setImmediate (React's scheduler, and act's flush) run that late against timers, still in the
// order asked, as when React's render lands after a test's setTimeout(0) on a busy 2-core CI.
// `TURNKEY_SPLIT_RENDERS=1` makes React's scheduler yield after each task (a render, then its
// effects, each in a task of its own), as a loaded machine's 5 ms frames do. Found the notes,
// actions, open-with, projects, file comments, schedules and customize races of round 32; the
// suite passes with 3, 8, 20 and 150 ms and split renders.
import { createRequire } from "node:module";

const lateMs = Number(process.env.TURNKEY_LATE_RENDERS_MS ?? "0");
if (lateMs > 0) {
  // node:timers itself, whose functions Node's globals are and vitest's fake timers replace.
  const timers = createRequire(import.meta.url)("node:timers") as typeof import("node:timers");
  const { setTimeout: nodeSetTimeout, clearTimeout: nodeClearTimeout, clearImmediate: nodeClearImmediate } = timers;
  const late = (callback: (...args: unknown[]) => void, ...args: unknown[]) => {
    const timer = nodeSetTimeout(callback, lateMs, ...args);
    const handle = { late: timer, ref: () => handle, unref: () => handle, hasRef: () => true };
    return handle as unknown as NodeJS.Immediate;
  };
  const clearLate = (handle: unknown) => {
    const timer = (handle as { late?: NodeJS.Timeout } | null)?.late;
    if (timer) nodeClearTimeout(timer);
    else nodeClearImmediate(handle as NodeJS.Immediate);
  };
  Object.assign(timers, { setImmediate: late, clearImmediate: clearLate });
  Object.assign(globalThis, { setImmediate: late, clearImmediate: clearLate });
}

if (process.env.TURNKEY_SPLIT_RENDERS === "1") {
  // Each read of the clock 2 ms past the last: React's scheduler finds its 5 ms frame spent.
  const real = globalThis.performance;
  let skew = 0;
  const skewed = Object.create(real) as Performance;
  const now = () => {
    skew += 2;
    return real.now() + skew;
  };
  Object.defineProperty(skewed, "now", { value: now });
  Object.defineProperty(globalThis, "performance", { value: skewed, configurable: true, writable: true });
}

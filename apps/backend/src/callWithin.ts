// A call to OpenCode made by the backend on its own (a scheduled run, a goal's turn), with a
// deadline that aborts it: its signal reaches the SDK call as a route's deadline does (callSignal.ts).
import { withDeadline } from "@turnkey/sidecar";

/** Starts a timer; the function returned cancels it (tests pass a fake clock's). */
export type SetTimer = (callback: () => void, ms: number) => () => void;

/** The backend's own SetTimer: a timer that never keeps the process alive by itself. */
export const unrefTimer: SetTimer = (callback, ms) => {
  const timer = setTimeout(callback, ms);
  timer.unref();
  return () => clearTimeout(timer);
};

/** What a send past its deadline says: OpenCode may have taken the prompt all the same. */
export function lateSend(callMs: number): string {
  return `OpenCode did not answer within ${Math.round(callMs / 1000)} s; it may still have taken the prompt. Open the chat to see.`;
}

const lateCall = Symbol("late");

/** `call`'s value; past `ms`, the call is aborted and this throws `late`. */
export async function within<T>(
  call: (signal: AbortSignal) => Promise<T>,
  ms: number,
  setTimer: SetTimer,
  late: string,
): Promise<T> {
  const controller = new AbortController();
  const timers = { setTimer, clearTimer: (cancel: unknown) => (cancel as () => void)() };
  const value = await withDeadline<T | typeof lateCall>(call(controller.signal), ms, () => lateCall, timers);
  if (value !== lateCall) return value;
  controller.abort();
  throw new Error(late);
}

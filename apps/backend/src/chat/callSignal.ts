// The request a call to OpenCode is made for, seen from the SDK's fetch: when the call deadline
// (routes/callDeadline.ts) answers for that request, its calls still on the way to OpenCode are
// aborted, so none is sent after the person was told it failed and none keeps one of the sidecar
// agent's sockets (16 for every folder: a stuck folder's calls would starve the others).
// AsyncLocalStorage rather than a signal passed through every route and service: the deadline
// is one middleware, and every route that asks OpenCode goes through it.
import { AsyncLocalStorage } from "node:async_hooks";

const scope = new AsyncLocalStorage<AbortSignal>();

/** Runs `work` (a route) so that the calls it makes to OpenCode end when `signal` aborts. */
export function withCallSignal<T>(signal: AbortSignal, work: () => T): T {
  return scope.run(signal, work);
}

/** The signal of the request being answered, if it is under the call deadline. */
export function callSignal(): AbortSignal | undefined {
  return scope.getStore();
}

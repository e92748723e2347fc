// The request a call to OpenCode is made for, seen from the SDK's fetch: when the call deadline
// (routes/callDeadline.ts) answers for that request, its calls still on the way to OpenCode are
// aborted, so none is sent after the person was told it failed and none keeps one of the sidecar
// agent's sockets (16 for every folder: a stuck folder's calls would starve the others).
// AsyncLocalStorage rather than a signal passed through every route and service: the deadline
// is one middleware, and every route that asks OpenCode goes through it.
//
// Only while such a request is under way: in Node 20 an AsyncLocalStorage, once used, installs
// promise hooks that run for every promise of the process until it is disabled, the chat relay's
// and a `?wait=1` turn's included (neither is under the deadline). So the storage is disabled
// whenever no request under the deadline is left. A request's own work keeps it: it counts until
// the promise of its route settles.
import { AsyncLocalStorage } from "node:async_hooks";

const scope = new AsyncLocalStorage<AbortSignal>();
let open = 0;

/** Runs `work` (a route) so that the calls it makes to OpenCode end when `signal` aborts. */
export function withCallSignal<T>(signal: AbortSignal, work: () => Promise<T>): Promise<T> {
  open += 1;
  const done = () => {
    open -= 1;
    if (open === 0) scope.disable();
  };
  let running: Promise<T>;
  try {
    running = scope.run(signal, work);
  } catch (error) {
    done();
    throw error;
  }
  running.then(done, done);
  return running;
}

/** The signal of the request being answered, if it is under the call deadline. */
export function callSignal(): AbortSignal | undefined {
  return scope.getStore();
}

/** Runs `work` as if no request were being answered: for work that outlives the request (an MCP sign-in). */
export function outsideCallSignal<T>(work: () => T): T {
  return scope.exit(work);
}

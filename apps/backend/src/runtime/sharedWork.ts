// One piece of work per key (a version's download), shared by every caller that asks for it
// while it runs. A caller's AbortSignal lets that caller go at once; the work itself is aborted
// only once every caller has let go, and not before the current turn ends, so a newer start that
// replaces a stopped one in the same turn (Restart) joins the download instead of beginning anew.
interface Running<T> {
  promise: Promise<T>;
  controller: AbortController;
  callers: number;
}

export class SharedWork<T> {
  private readonly running = new Map<string, Running<T>>();

  /** The work under way for `key`, joined by this caller; null when none is. */
  join(key: string, signal?: AbortSignal): Promise<T> | null {
    const shared = this.running.get(key);
    return shared ? this.follow(key, shared, signal) : null;
  }

  /** Joins the work under way for `key`, or starts `work` for it. */
  run(key: string, work: (signal: AbortSignal) => Promise<T>, signal?: AbortSignal): Promise<T> {
    const joined = this.join(key, signal);
    if (joined) return joined;
    if (signal?.aborted) return Promise.reject(signal.reason);
    const controller = new AbortController();
    const shared: Running<T> = { controller, callers: 0, promise: work(controller.signal) };
    shared.promise = shared.promise.finally(() => {
      if (this.running.get(key) === shared) this.running.delete(key);
    });
    shared.promise.catch(() => undefined); // every caller may have let go: then nobody awaits it
    this.running.set(key, shared);
    return this.follow(key, shared, signal);
  }

  private follow(key: string, shared: Running<T>, signal?: AbortSignal): Promise<T> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    shared.callers++;
    if (!signal) return shared.promise; // a caller without a signal keeps the work going to its end
    return new Promise<T>((resolve, reject) => {
      const letGo = () => {
        reject(signal.reason);
        shared.callers--;
        setImmediate(() => {
          if (shared.callers > 0) return;
          if (this.running.get(key) === shared) this.running.delete(key);
          shared.controller.abort(signal.reason);
        });
      };
      signal.addEventListener("abort", letGo, { once: true });
      shared.promise.then(resolve, reject).finally(() => signal.removeEventListener("abort", letGo));
    });
  }
}

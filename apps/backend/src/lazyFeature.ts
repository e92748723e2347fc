// A part of the backend that is loaded only when the user has used it: its module, and what that
// module loads, are imported at start only when its file exists, else with the first request that
// changes something. The scheduled tasks (croner and ICU's time-zone data: ~8 MB, see the README's
// bench 9) and the goals are held this way, so a user with none pays nothing against the idle
// memory goal. A list asked for before then is the empty one, answered without loading anything.
import { existsSync } from "node:fs";

/** What a lazily loaded part offers the holder. */
export interface Loaded<R> {
  list(): R;
  onChange(listener: (response: R) => void): unknown;
  close(): void;
}

export class LazyFeature<F extends Loaded<R>, R> {
  private loading: Promise<F> | null = null;
  private loaded: F | null = null;
  private readonly listeners = new Set<(response: R) => void>();
  private closed = false;

  constructor(
    /** The file whose presence means there is something to load at start. */
    private readonly file: string,
    private readonly load: () => Promise<F>,
    /** The list while nothing was ever saved. */
    private readonly empty: R,
    private readonly log: (message: string) => void,
    /** What it is, for the log: "The scheduled tasks". */
    private readonly what: string,
  ) {}

  /** Loads it now when its file exists. */
  start(): void {
    if (existsSync(this.file)) {
      this.get().catch((error: unknown) => this.log(`${this.what} could not start: ${(error as Error).stack}`));
    }
  }

  get(): Promise<F> {
    if (this.loading) return this.loading;
    const loading = this.load().then((feature) => {
      this.loaded = feature;
      if (this.closed) feature.close();
      feature.onChange((response) => {
        for (const listener of this.listeners) listener(response);
      });
      return feature;
    });
    // A load that failed is tried again by the next call, not kept (a 500 for every call after).
    loading.catch(() => {
      if (this.loading === loading) this.loading = null;
    });
    this.loading = loading;
    return loading;
  }

  /** The list; with nothing ever saved, the empty one, without loading anything for it. */
  async list(): Promise<R> {
    if (!this.loading && !existsSync(this.file)) return this.empty;
    return (await this.get()).list();
  }

  onChange(listener: (response: R) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  close(): void {
    this.closed = true;
    this.loaded?.close();
  }
}

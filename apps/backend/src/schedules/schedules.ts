// The scheduled tasks as the rest of the backend sees them. The scheduler, croner and the time-zone
// data they load (ICU: ~6 MB, see the README's bench 9) are imported at start only when the tasks'
// file exists, else with the first request that asks for them: a user with no tasks pays nothing.
import { existsSync } from "node:fs";
import { join } from "node:path";
import type { SchedulesResponse } from "@turnkey/contracts";
import type { Scheduler } from "./scheduler.ts";
import type { startScheduler } from "./startScheduler.ts";

export class Schedules {
  private loading: Promise<Scheduler> | null = null;
  private loaded: Scheduler | null = null;
  private readonly listeners = new Set<(response: SchedulesResponse) => void>();
  private closed = false;

  constructor(
    private readonly file: string,
    private readonly load: () => Promise<Scheduler>,
    private readonly log: (message: string) => void,
  ) {}

  /** Starts the scheduler now when there are tasks to run. */
  start(): void {
    if (existsSync(this.file)) {
      this.scheduler().catch((error: unknown) =>
        this.log(`The scheduled tasks could not start: ${(error as Error).stack}`),
      );
    }
  }

  scheduler(): Promise<Scheduler> {
    if (this.loading) return this.loading;
    const loading = this.load().then((scheduler) => {
      this.loaded = scheduler;
      if (this.closed) scheduler.close();
      scheduler.onChange((response) => {
        for (const listener of this.listeners) listener(response);
      });
      return scheduler;
    });
    // A load that failed is tried again by the next call, not kept (a 500 for every call after).
    loading.catch(() => {
      if (this.loading === loading) this.loading = null;
    });
    this.loading = loading;
    return loading;
  }

  /** The tasks; with none ever saved, the empty list, without loading the scheduler for it. */
  async list(): Promise<SchedulesResponse> {
    if (!this.loading && !existsSync(this.file)) return { tasks: [], fileProblem: null };
    return (await this.scheduler()).list();
  }

  onChange(listener: (response: SchedulesResponse) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  close(): void {
    this.closed = true;
    this.loaded?.close();
  }
}

/** The backend's tasks, in schedules.json in its data folder. */
export function backendSchedules(
  dataDir: string,
  services: Omit<Parameters<typeof startScheduler>[0], "file">,
): Schedules {
  const file = join(dataDir, "schedules.json");
  return new Schedules(
    file,
    async () => (await import("./startScheduler.ts")).startScheduler({ file, ...services }),
    services.log,
  );
}

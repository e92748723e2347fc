// The scheduled tasks as the rest of the backend sees them: loaded only once there are tasks
// (lazyFeature.ts), since the scheduler brings croner and ICU's time-zone data (~8 MB).
import { join } from "node:path";
import type { SchedulesResponse } from "@turnkey/contracts";
import { LazyFeature } from "../lazyFeature.ts";
import type { Scheduler } from "./scheduler.ts";
import type { startScheduler } from "./startScheduler.ts";

export type Schedules = LazyFeature<Scheduler, SchedulesResponse>;

export const schedulesFileName = "schedules.json";

/** The backend's tasks, in schedules.json in its data folder. */
export function backendSchedules(
  dataDir: string,
  services: Omit<Parameters<typeof startScheduler>[0], "file">,
): Schedules {
  const file = join(dataDir, schedulesFileName);
  return new LazyFeature<Scheduler, SchedulesResponse>(
    file,
    async () => (await import("./startScheduler.ts")).startScheduler({ file, ...services }),
    { tasks: [], fileProblem: null },
    services.log,
    "The scheduled tasks",
  );
}

// The scheduled tasks on disk: schedules.json in the data folder (keptList.ts: private, written
// whole, a file that cannot be read moved aside and named, never overwritten).
import { join } from "node:path";
import { maxScheduledTasks, ScheduledTask } from "@turnkey/contracts";
import type { z } from "zod";
import { KeptList } from "../keptList.ts";
import { schedulesFileName } from "./schedules.ts";

/** A task as kept: what the API shows, less what is worked out again on load. */
export const StoredTask = ScheduledTask.omit({ problem: true });
export type StoredTask = z.infer<typeof StoredTask>;

export class ScheduleStore {
  private readonly list: KeptList<StoredTask>;

  constructor(file: string, now: () => number = Date.now) {
    this.list = new KeptList(
      file,
      { key: "tasks", item: StoredTask, max: maxScheduledTasks, what: "scheduled tasks" },
      now,
    );
  }

  static in(dataDir: string): ScheduleStore {
    return new ScheduleStore(join(dataDir, schedulesFileName));
  }

  load(): { tasks: StoredTask[]; problem: string | null } {
    const { items, problem } = this.list.load();
    return { tasks: items, problem };
  }

  save(tasks: StoredTask[]): void {
    this.list.save(tasks);
  }
}

// The scheduled tasks on disk: schedules.json in the data folder, private, written whole and
// renamed into place. Unlike settings.json (SettingsFile), a file that cannot be read is not
// replaced by defaults: the user's tasks are in it, so it is moved aside, kept, and named.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { maxScheduledTasks, ScheduledTask } from "@turnkey/contracts";
import { privateDirMode, privateFileMode, renameWithRetry } from "@turnkey/sidecar";
import { z } from "zod";

/** A task as kept: what the API shows, less what is worked out again on load. */
export const StoredTask = ScheduledTask.omit({ problem: true });
export type StoredTask = z.infer<typeof StoredTask>;

const StoredFile = z.object({ version: z.literal(1), tasks: z.array(StoredTask).max(maxScheduledTasks) });

export const schedulesFileName = "schedules.json";

export class ScheduleStore {
  /** Set when an unreadable file could not be moved aside: writing would lose it. */
  private blocked: string | null = null;

  constructor(
    private readonly file: string,
    private readonly now: () => number = Date.now,
  ) {}

  static in(dataDir: string): ScheduleStore {
    return new ScheduleStore(join(dataDir, schedulesFileName));
  }

  load(): { tasks: StoredTask[]; problem: string | null } {
    if (!existsSync(this.file)) return { tasks: [], problem: null };
    let why: string;
    try {
      const parsed = StoredFile.safeParse(JSON.parse(readFileSync(this.file, "utf8")));
      if (parsed.success) return { tasks: parsed.data.tasks, problem: null };
      why = `it does not hold tasks as this version writes them (${parsed.error.issues[0]?.message ?? "unknown"})`;
    } catch (error) {
      why = (error as Error).message;
    }
    const aside = join(dirname(this.file), `schedules.unreadable-${this.now()}.json`);
    try {
      renameWithRetry(this.file, aside);
    } catch (error) {
      this.blocked = `The scheduled tasks file ${this.file} cannot be read (${why}), nor moved aside (${(error as Error).message}). Move or fix it, then restart the app; until then no task can be saved.`;
      return { tasks: [], problem: this.blocked };
    }
    return {
      tasks: [],
      problem: `The scheduled tasks file could not be read (${why}). It is kept as ${basename(aside)} in the app's data folder, and the list started again.`,
    };
  }

  save(tasks: StoredTask[]): void {
    if (this.blocked) throw new Error(this.blocked);
    mkdirSync(dirname(this.file), { recursive: true, mode: privateDirMode });
    const temp = `${this.file}.tmp`;
    writeFileSync(temp, `${JSON.stringify({ version: 1, tasks }, null, 2)}\n`, { mode: privateFileMode });
    renameWithRetry(temp, this.file);
  }
}

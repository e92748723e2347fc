// Processes a backend starts that must not outlive it, written down one file each in a folder, so
// that the next backend ends what a dead one left running (SIGKILL, a crash, power loss): the
// sidecar's record and reaper (sidecarRecord.ts, reapOrphan.ts) for many processes at once. The
// Files tab's git is one: on POSIX it leads a process group of its own, which the backend's death
// does not end, so a push or a hook's commit would land after the app is gone (review 5, L6).
import { readdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import type { ProcessOps } from "./processTable.ts";
import { type ReapOutcome, type ReapRecordOptions, reapRecord } from "./reapOrphan.ts";
import { readRecordFile, type SidecarRecord, writeRecordFile } from "./sidecarRecord.ts";

const recordName = /^\d+\.json$/;

export function writeProcessRecord(dir: string, record: SidecarRecord): void {
  writeRecordFile(dir, join(dir, `${record.pid}.json`), record);
}

export function clearProcessRecord(dir: string, pid: number): void {
  rmSync(join(dir, `${pid}.json`), { force: true });
}

/**
 * Ends every recorded process tree whose backend is dead and whose pid still runs the program
 * recorded, started no later than recorded (reapRecord: a reused pid is never touched).
 */
export async function reapProcessRecords(
  dir: string,
  ops: ProcessOps,
  options: Pick<ReapRecordOptions, "graceMs"> & { selfPid?: number } = {},
): Promise<ReapOutcome[]> {
  const selfPid = options.selfPid ?? process.pid;
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return []; // no folder: nothing was ever recorded
  }
  const outcomes: ReapOutcome[] = [];
  for (const name of names) {
    const file = join(dir, name);
    const record = recordName.test(name) ? readRecordFile(file) : null;
    if (!record) {
      // Half a write (a `.tmp` of a backend killed mid-write) or not ours to read: nothing to end.
      rmSync(file, { force: true });
      continue;
    }
    if (record.backendPid === selfPid) continue; // this backend's own, running now
    const clear = () => rmSync(file, { force: true });
    const graceMs = options.graceMs !== undefined ? { graceMs: options.graceMs } : {};
    outcomes.push(await reapRecord(record, { ops, selfPid, word: null, clear, ...graceMs }));
  }
  return outcomes;
}

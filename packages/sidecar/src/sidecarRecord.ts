// The running sidecar, written down, so that the next backend can find and end it if this one
// dies without stopping it (killed, power loss, crash). Read back by the orphan reaper. The same
// record, one file per process, keeps the other processes a backend must not leave behind
// (processRecords.ts: the Files tab's git).
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";
import { privateDirMode, privateFileMode } from "./privateFiles.ts";
import { renameWithRetry } from "./renameRetry.ts";

export const SidecarRecord = z.object({
  pid: z.number().int().positive(),
  startedAt: z.number(),
  binaryPath: z.string().min(1),
  backendPid: z.number().int().positive(),
  /** The `NAME=value` its processes' environments hold (treeMark.ts); absent on Windows and in older records. */
  // Exactly a mark's shape, else none (the record still names the sidecar): an edited record
  // naming `PATH=/usr/bin` would end every process of the user.
  mark: z
    .string()
    .regex(/^TURNKEY_SIDECAR_TREE=[A-Za-z0-9_-]{16}$/)
    .optional()
    .catch(undefined),
});
export type SidecarRecord = z.infer<typeof SidecarRecord>;

export function recordPath(dataDir: string): string {
  return join(dataDir, "sidecar.json");
}

export function writeSidecarRecord(dataDir: string, record: SidecarRecord): void {
  writeRecordFile(dataDir, recordPath(dataDir), record);
}

export function readSidecarRecord(dataDir: string): SidecarRecord | null {
  return readRecordFile(recordPath(dataDir));
}

/** Writes `record` to `file` in `dir` (made private if missing). */
export function writeRecordFile(dir: string, file: string, record: SidecarRecord): void {
  mkdirSync(dir, { recursive: true, mode: privateDirMode });
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, JSON.stringify(record), { mode: privateFileMode });
  renameWithRetry(temp, file); // atomic: a crash never leaves half a record
}

/** The record in `file`, or null when it is missing or not one. */
export function readRecordFile(file: string): SidecarRecord | null {
  try {
    return SidecarRecord.parse(JSON.parse(readFileSync(file, "utf8")));
  } catch {
    return null;
  }
}

/** Removes the record (only if it names `pid`, when given); returns the record removed, if any. */
export function clearSidecarRecord(dataDir: string, pid?: number): SidecarRecord | null {
  const record = readSidecarRecord(dataDir);
  if (pid !== undefined && record?.pid !== pid) return null;
  rmSync(recordPath(dataDir), { force: true });
  return record;
}

// At start-up, before anything else: end the sidecar an earlier backend left running. Only when
// that backend is dead and the pid still runs our binary's `serve`, so a reused pid or a
// server the user started by hand is never touched. Windows reuses pids, so a process that
// started after the record was written is not ours either, whatever its command line.

import { systemTimers, withDeadline } from "./deadline.ts";
import { helperRunMs, type ProcessOps } from "./processTable.ts";
import { clearSidecarRecord, readSidecarRecord, type SidecarRecord } from "./sidecarRecord.ts";
import { terminateTree } from "./terminateTree.ts";

export type ReapOutcome =
  | { action: "none" }
  | { action: "left"; pid: number; reason: string }
  /** `ended`: what the gone sidecar's tools had left running, found by its tree's mark and ended. */
  | { action: "cleared"; pid: number; reason: string; ended?: number[] }
  | { action: "reaped"; pid: number; survivors: number[] };

/** `word`: one the command line must hold besides the binary (opencode's `serve`), null for none. */
export function commandLineMatches(
  commandLine: string,
  binaryPath: string,
  platform: NodeJS.Platform,
  word: string | null = "serve",
): boolean {
  const norm = (s: string) => (platform === "win32" ? s.replaceAll("/", "\\").toLowerCase() : s);
  const line = norm(commandLine);
  return line.includes(norm(binaryPath)) && (word === null || new RegExp(`\\b${word}\\b`).test(line));
}

/** Clock granularity and the gap between spawn and writing the record. */
const startSlackMs = 2_000;

export async function reapOrphan(dataDir: string, ops: ProcessOps, selfPid = process.pid): Promise<ReapOutcome> {
  const record = readSidecarRecord(dataDir);
  if (!record) return { action: "none" };
  return reapRecord(record, { ops, selfPid, word: "serve", clear: () => clearSidecarRecord(dataDir) });
}

export interface ReapRecordOptions {
  ops: ProcessOps;
  selfPid: number;
  /** What the command line must hold besides the binary (commandLineMatches). */
  word: string | null;
  /** Removes the record once nothing of it is left to end. */
  clear: () => void;
  /** SIGTERM first and SIGKILL this much later (POSIX), for a program that cleans up on SIGTERM; at once when absent. */
  graceMs?: number;
  /** How long the look at the recorded process may take (default: see linuxLookMs). */
  lookMs?: number;
}

/**
 * Linux reads the recorded process's command line from /proc, which waits on that process's
 * memory-map lock: a process stuck holding it (on a dead network mount) would hold the start-up
 * reap, and so the first start, for ever. Elsewhere the look is a `ps` or PowerShell run (a cold
 * PowerShell can take seconds), which runFile ends at helperRunMs.
 */
const linuxLookMs = 2_000;

/** Ends the tree a record names, when its backend is dead and the pid is still the process recorded. */
export async function reapRecord(record: SidecarRecord, options: ReapRecordOptions): Promise<ReapOutcome> {
  const { ops, selfPid, clear } = options;
  if (record.backendPid !== selfPid && ops.isAlive(record.backendPid)) {
    return { action: "left", pid: record.pid, reason: `its backend (pid ${record.backendPid}) is still running` };
  }
  // Elsewhere a helper killed at helperRunMs answers null, which would read as "gone": the look
  // ends just before, as late.
  const lookMs = options.lookMs ?? (ops.platform === "linux" ? linuxLookMs : helperRunMs - 1_000);
  const look = <T>(work: Promise<T>) => withDeadline<T | "late">(work, lookMs, () => "late", systemTimers);
  const commandLine = ops.isAlive(record.pid) ? await look(ops.commandLine(record.pid)) : null;
  // Not knowing what it runs, it is neither ended nor its record removed.
  if (commandLine === "late") return lateLook(record, lookMs);
  // No answer for a process that runs is not "gone" either (review 13, F8): a helper that failed
  // (PowerShell blocked), or a process it may not open (a service's, after a reboot reused the pid,
  // whose start time it can still read: a newer one is cleared as such, R5). One that ended meanwhile is gone.
  const unread = commandLine === null && ops.isAlive(record.pid);
  if (
    !unread &&
    (commandLine === null || !commandLineMatches(commandLine, record.binaryPath, ops.platform, options.word))
  )
    return cleared(record, options, "no such process runs any more");
  const startedAt = await look(ops.startTimeMs(record.pid));
  if (startedAt === "late") return lateLook(record, lookMs);
  if (startedAt !== null && record.startedAt > 0 && startedAt > record.startedAt + startSlackMs)
    return cleared(record, options, "that pid now belongs to a newer process");
  if (unread) return { action: "left", pid: record.pid, reason: "what it runs could not be read" };
  const result = await terminateTree(record.pid, {
    ops,
    graceful: options.graceMs !== undefined,
    graceMs: options.graceMs ?? 0,
    processGroup: ops.platform !== "win32",
    ...(record.mark ? { mark: record.mark } : {}),
  });
  if (result.survivors.length === 0) clear();
  return { action: "reaped", pid: record.pid, survivors: result.survivors };
}

function lateLook(record: SidecarRecord, lookMs: number): ReapOutcome {
  return { action: "left", pid: record.pid, reason: `what it runs could not be read within ${lookMs / 1000} s` };
}

/** How long what a dead sidecar's tools left running gets to end on SIGTERM before SIGKILL. */
const markedGraceMs = 2_000;

/**
 * The recorded process is gone (or is not ours): what its tools left running, found by the tree's
 * mark, is ended all the same, and the record removed.
 */
async function cleared(record: SidecarRecord, options: ReapRecordOptions, reason: string): Promise<ReapOutcome> {
  const ended = record.mark
    ? (await terminateTree(null, { ops: options.ops, graceful: true, graceMs: markedGraceMs, mark: record.mark }))
        .members
    : [];
  options.clear();
  return { action: "cleared", pid: record.pid, reason, ...(ended.length > 0 ? { ended } : {}) };
}

// One build of the web UI at a time across processes (parallel test workers, a second
// `npm run serve`): a lock folder that names its owner's pid. A lock whose owner has died (Ctrl+C
// during a first build, a killed test run) is taken over at once; a live owner is waited for,
// saying so once, however long its build takes (review 5, L9: the lock used to count as stale by
// its age alone, so a dead build's lock meant 5 silent minutes and a slow live build lost its lock).
// Synchronous on purpose: it runs before the backend or a test file starts anything.
import { mkdirSync, readFileSync, rmdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { signalZeroAlive } from "@turnkey/sidecar/processTable";

export interface BuildLockOptions {
  /** Gives up (with a sentence) after this long behind a live owner. */
  deadlineMs?: number;
  say?: (line: string) => void;
  isAlive?: (pid: number) => boolean;
}

// Signal 0 tests whether a process exists without affecting it, on Windows too (Node's docs,
// process.kill: "As a special case, a signal of 0 can be used to test for the existence of a
// process"; "Windows … 0 can be sent"). The small module, not the package's index, so the first
// step of `npm run serve` loads nothing else of the sidecar.
export const pidIsAlive = signalZeroAlive;

/** Runs `fn` while holding `lock`, a folder holding an `owner` file with the holder's pid. */
export function withBuildLock(lock: string, what: string, fn: () => void, options: BuildLockOptions = {}): void {
  const deadline = Date.now() + (options.deadlineMs ?? 30 * 60_000);
  const say = options.say ?? ((line: string) => process.stderr.write(`${line}\n`));
  const isAlive = options.isAlive ?? pidIsAlive;
  const ownerFile = join(lock, "owner");
  let said = false;
  mkdirSync(dirname(lock), { recursive: true });
  for (;;) {
    try {
      mkdirSync(lock);
      writeFileSync(ownerFile, String(process.pid));
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
    const owner = ownerOf(ownerFile, lock);
    if (owner === "gone" || (typeof owner === "number" && !isAlive(owner))) {
      takeOver(lock, ownerFile, owner);
      continue;
    }
    if (Date.now() > deadline)
      throw new Error(`Another ${what} (pid ${owner}) is still running; wait for it, or stop it and try again.`);
    if (!said) say(`Waiting for another ${what} (pid ${owner}) to finish…`);
    said = true;
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 200); // a synchronous pause
  }
  try {
    fn();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

/**
 * Removes a dead owner's lock, but only if it still is that owner's. Two waiters that both read the
 * dead pid would otherwise both remove "the" lock, the second removing the one the first had just
 * taken, and build beside it (review 6, L2). So removal happens under a second lock folder, after
 * reading the owner again: while the owner is the dead one, nobody else can change the folder
 * (only a take-over removes a lock, and a new one is made only where none is). A take-over folder
 * older than 10 s was left by a waiter killed in those few microseconds, and is removed.
 */
function takeOver(lock: string, ownerFile: string, seen: number | "gone"): void {
  const guard = `${lock}.takeover`;
  try {
    mkdirSync(guard);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    const made = statSync(guard, { throwIfNoEntry: false })?.mtimeMs;
    if (made !== undefined && Date.now() - made > 10_000) rmSync(guard, { recursive: true, force: true });
    return; // another waiter is taking over: read the lock again
  }
  try {
    if (ownerOf(ownerFile, lock) === seen) rmSync(lock, { recursive: true, force: true });
  } finally {
    rmdirSync(guard);
  }
}

/**
 * The pid in the owner file; "starting" while a new owner has made the folder but not yet written
 * it; "gone" for a folder without an owner for over 10 s (left by an older version of this lock).
 */
function ownerOf(ownerFile: string, lock: string): number | "starting" | "gone" {
  try {
    const pid = Number.parseInt(readFileSync(ownerFile, "utf8"), 10);
    if (Number.isInteger(pid) && pid > 0) return pid;
  } catch {
    // no owner file (yet)
  }
  const made = statSync(lock, { throwIfNoEntry: false })?.mtimeMs;
  return made === undefined || Date.now() - made > 10_000 ? "gone" : "starting";
}

// One build of the web UI at a time across processes (parallel test workers, a second
// `npm run serve`): a lock folder that names its owner's pid. A lock whose owner has died (Ctrl+C
// during a first build, a killed test run) is taken over at once; a live owner is waited for,
// saying so once, however long its build takes (review 5, L9: the lock used to count as stale by
// its age alone, so a dead build's lock meant 5 silent minutes and a slow live build lost its lock).
// Synchronous on purpose: it runs before the backend or a test file starts anything.
import { mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";

export interface BuildLockOptions {
  /** Gives up (with a sentence) after this long behind a live owner. */
  deadlineMs?: number;
  say?: (line: string) => void;
  isAlive?: (pid: number) => boolean;
}

// Signal 0 tests whether a process exists without affecting it, on Windows too (Node's docs,
// process.kill: "As a special case, a signal of 0 can be used to test for the existence of a
// process"; "Windows … 0 can be sent"; EPERM means it exists but is not ours to signal).
export function pidIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists, run by someone else.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

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
    if (owner === "gone") {
      rmSync(lock, { recursive: true, force: true });
      continue;
    }
    if (typeof owner === "number" && !isAlive(owner)) {
      rmSync(lock, { recursive: true, force: true });
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

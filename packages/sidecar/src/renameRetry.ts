// Renames that survive Windows' file locks. An antivirus scanner, the search indexer or a backup
// tool briefly opens a file we just wrote, and MoveFileEx then fails with a sharing violation,
// which Node reports as EPERM, EBUSY or EACCES. The usual remedy (graceful-fs polyfills rename on
// win32 the same way) is to try again for a short while; a rename that still fails throws the
// last error, for the caller to turn into a sentence.
import { renameSync } from "node:fs";

const transient = new Set(["EPERM", "EBUSY", "EACCES"]);

export interface RenameRetryOptions {
  /** Total time to keep trying (default 2 s). */
  budgetMs?: number;
  rename?: (from: string, to: string) => void;
  /** Blocks for `ms` (default: Atomics.wait, so sync callers stay sync). */
  pause?: (ms: number) => void;
}

const blockingPause = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

export function renameWithRetry(from: string, to: string, options: RenameRetryOptions = {}): void {
  const rename = options.rename ?? renameSync;
  const pause = options.pause ?? blockingPause;
  let waitedMs = 0;
  for (let delayMs = 10; ; delayMs = Math.min(delayMs * 2, 250)) {
    try {
      rename(from, to);
      return;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? "";
      if (!transient.has(code) || waitedMs >= (options.budgetMs ?? 2_000)) throw error;
      pause(delayMs);
      waitedMs += delayMs;
    }
  }
}

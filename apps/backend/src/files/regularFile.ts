// Reads of files the backend does not own and reads on the event loop (a project's .git/HEAD on
// every project list, a folder's OpenCode config on every call into it): only a regular file under
// a size cap is read, opened non-blocking, so a named pipe put where a file was (which a tool can
// make) never blocks the backend, and a huge file is never read whole.
import { closeSync, constants, fstatSync, openSync, readSync } from "node:fs";

/**
 * A regular file's bytes: null when it cannot be opened or read, "not a file" for something that
 * is not a regular file once opened (a named pipe swapped in after a stat) or is over `maxBytes`.
 */
export function readRegularFile(file: string, maxBytes: number): Buffer | null | "not a file" {
  let fd: number;
  try {
    // O_NONBLOCK: opening a FIFO returns at once instead of waiting for a writer (not on Windows).
    fd = openSync(file, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch {
    return null;
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile() || stat.size > maxBytes) return "not a file";
    const buffer = Buffer.alloc(stat.size);
    return buffer.subarray(0, readSync(fd, buffer, 0, stat.size, 0));
  } catch {
    return null;
  } finally {
    closeSync(fd);
  }
}

/** A regular file's text if it is small; null for anything else (FIFO, device, folder, huge file). */
export function readSmallFile(file: string, maxBytes: number): string | null {
  const bytes = readRegularFile(file, maxBytes);
  return typeof bytes === "string" ? null : (bytes?.toString("utf8") ?? null);
}

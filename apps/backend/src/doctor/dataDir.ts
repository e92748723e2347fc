// Whether the data folder can hold what the backend writes: settings, logs, opencode's database
// and the runtime's versions (~150 MB each). Checked before the backend starts, so an unwritable
// folder or a full disk is named instead of surfacing as a stack trace, and again by the doctor.
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, rmSync, statfsSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";

/** Less than this free and an update cannot fit. */
export const lowDiskBytes = 256 * 2 ** 20;

export class DataDirError extends Error {
  constructor(
    readonly kind: "not_writable" | "disk_full",
    message: string,
  ) {
    super(message);
  }
}

/** Throws a DataDirError naming the problem; returns the free bytes when it is fine. */
export function checkDataDir(dir: string): { freeBytes: number | null } {
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const probe = join(dir, `.write-test-${randomBytes(4).toString("hex")}`);
    try {
      writeFileSync(probe, Buffer.alloc(64 * 1024), { mode: 0o600 });
    } finally {
      rmSync(probe, { force: true });
    }
  } catch (error) {
    throw dataDirError(dir, realCause(dir, error));
  }
  try {
    const fs = statfsSync(dir);
    return { freeBytes: fs.bavail * fs.bsize };
  } catch {
    return { freeBytes: null };
  }
}

/**
 * Node's recursive mkdir reports ENOENT when a parent cannot be created, whatever the reason:
 * write into the nearest folder that exists to learn the real one (EROFS, EACCES, ENOSPC).
 */
function realCause(dir: string, error: unknown): unknown {
  if ((error as NodeJS.ErrnoException).code !== "ENOENT") return error;
  let parent = dirname(dir);
  while (!existsSync(parent) && dirname(parent) !== parent) parent = dirname(parent);
  const probe = join(parent, `.write-test-${randomBytes(4).toString("hex")}`);
  try {
    writeFileSync(probe, "");
    rmSync(probe, { force: true });
    return error;
  } catch (cause) {
    return cause;
  }
}

export function dataDirError(dir: string, error: unknown): DataDirError {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === "ENOSPC" || code === "EDQUOT") {
    return new DataDirError(
      "disk_full",
      `The disk holding the data folder ${dir} is full. Free some space (or choose another folder with --data-dir), then start again.`,
    );
  }
  const why =
    code === "EROFS"
      ? "it is on a read-only file system"
      : code === "EACCES" || code === "EPERM"
        ? "permission was denied"
        : code === "ENOTDIR" || code === "EEXIST"
          ? "part of its path is a file, not a folder"
          : `${code ?? (error as Error).message}`;
  return new DataDirError(
    "not_writable",
    `The data folder ${dir} cannot be written (${why}). Fix its permissions, or choose another folder with --data-dir (or TURNKEY_DATA_DIR).`,
  );
}

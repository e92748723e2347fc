// The git branch a folder is on, read from `.git/HEAD` (no git process per menu refresh). Walks up
// to the repository root and follows a worktree's or submodule's `.git` file. It runs on the event
// loop for every project list, so it never blocks: only regular files under a size cap are read,
// opened non-blocking (a FIFO named .git or HEAD, which a tool can make, would otherwise hang the
// backend for ever), and the walk stops where the folder's owner or filesystem changes, as git's
// own discovery does (another user's /tmp/.git is not this project's repository).
import { closeSync, constants, fstatSync, openSync, readSync, statSync } from "node:fs";
import path from "node:path";

/** HEAD and a `.git` pointer file are one line; anything larger is not git's. */
const maxGitFileBytes = 4096;

export function gitBranch(folder: string): string | null {
  let dir = folder;
  let start: { dev: number; uid: number };
  try {
    start = statSync(folder);
  } catch {
    return null;
  }
  for (let depth = 0; depth < 64; depth++) {
    const gitDir = gitDirOf(dir);
    if (gitDir) {
      const head = readSmallFile(path.join(gitDir, "HEAD"))?.trim();
      const ref = head ? /^ref: refs\/heads\/(.+)$/.exec(head) : null;
      return ref?.[1] ?? null; // a detached HEAD has no branch
    }
    const parent = path.dirname(dir);
    if (parent === dir) return null;
    try {
      const above = statSync(parent);
      if (above.dev !== start.dev || above.uid !== start.uid) return null;
    } catch {
      return null;
    }
    dir = parent;
  }
  return null;
}

function gitDirOf(dir: string): string | null {
  const dotGit = path.join(dir, ".git");
  try {
    if (statSync(dotGit).isDirectory()) return dotGit;
  } catch {
    return null;
  }
  const text = readSmallFile(dotGit);
  const pointer = text ? /^gitdir: (.+)$/m.exec(text) : null;
  return pointer?.[1] ? path.resolve(dir, pointer[1].trim()) : null;
}

/** A regular file's text if it is small; null for anything else (FIFO, device, folder, huge file). */
export function readSmallFile(file: string, maxBytes = maxGitFileBytes): string | null {
  const bytes = readRegularFile(file, maxBytes);
  return typeof bytes === "string" ? null : (bytes?.toString("utf8") ?? null);
}

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

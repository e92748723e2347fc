// The git branch a folder is on, read from `.git/HEAD` (no git process per menu refresh). Walks up
// to the repository root and follows a worktree's or submodule's `.git` file. It runs on the event
// loop for every project list, so it never blocks: only regular files under a size cap are read,
// opened non-blocking (files/regularFile.ts: a FIFO named .git or HEAD, which a tool can make,
// would otherwise hang the backend for ever), and the walk stops where the folder's owner or
// filesystem changes, as git's own discovery does (another user's /tmp/.git is not this project's
// repository).
import { statSync } from "node:fs";
import path from "node:path";
import { readSmallFile } from "../files/regularFile.ts";

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
      const head = readSmallFile(path.join(gitDir, "HEAD"), maxGitFileBytes)?.trim();
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
  const text = readSmallFile(dotGit, maxGitFileBytes);
  const pointer = text ? /^gitdir: (.+)$/m.exec(text) : null;
  return pointer?.[1] ? path.resolve(dir, pointer[1].trim()) : null;
}

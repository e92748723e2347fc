// The git branch a folder is on, read from `.git/HEAD` (no git process per menu refresh). Walks up
// to the repository root and follows a worktree's or submodule's `.git` file.
import { readFileSync, statSync } from "node:fs";
import path from "node:path";

export function gitBranch(folder: string): string | null {
  let dir = folder;
  for (let depth = 0; depth < 64; depth++) {
    const gitDir = gitDirOf(dir);
    if (gitDir) {
      try {
        const head = readFileSync(path.join(gitDir, "HEAD"), "utf8").trim();
        const ref = /^ref: refs\/heads\/(.+)$/.exec(head);
        return ref?.[1] ?? null; // a detached HEAD has no branch
      } catch {
        return null;
      }
    }
    const parent = path.dirname(dir);
    if (parent === dir) return null;
    dir = parent;
  }
  return null;
}

function gitDirOf(dir: string): string | null {
  const dotGit = path.join(dir, ".git");
  try {
    if (statSync(dotGit).isDirectory()) return dotGit;
    const pointer = /^gitdir: (.+)$/m.exec(readFileSync(dotGit, "utf8"));
    return pointer?.[1] ? path.resolve(dir, pointer[1].trim()) : null;
  } catch {
    return null;
  }
}

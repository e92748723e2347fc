// Whether OpenCode keeps copies of a session's files, so an undo puts them back: it takes its
// snapshots when the folder's project is a git one, which it finds as git does, by a `.git`
// entry (a folder, or a worktree's file) in the folder or a parent. A repository without a commit
// yet counts (its project id is then "global", which is why that id is not the test). The answer
// is kept a few seconds per folder: a list of a hundred sessions asks once per folder, and a
// `git init` shows soon.
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";

const keptMs = 5_000;
const kept = new Map<string, { tracked: boolean; at: number }>();

export function filesTracked(directory: string, now = Date.now()): boolean {
  const known = kept.get(directory);
  if (known && now - known.at < keptMs) return known.tracked;
  let tracked = false;
  for (let dir = directory; ; dir = dirname(dir)) {
    if (existsSync(join(dir, ".git"))) {
      tracked = true;
      break;
    }
    if (dirname(dir) === dir) break;
  }
  // Bounded: the folders of a few projects, but a long-running backend sees every one it is asked.
  if (kept.size > 500) kept.clear();
  kept.set(directory, { tracked, at: now });
  return tracked;
}

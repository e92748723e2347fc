// The files under a folder, sorted, bounded: for the agent, command and skill listings. Following
// links to folders as OpenCode's globs do (`symlink: true`) makes a folder of links a tree that
// grows by its branching at each level (review 27, H2: eight links to `.` were 12 s of blocking
// reads at depth 6, and listed `loop/a`, `loop/loop/a`… as agents), so each real folder is read
// once, and the folders read are counted as well as the files found.
import { type Dirent, readdirSync, realpathSync, statSync } from "node:fs";
import { join } from "node:path";

export interface WalkLimits {
  /** Follow links to folders (a listing), or list a link as the entry it is (what a removal deletes). */
  follow: boolean;
  maxDepth: number;
  maxFiles: number;
  maxFolders: number;
}

export interface Found {
  path: string;
  /** A link (when not followed, also a link to a folder). */
  link: boolean;
}

/** A link to a folder, when links are followed. */
function linkedFolder(entry: Dirent, path: string): boolean {
  if (!entry.isSymbolicLink()) return false;
  try {
    return statSync(path).isDirectory();
  } catch {
    return false; // a broken link
  }
}

/** The files under `folder` that `take` wants, sorted by name at each level, within the limits. */
export function walkFiles(folder: string, limits: WalkLimits, take: (name: string, depth: number) => boolean): Found[] {
  const found: Found[] = [];
  const seen = new Set<string>();
  let folders = 0;
  const walk = (dir: string, depth: number) => {
    if (folders >= limits.maxFolders) return;
    folders += 1;
    if (limits.follow) {
      let real: string;
      try {
        real = realpathSync(dir);
      } catch {
        return;
      }
      if (seen.has(real)) return; // a loop, or a second way to the same folder
      seen.add(real);
    }
    let entries: Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return; // missing or unreadable: opencode finds nothing there either
    }
    for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      if (found.length >= limits.maxFiles) return;
      const path = join(dir, entry.name);
      if (entry.isDirectory() || (limits.follow && linkedFolder(entry, path))) {
        if (depth < limits.maxDepth) walk(path, depth + 1);
      } else if ((entry.isFile() || entry.isSymbolicLink()) && take(entry.name, depth))
        found.push({ path, link: entry.isSymbolicLink() });
    }
  };
  walk(folder, 0);
  return found;
}

// Where a folder's own OpenCode config is, found the way opencode 1.18.33 walks for it (its
// ConfigPaths: opencode.json(c) and `.opencode` folders from the folder up to its git worktree,
// or to the file system's root outside git), without running anything. The trust gate asks on
// every call into a folder that is not trusted, so the answer is kept against the walked folders'
// stamps: a file created or removed in one of them (the agent writing opencode.json) changes that
// folder's times, and the next call walks again. The stamp holds the change time and inode too, and
// the answer is at most maxAgeMs old: a modification time is the writer's to put back (`tar x`,
// `rsync -a`, `touch -r`), and FAT or network folders keep coarse ones (review 12, F3).
import { readdirSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { up, worktreeOf } from "../share/projectShare.ts";
import { stamp } from "./configDigest.ts";

/** The folders opencode reads config from between `directory` and its worktree root, nearest first. */
function levels(directory: string): string[] {
  const stop = worktreeOf(directory);
  const found: string[] = [];
  for (let folder = directory; ; folder = dirname(folder)) {
    found.push(folder);
    if (folder === stop || dirname(folder) === folder) return found;
  }
}

function nonEmptyFolder(path: string): boolean {
  try {
    return readdirSync(path).length > 0;
  } catch {
    return false; // a file named .opencode, or unreadable: opencode finds nothing in it either
  }
}

/**
 * The folder's own config files and non-empty `.opencode` folders. The home folder's own
 * (`~/opencode.json`, `~/.opencode`) are the user's, read for every folder: not the project's.
 */
export function findConfigPlaces(directory: string, home: string): string[] {
  const walked = levels(directory);
  const stop = walked[walked.length - 1] ?? directory;
  return up(["opencode.json", "opencode.jsonc", ".opencode"], directory, stop).filter(
    (path) => dirname(path) !== home && (basename(path) !== ".opencode" || nonEmptyFolder(path)),
  );
}

/** findConfigPlaces, answered again only when one of the walked folders changed. */
export class ConfigPlaces {
  private readonly known = new Map<string, { signature: string; places: string[]; at: number }>();

  constructor(
    private readonly home: string,
    private readonly now: () => number = Date.now,
  ) {}

  of(directory: string): string[] {
    const walked = levels(directory);
    const dotFolders = walked.map((folder) => join(folder, ".opencode"));
    const signature = stamp([...walked, ...dotFolders]);
    const cached = this.known.get(directory);
    if (cached?.signature === signature && this.now() - cached.at < maxAgeMs) return cached.places;
    const places = findConfigPlaces(directory, this.home);
    if (this.known.size > 200) this.known.clear(); // folders come and go; stay small
    this.known.set(directory, { signature, places, at: this.now() });
    return places;
  }
}

/** The longest a folder's config places are taken from the folders' stamps without a new walk. */
const maxAgeMs = 30_000;

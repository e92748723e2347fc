// What a folder's OpenCode config says, as one digest, so that trust is given to what the card
// showed and not to the folder for ever (review 9, S1): the agent's edit tool writes files without
// a bash approval, and our own provider changes make OpenCode load every folder again, so a plugin
// written into a trusted folder would otherwise run at the next load. The digest covers every file
// of the config places (opencode.json(c) and whatever `.opencode` holds), not the files opencode
// writes there itself when it installs its plugin package (node_modules, package.json, the lock
// files, .gitignore), which would otherwise undo the trust at the first load, and not the
// `"$schema"` key opencode adds to a config file that lacks one (it rewrites the project's
// opencode.json on its first load: seen in the trust test). Each call compares
// the files' stat stamps first and hashes only when one changed, so a trusted folder's calls cost a
// few stats; at most every rehashAfterMs the files are hashed anyway.
import { createHash } from "node:crypto";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { basename, join } from "node:path";
import { type ParseError, parse } from "jsonc-parser";

/** What opencode's own install writes into a `.opencode` folder (1.18.33's Npm.install). */
export const opencodesOwn = new Set([
  "node_modules",
  "package.json",
  "package-lock.json",
  "bun.lock",
  "bun.lockb",
  ".gitignore",
]);

/** The most files of a folder's config that are read: a folder with more cannot be trusted. */
export const maxConfigFiles = 500;
/** How deep a `.opencode` folder is walked: one with deeper files cannot be trusted either. */
const maxConfigDepth = 4;

/**
 * Every file of these config places, in a stable order, and whether that is all of them: past
 * maxConfigFiles files or maxConfigDepth folders the walk stops, and what it did not read could be
 * a plugin nobody was shown, or one changed later without changing the digest (review 10, A1).
 */
export function configFiles(places: string[]): { files: string[]; complete: boolean } {
  const files: string[] = [];
  let complete = true;
  const walk = (path: string, depth: number) => {
    if (!complete) return;
    const stat = statSync(path, { throwIfNoEntry: false });
    if (!stat) return;
    if (stat.isFile()) {
      if (files.length >= maxConfigFiles) complete = false;
      else files.push(path);
      return;
    }
    if (!stat.isDirectory()) return;
    if (depth > maxConfigDepth) {
      complete = false;
      return;
    }
    let names: string[];
    try {
      names = readdirSync(path).sort();
    } catch {
      return;
    }
    for (const name of names) if (depth > 0 || !opencodesOwn.has(name)) walk(join(path, name), depth + 1);
  };
  for (const place of places) walk(place, basename(place) === ".opencode" ? 0 : 1);
  return { files, complete };
}

/**
 * Size, modification and change times and inode: what changes when any file is written, cheap to
 * read. The modification time alone is the writer's to set (`touch -r`, utimes): an edit of the
 * same size with its time put back would keep the old digest. The change time is the kernel's on
 * POSIX (utimes sets it to now); Windows lets a program with write access set it too
 * (SetFileInformationByHandle, FILE_BASIC_INFO's ChangeTime), hence the hash again at least every
 * rehashAfterMs whatever the stamps say.
 */
function stamp(files: string[]): string {
  return files
    .map((file) => {
      const stat = statSync(file, { throwIfNoEntry: false });
      return stat ? `${file}:${stat.size}:${stat.mtimeMs}:${stat.ctimeMs}:${stat.ino}` : `${file}:-`;
    })
    .join("\n");
}

/** The longest a digest is taken from its stamps without reading the files again. */
const rehashAfterMs = 30_000;

/** The digest of the config's files, hashed again only when their stamps change. */
export class ConfigDigests {
  private readonly known = new Map<string, { stamp: string; digest: string; complete: boolean; at: number }>();

  constructor(private readonly now: () => number = Date.now) {}

  of(directory: string, places: string[]): string {
    return this.read(directory, places).digest;
  }

  /** The digest, and whether every file of the config was read (configFiles). */
  read(directory: string, places: string[]): { digest: string; complete: boolean } {
    const { files, complete } = configFiles(places);
    // An incomplete walk is in the stamp and the digest, so it never matches a complete one.
    const stamped = `${complete ? "" : "(incomplete)\n"}${stamp(files)}`;
    const cached = this.known.get(directory);
    if (cached?.stamp === stamped && this.now() - cached.at < rehashAfterMs) return cached;
    const hash = createHash("sha256");
    if (!complete) hash.update("(incomplete)\0");
    for (const file of files) {
      hash.update(file).update("\0");
      try {
        hash.update(comparable(file));
      } catch {
        hash.update("(unreadable)");
      }
      hash.update("\0");
    }
    const digest = hash.digest("hex");
    if (this.known.size > 200) this.known.clear();
    const read = { stamp: stamped, digest, complete, at: this.now() };
    this.known.set(directory, read);
    return read;
  }
}

/** A config file's settings without the `$schema` opencode adds; any other file as it is. */
function comparable(file: string): string | Buffer {
  const bytes = readFileSync(file);
  if (!/^opencode\.jsonc?$/.test(basename(file))) return bytes;
  const errors: ParseError[] = [];
  const value = parse(bytes.toString("utf8"), errors, { allowTrailingComma: true });
  if (errors.length > 0 || value === null || typeof value !== "object" || Array.isArray(value)) return bytes;
  const { $schema: _schema, ...settings } = value as Record<string, unknown>;
  return JSON.stringify(settings);
}

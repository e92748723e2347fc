// What a folder's OpenCode config says, as one digest, so that trust is given to what the card
// showed and not to the folder for ever (review 9, S1): the agent's edit tool writes files without
// a bash approval, and our own provider changes make OpenCode load every folder again, so a plugin
// written into a trusted folder would otherwise run at the next load. The digest covers every file
// of the config places (opencode.json(c) and whatever `.opencode` holds), not the files opencode
// writes there itself when it installs its plugin package (node_modules, package.json, the lock
// files, .gitignore), which would otherwise undo the trust at the first load, and not the
// `"$schema"` key opencode adds to a config file that lacks one (it rewrites the project's
// opencode.json on its first load: seen in the trust test). `.opencode/package.json` counts
// without the one dependency opencode adds (its other dependencies are installed for the plugins to
// import). node_modules does not: 3,600 files after opencode's install, too many to stamp on every
// call (a limit the README names). The files a config reads through
// `{file:…}` are in it too, since OpenCode puts their text into the config. Each call compares
// the files' stat stamps first and hashes only when one changed, so a trusted folder's calls cost a
// few stats; at most every rehashAfterMs the files are hashed anyway.
import { createHash } from "node:crypto";
import { readdirSync, statSync } from "node:fs";
import { basename, dirname, isAbsolute, join, resolve } from "node:path";
import { type Node, type ParseError, parseTree } from "jsonc-parser";
import { readRegularFile } from "../files/regularFile.ts";

/** What opencode's own install writes into a `.opencode` folder (1.18.33's Npm.install). */
export const opencodesOwn = new Set([
  "node_modules",
  "package.json",
  "package-lock.json",
  "bun.lock",
  "bun.lockb",
  ".gitignore",
]);

/** The most files (and folders) of a folder's config that are read: a folder with more cannot be trusted. */
export const maxConfigFiles = 500;
/** The largest config file read whole (a bundled plugin can be a few MB): a larger one cannot be trusted. */
export const maxConfigFileBytes = 16 * 1024 * 1024;
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
  // Folders count too: a `.opencode` of 100,000 empty folders would be walked on every call.
  let entries = 0;
  const walk = (path: string, depth: number) => {
    if (!complete) return;
    let stat: ReturnType<typeof statSync>;
    try {
      stat = statSync(path, { throwIfNoEntry: false });
    } catch {
      // A symbolic link loop (ELOOP), a name too long, no permission: what is there cannot be said.
      complete = false;
      return;
    }
    if (!stat) return;
    if (++entries > maxConfigFiles) {
      complete = false;
      return;
    }
    if (stat.isFile()) {
      files.push(path);
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
export function stamp(files: string[]): string {
  return files
    .map((file) => {
      try {
        const stat = statSync(file, { throwIfNoEntry: false });
        return stat ? `${file}:${stat.size}:${stat.mtimeMs}:${stat.ctimeMs}:${stat.ino}` : `${file}:-`;
      } catch {
        return `${file}:?`;
      }
    })
    .join("\n");
}

/**
 * A config file's bytes: null when it cannot be opened (hashed as unreadable: OpenCode cannot read
 * it either), "not a file" for what must not be read (a named pipe swapped in after the walk's
 * stat, which would block this whole process in a plain read) or a file over maxConfigFileBytes.
 */
const readConfigFile = (file: string) => readRegularFile(file, maxConfigFileBytes);

/** The longest a digest is taken from its stamps without reading the files again. */
const rehashAfterMs = 30_000;

/** The digest of the config's files, hashed again only when their stamps change. */
export class ConfigDigests {
  private readonly known = new Map<
    string,
    { stamp: string; digest: string; complete: boolean; at: number; references: string[] }
  >();

  /** `home`: where a `{file:~/…}` reference points, as OpenCode resolves it. */
  constructor(
    private readonly home: string,
    private readonly now: () => number = Date.now,
  ) {}

  of(directory: string, places: string[]): string {
    return this.read(directory, places).digest;
  }

  /** The digest, and whether every file of the config was read (configFiles). */
  read(directory: string, places: string[]): { digest: string; complete: boolean } {
    const walked = configFiles(places);
    // `.opencode/package.json` is opencode's to write (the dependency on its plugin package), and
    // what it installs: any other dependency a trusted plugin imports is code too (review 12, F2).
    const packageFiles = places.filter((place) => basename(place) === ".opencode").map((p) => join(p, "package.json"));
    const configStamp = `${walked.complete ? "" : "(incomplete)\n"}${stamp(walked.files)}\n${stamp(packageFiles)}`;
    const stamped = (references: string[]) => `${configStamp}\n${stamp(references)}`;
    const cached = this.known.get(directory);
    // The files `{file:…}` references named at the last hash are stamped too: OpenCode puts their
    // text into the config, so a changed one changes what the config does.
    if (cached && cached.stamp === stamped(cached.references) && this.now() - cached.at < rehashAfterMs) return cached;
    let complete = walked.complete;
    const references: string[] = [];
    const hash = createHash("sha256");
    // A referenced file's own `{file:…}` text is not followed: OpenCode puts it in as it is.
    const add = (file: string, followReferences: boolean) => {
      hash.update(file).update("\0");
      const bytes = readConfigFile(file);
      if (bytes === "not a file") complete = false;
      else if (bytes === null) hash.update("(unreadable)");
      else {
        const config = /^opencode\.jsonc?$/.test(basename(file));
        hash.update(config ? comparable(bytes) : bytes);
        if (config && followReferences) {
          const text = bytes.toString("utf8");
          // OpenCode puts `{env:…}` values in before it looks for `{file:…}`: a reference built from
          // one (`{{env:UNSET}file:x}`, `{file:{env:HOME}/x}`) names a file this walk cannot be sure
          // of, so such a config cannot be trusted from here (review 13, trust F1).
          if (builtFromEnvironment(text)) complete = false;
          for (const target of fileReferences(text, dirname(file), this.home))
            if (!references.includes(target)) references.push(target);
        }
      }
      hash.update("\0");
    };
    for (const file of walked.files) add(file, true);
    for (const file of packageFiles) {
      const bytes = readConfigFile(file);
      if (bytes === "not a file") complete = false;
      const settings = bytes === null || bytes === "not a file" ? null : packageSettings(bytes);
      if (settings !== null) hash.update(file).update("\0").update(settings).update("\0");
    }
    hash.update("(references)\0");
    for (const file of references) add(file, false);
    if (!complete) hash.update("(incomplete)\0");
    const digest = hash.digest("hex");
    if (this.known.size > 200) this.known.clear();
    const read = { stamp: stamped(references), digest, complete, at: this.now(), references };
    this.known.set(directory, read);
    return read;
  }
}

const fileReference = /\{file:([^}]+)\}/g;
const environmentReference = /\{env:[^}]+\}/g;

/** Whether a `{file:…}` reference of `text` comes about, or changes, once `{env:…}` values are put in. */
export function builtFromEnvironment(text: string): boolean {
  if (!text.includes("{env:")) return false;
  const raw = [...text.matchAll(fileReference)].map((m) => m[0]);
  const emptied = [...text.replace(environmentReference, "").matchAll(fileReference)].map((m) => m[0]);
  return raw.some((m) => m.includes("{env:")) || raw.join("\0") !== emptied.join("\0");
}

/**
 * The files a config's `{file:…}` references name, resolved as OpenCode 1.18.33 resolves them
 * (its config load: `~/` under the home folder, else relative to the config file's folder).
 */
export function fileReferences(text: string, folder: string, home: string): string[] {
  const out: string[] = [];
  for (const match of text.matchAll(fileReference)) {
    const path = match[1] as string;
    const file = path.startsWith("~/") ? join(home, path.slice(2)) : isAbsolute(path) ? path : resolve(folder, path);
    if (!out.includes(file)) out.push(file);
  }
  return out;
}

/** A JSON object's members, from the syntax tree; null when the text is not one. */
function objectMembers(bytes: Buffer): Node[] | null {
  const errors: ParseError[] = [];
  const tree = parseTree(bytes.toString("utf8"), errors, { allowTrailingComma: true });
  return errors.length > 0 || tree?.type !== "object" ? null : (tree.children ?? []);
}

const keyOf = (member: Node): unknown => member.children?.[0]?.value;
/** A member as a [key, value] pair, its value as settingOf gives it. */
const pairOf = (member: Node) => [keyOf(member), settingOf(member.children?.[1])];

/** A value of the syntax tree as arrays only: objects as [key, value] pairs, so no key is special. */
function settingOf(node: Node | undefined): unknown {
  if (!node) return null;
  if (node.type === "object") return { o: (node.children ?? []).map(pairOf) };
  if (node.type === "array") return { a: (node.children ?? []).map(settingOf) };
  return node.value;
}

/**
 * A config file's settings without the `$schema` opencode adds, as every member in its order,
 * comments and layout aside. Built from the syntax tree, not from a parsed object: a parsed
 * `"__proto__"` member becomes the object's prototype, which neither a spread nor JSON.stringify
 * sees, so `{"__proto__": {"plugin": […]}}` would have hashed as `{}` (review 12, F1). A file
 * that is not a JSON object is hashed as it is.
 */
function comparable(bytes: Buffer): string | Buffer {
  const members = objectMembers(bytes);
  return members ? JSON.stringify(members.filter((m) => keyOf(m) !== "$schema").map(pairOf)) : bytes;
}

/** What opencode's own install writes as a dependency of `.opencode` (1.18.33). */
export const opencodesPackage = "@opencode-ai/plugin";

/**
 * `.opencode/package.json` without opencode's own dependency, as settingOf pairs; null when nothing
 * else is in it, so the file opencode creates hashes as no file at all. Not JSON: hashed as it is.
 */
export function packageSettings(bytes: Buffer): string | Buffer | null {
  const members = objectMembers(bytes);
  if (!members) return bytes;
  const settings = members.flatMap((member) => {
    const value = member.children?.[1];
    if (keyOf(member) !== "dependencies" || value?.type !== "object") return [pairOf(member)];
    const others = (value.children ?? []).filter((d) => keyOf(d) !== opencodesPackage);
    return others.length === 0 ? [] : [[keyOf(member), { o: others.map(pairOf) }]];
  });
  return settings.length === 0 ? null : JSON.stringify(settings);
}

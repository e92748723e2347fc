// The "Open folder…" of a plain browser, which has no native folder dialog: lists the sub-folders
// of one folder, starting at the home folder, with the drives (or `/`) as other roots. Names of
// folders only: never files, never anything's contents, never a folder this user cannot list.
import { promises as fs } from "node:fs";
import path from "node:path";
import { type FolderEntry, type FoldersResponse, formatDuration } from "@turnkey/contracts";
import { systemTimers, type TimerOps } from "@turnkey/sidecar";
import { mapLimited } from "../chat/mapLimited.ts";
import { DriveProbe } from "./driveProbe.ts";
import { checkFolder, type FolderFs } from "./folderPath.ts";

/**
 * A folder with more sub-folders than this is cut short (alphabetically). Links are followed (one
 * stat each) only in name order until the list is full, and at most this many per listing: a
 * folder of 100,000 links, or links on a slow network share, costs what is shown, not every entry.
 */
export const maxFolderEntries = 2_000;
/**
 * Links followed at once. A stat on a hung share holds one of libuv's threads (4 by default, shared
 * by every file, DNS and crypto call of the backend) until the share answers, whatever our deadline
 * says: 3 leaves one thread for everything else.
 */
const linkStatConcurrency = 3;
/**
 * How long a folder that did not answer (or whose links did not) is not asked again: each new
 * click would otherwise park more threads on the same hung share.
 */
export const hungFolderMs = 30_000;
function recentlyHung() {
  const until = new Map<string, number>();
  return {
    mark: (folder: string) => until.set(folder, Date.now() + hungFolderMs),
    has(folder: string): boolean {
      const end = until.get(folder);
      if (end !== undefined && end <= Date.now()) until.delete(folder);
      return end !== undefined && end > Date.now();
    },
  };
}
/** Folders that did not answer, and folders some of whose links did not. */
const hungFolders = recentlyHung();
const hungLinks = recentlyHung();
/**
 * How long one listing waits for the disk in all (reading the folder, then following its links): a
 * read or a stat on a hung network share can block for minutes or for ever, and the request with it.
 */
export const folderAnswerMs = 3_000;

interface DirectoryEntry {
  name: string;
  isDirectory(): boolean;
  isSymbolicLink(): boolean;
}

/** What listing a folder reads; tests inject one to count the stats. */
export interface DirectoryFs {
  readdir(p: string): Promise<DirectoryEntry[]>;
  stat(p: string): Promise<{ isDirectory(): boolean }>;
}

const nodeDirectoryFs: DirectoryFs = {
  readdir: (p) => fs.readdir(p, { withFileTypes: true }),
  stat: (p) => fs.stat(p),
};

export interface FolderBrowserOptions {
  home: string;
  platform?: NodeJS.Platform;
  fs?: FolderFs;
  directoryFs?: DirectoryFs;
  /** The drive letters on Windows; injected in tests of the Windows branch. */
  drives?: DriveProbe;
  /** The listing's deadline (`folderAnswerMs`) and its timers; injected in tests. */
  answerMs?: number;
  timers?: TimerOps;
}

/** The drive letters of this computer, probed within bounds (driveProbe.ts). */
const systemDrives = new DriveProbe();

export type FolderListing = { ok: true; listing: FoldersResponse } | { ok: false; message: string };

export async function folderRoots(options: FolderBrowserOptions): Promise<FolderEntry[]> {
  const platform = options.platform ?? process.platform;
  const roots: FolderEntry[] = [{ name: "Home", path: options.home }];
  if (platform !== "win32") return [...roots, { name: "/", path: "/" }];
  return [
    ...roots,
    ...(await (options.drives ?? systemDrives).drives()).map((drive) => ({ name: drive, path: drive })),
  ];
}

/**
 * The sub-folders of `input` (the home folder by default), a page of maxFolderEntries at a time:
 * `after`, an earlier page's `next`, starts past the entry it names (a name, not an offset).
 */
export async function listFolders(
  input: string | undefined,
  options: FolderBrowserOptions,
  after?: string,
): Promise<FolderListing> {
  const platform = options.platform ?? process.platform;
  const paths = platform === "win32" ? path.win32 : path.posix;
  const target = input ?? options.home;
  const answerMs = options.answerMs ?? folderAnswerMs;
  const seconds = formatDuration(answerMs);
  const unreachable = (folder: string) => ({
    ok: false as const,
    message: `${folder} did not answer within ${seconds} (a network share that cannot be reached?). Choose another folder.`,
  });
  if (hungFolders.has(target)) return unreachable(target);
  // The deadline covers the folder's own stat, access and realpath: a hung mount point hangs there.
  const deadline = listingDeadline(answerMs, options.timers ?? systemTimers);
  try {
    const checked = await deadline.race(checkFolder(target, { platform, ...(options.fs ? { fs: options.fs } : {}) }));
    if (checked === late) {
      hungFolders.mark(target);
      return unreachable(target);
    }
    if (!checked.ok) return checked;
    const io = options.directoryFs ?? nodeDirectoryFs;
    let entries: DirectoryEntry[] | typeof late;
    try {
      entries = await deadline.race(io.readdir(checked.path));
    } catch (error) {
      return {
        ok: false,
        message: `${checked.path} cannot be listed (${(error as NodeJS.ErrnoException).code ?? "error"}). Choose another folder.`,
      };
    }
    if (entries === late) {
      hungFolders.mark(target);
      return unreachable(checked.path);
    }
    // Links of a folder whose links hung a moment ago are not followed again yet.
    const follow = !hungLinks.has(checked.path);
    const shown = await shownFolders(entries, (name) => paths.join(checked.path, name), io, deadline, follow, after);
    if (shown.unanswered > 0) hungLinks.mark(checked.path);
    const parent = paths.dirname(checked.path);
    const n = shown.unanswered;
    return {
      ok: true,
      listing: {
        path: checked.path,
        parent: parent === checked.path ? null : parent,
        folders: shown.folders,
        roots: await folderRoots(options),
        ...(shown.more > 0 ? { more: shown.more, next: shown.next } : {}),
        ...(n > 0
          ? {
              note: `${n === 1 ? "1 link" : `${n} links`} did not answer within ${seconds} and ${n === 1 ? "is" : "are"} not shown (a network share that cannot be reached?).`,
            }
          : {}),
      },
    };
  } finally {
    deadline.done();
  }
}

const late = Symbol("late");
type Deadline = ReturnType<typeof listingDeadline>;

/**
 * One deadline for a whole listing: each wait on the disk is raced against it and none starts after
 * it (a stat already started keeps its thread until the disk answers: see linkStatConcurrency).
 */
function listingDeadline(ms: number, timers: TimerOps) {
  let passed = false;
  let handle: unknown;
  const expired = new Promise<typeof late>((resolve) => {
    handle = timers.setTimer(() => {
      passed = true;
      resolve(late);
    }, ms);
  });
  return {
    race: <T>(work: Promise<T>): Promise<T | typeof late> =>
      passed ? Promise.resolve(late) : Promise.race([work, expired]),
    /** Whether it has passed: then no new wait on the disk is started at all. */
    passed: () => passed,
    done: () => timers.clearTimer(handle),
  };
}

/**
 * Link stats started and not yet settled, per DirectoryFs (the real one serves every listing): a
 * stat stuck on a hung share keeps its thread after its listing has answered, so the bound of
 * linkStatConcurrency counts those too, and a link still being stat'ed is waited on, not asked again.
 */
const inFlight = new WeakMap<DirectoryFs, Map<string, Promise<{ isDirectory(): boolean } | null>>>();
function linkStat(io: DirectoryFs, p: string): Promise<{ isDirectory(): boolean } | null> | null {
  const pending = inFlight.get(io) ?? new Map<string, Promise<{ isDirectory(): boolean } | null>>();
  inFlight.set(io, pending);
  const already = pending.get(p);
  if (already) return already;
  if (pending.size >= linkStatConcurrency) return null; // no thread to spare: the link is not shown
  const stat = io
    .stat(p)
    .catch(() => null)
    .finally(() => pending.delete(p));
  pending.set(p, stat);
  return stat;
}

// By name as a person reads it; names equal that way by their code units, so a cursor is exact.
const byName = (a: { name: string }, b: { name: string }) =>
  a.name.localeCompare(b.name, undefined, { sensitivity: "base", numeric: true }) ||
  (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

/**
 * The first `maxFolderEntries` sub-folders by name after the name `after`. Folders need no stat;
 * links do, so they are followed in name order a round at a time, each round no larger than the
 * places still free, and never more than `maxFolderEntries` of them in all. `more` counts the
 * entries not looked at (folders and links), `next` names the last one looked at.
 */
async function shownFolders(
  entries: DirectoryEntry[],
  pathOf: (name: string) => string,
  io: DirectoryFs,
  deadline: Deadline,
  follow: boolean,
  after?: string,
): Promise<{ folders: FolderEntry[]; unanswered: number; more: number; next?: string }> {
  // Hidden entries (.git, .cache…) are never a project to pick here.
  const candidates = entries
    .filter((e) => !e.name.startsWith(".") && (e.isDirectory() || e.isSymbolicLink()))
    .filter((e) => after === undefined || byName(e, { name: after }) > 0)
    .sort(byName);
  const folders: FolderEntry[] = [];
  let linksLeft = maxFolderEntries;
  let unanswered = 0;
  let next = 0;
  while (next < candidates.length && folders.length < maxFolderEntries) {
    let round = candidates.slice(next, next + (maxFolderEntries - folders.length));
    // Links past this page's budget wait for the next page: the page ends before the first of them.
    let budget = linksLeft;
    const cut = round.findIndex((e) => !e.isDirectory() && budget-- <= 0);
    if (cut === 0) break;
    if (cut > 0) round = round.slice(0, cut);
    next += round.length;
    const links = round.filter((e) => !e.isDirectory());
    linksLeft -= links.length;
    const linkedFolders = new Set<DirectoryEntry>();
    await mapLimited(links, linkStatConcurrency, async (link) => {
      if (!follow || deadline.passed()) {
        unanswered++;
        return;
      }
      const pending = linkStat(io, pathOf(link.name));
      const stat = pending ? await deadline.race(pending) : late;
      if (stat === late) unanswered++;
      else if (stat?.isDirectory()) linkedFolders.add(link);
    });
    for (const entry of round) {
      if (entry.isDirectory() || linkedFolders.has(entry)) folders.push({ name: entry.name, path: pathOf(entry.name) });
    }
  }
  const more = candidates.length - next;
  const last = candidates[next - 1];
  return { folders, unanswered, more, ...(more > 0 && last ? { next: last.name } : {}) };
}

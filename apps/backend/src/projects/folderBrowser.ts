// The "Open folder…" of a plain browser, which has no native folder dialog: lists the sub-folders
// of one folder, starting at the home folder, with the drives (or `/`) as other roots. Names of
// folders only: never files, never anything's contents, never a folder this user cannot list.
import { promises as fs } from "node:fs";
import path from "node:path";
import type { FolderEntry, FoldersResponse } from "@turnkey/contracts";
import { systemTimers, withDeadline } from "@turnkey/sidecar";
import { checkFolder, type FolderFs } from "./folderPath.ts";

/** A folder with more sub-folders than this is cut short (alphabetically). */
export const maxFolderEntries = 2_000;

export interface FolderBrowserOptions {
  home: string;
  platform?: NodeJS.Platform;
  fs?: FolderFs;
  /** Whether a drive root (C:\) is there; injected in tests of the Windows branch. */
  driveExists?: (root: string) => Promise<boolean>;
  /** How long one drive may take to answer (a disconnected network drive can take many seconds). */
  driveProbeTimeoutMs?: number;
}

/** The drives found, reused briefly: every listing shows the roots, and probing 26 letters is not free. */
const driveCacheMs = 10_000;
let driveCache: { at: number; drives: string[] } | null = null;

async function presentDrives(options: FolderBrowserOptions): Promise<string[]> {
  const injected = options.driveExists;
  if (!injected && driveCache && Date.now() - driveCache.at < driveCacheMs) return driveCache.drives;
  const exists =
    injected ??
    ((root: string) =>
      fs.access(root).then(
        () => true,
        () => false,
      ));
  const letters = Array.from({ length: 26 }, (_, i) => `${String.fromCharCode(65 + i)}:\\`);
  const found = await Promise.all(
    letters.map((drive) =>
      withDeadline(exists(drive), options.driveProbeTimeoutMs ?? 1_500, () => false, systemTimers).catch(() => false),
    ),
  );
  const drives = letters.filter((_, i) => found[i]);
  if (!injected) driveCache = { at: Date.now(), drives };
  return drives;
}

export type FolderListing = { ok: true; listing: FoldersResponse } | { ok: false; message: string };

export async function folderRoots(options: FolderBrowserOptions): Promise<FolderEntry[]> {
  const platform = options.platform ?? process.platform;
  const roots: FolderEntry[] = [{ name: "Home", path: options.home }];
  if (platform !== "win32") return [...roots, { name: "/", path: "/" }];
  return [...roots, ...(await presentDrives(options)).map((drive) => ({ name: drive, path: drive }))];
}

export async function listFolders(input: string | undefined, options: FolderBrowserOptions): Promise<FolderListing> {
  const platform = options.platform ?? process.platform;
  const paths = platform === "win32" ? path.win32 : path.posix;
  const checked = await checkFolder(input ?? options.home, {
    platform,
    ...(options.fs ? { fs: options.fs } : {}),
  });
  if (!checked.ok) return checked;
  let entries: { name: string; isDirectory(): boolean; isSymbolicLink(): boolean }[];
  try {
    entries = await fs.readdir(checked.path, { withFileTypes: true });
  } catch (error) {
    return {
      ok: false,
      message: `${checked.path} cannot be listed (${(error as NodeJS.ErrnoException).code ?? "error"}). Choose another folder.`,
    };
  }
  const folders: FolderEntry[] = [];
  for (const entry of entries) {
    if (entry.name.startsWith(".")) continue; // hidden: .git, .cache… never a project to pick here
    const full = paths.join(checked.path, entry.name);
    let isFolder = entry.isDirectory();
    if (!isFolder && entry.isSymbolicLink())
      isFolder = await fs.stat(full).then(
        (s) => s.isDirectory(),
        () => false,
      );
    if (isFolder) folders.push({ name: entry.name, path: full });
  }
  folders.sort((a, b) => a.name.localeCompare(b.name, undefined, { sensitivity: "base", numeric: true }));
  const parent = paths.dirname(checked.path);
  return {
    ok: true,
    listing: {
      path: checked.path,
      parent: parent === checked.path ? null : parent,
      folders: folders.slice(0, maxFolderEntries),
      roots: await folderRoots(options),
    },
  };
}

// Decides whether a path a person typed (or a window sent) can be a project folder: absolute,
// no "..", not absurdly long, an existing folder this user can list. Answers with the real path
// (symlinks resolved, as opencode names a session's directory) or a sentence saying what to do.
import { constants, promises as fs } from "node:fs";
import path from "node:path";
import { maxPathChars } from "@turnkey/contracts";

export interface FolderFs {
  stat(p: string): Promise<{ isDirectory(): boolean }>;
  access(p: string, mode: number): Promise<void>;
  realpath(p: string): Promise<string>;
}

export const nodeFolderFs: FolderFs = {
  stat: (p) => fs.stat(p),
  access: (p, mode) => fs.access(p, mode),
  realpath: (p) => fs.realpath(p),
};

export type FolderCheck = { ok: true; path: string } | { ok: false; message: string };

/** Shortened for sentences: a 4 KB path would drown the message. */
export function shown(p: string): string {
  return p.length > 120 ? `${p.slice(0, 60)}…${p.slice(-50)}` : p;
}

/** Absolute in the full sense: a drive on Windows (a bare `\dir` is per-drive). */
export function isFullPath(p: string, platform: NodeJS.Platform): boolean {
  if (platform === "win32") return /^[A-Za-z]:[\\/]/.test(p);
  return p.startsWith("/");
}

/**
 * A network share or device path, never a project. Windows takes `\` and `/` alike as separators,
 * and a path that starts with two of them is a UNC name (`\\server\share`, `//server/share`), a
 * long UNC (`\\?\UNC\server\share`), a `\\?\` path that skips all parsing, or the device
 * namespace (`\\.\`): Microsoft, "Naming Files, Paths, and Namespaces"
 * (learn.microsoft.com/windows/win32/fileio/naming-a-file). Merely listing a share opens an SMB
 * connection to that host and offers it the user's credentials (NTLM), whoever named the host.
 */
export function isNetworkOrDevicePath(p: string, platform: NodeJS.Platform): boolean {
  return platform === "win32" && /^[\\/]{2}/.test(p);
}

/** Windows folds case in names ("Naming Files, Paths, and Namespaces"); a share's root is compared so. */
function trimmedLower(p: string): string {
  return p.replace(/[\\/]+$/, "").toLowerCase();
}

/**
 * The share a mapped network drive leads to, when `normal` is on one and `real` (its real path) is
 * inside that share; else null. Node's realpath answers a mapped drive's folders with the share's
 * path (`Z:\code` → `\\server\share\code`): fs.promises.realpath is libuv's uv_fs_realpath, which
 * asks GetFinalPathNameByHandleW (learn.microsoft.com/windows/win32/api/fileapi/
 * nf-fileapi-getfinalpathnamebyhandlew) and turns its `\\?\UNC\` answer into `\\` (libuv
 * src/win/fs.c, fs__realpath_handle; CPython bpo-37993 and JDK-8355342 met the same). Such a folder
 * is still refused (a project's folder is stat'ed on the event loop each time projects are listed,
 * and a drive whose server is gone blocks that call for the SMB session time-out: driveProbe.ts),
 * but with a sentence about the drive the person chose, not advice to map a drive.
 */
async function mappedDriveShare(normal: string, real: string, io: FolderFs): Promise<string | null> {
  const drive = /^[A-Za-z]:\\/.exec(normal)?.[0];
  if (!drive) return null;
  const shareRoot = await io.realpath(drive).catch(() => null);
  if (shareRoot === null || !/^[\\/]{2}[^\\/?.][^\\/]*[\\/][^\\/]+/.test(shareRoot)) return null;
  const root = trimmedLower(shareRoot);
  const folder = trimmedLower(real);
  return folder === root || folder.startsWith(`${root}\\`) ? shareRoot.replace(/[\\/]+$/, "") : null;
}

function mappedDriveMessage(normal: string, share: string): string {
  return `${shown(normal)} is on the network drive ${normal.slice(0, 2).toUpperCase()} (${shown(share)}); only folders on this computer's own drives can be projects, because a network drive that stops answering would hold up OpenCode Turnkey each time it lists projects. Copy the project to a local folder such as C:\\code.`;
}

function networkPathMessage(p: string): string {
  return `"${shown(p)}" is a network share or device path; only folders on this computer's drives can be projects. Copy the project to a local folder such as C:\\code.`;
}

/** The checks that need no disk: the same answer whatever exists. */
export function checkPathShape(input: string, platform: NodeJS.Platform = process.platform): string | null {
  if (input.trim() === "") return "No folder was given. Choose a folder, or type its full path.";
  if (input.length > maxPathChars) {
    return `That path is ${input.length} characters long; paths longer than ${maxPathChars} characters are not supported. Choose a folder with a shorter path.`;
  }
  if (input.includes("\0"))
    return "That path contains a NUL character, which no folder name can. Check what was pasted.";
  if (isNetworkOrDevicePath(input, platform)) return networkPathMessage(input);
  if (!isFullPath(input, platform)) {
    return `"${shown(input)}" is not a full path. Give the folder's full path, starting with ${platform === "win32" ? "a drive such as C:\\" : "/"}.`;
  }
  const segments = input.split(platform === "win32" ? /[\\/]+/ : /\/+/);
  if (segments.includes("..")) {
    return `"${shown(input)}" goes up with "..". Give the folder's own full path, without "..".`;
  }
  return null;
}

export async function checkFolder(
  input: string,
  options: { platform?: NodeJS.Platform; fs?: FolderFs } = {},
): Promise<FolderCheck> {
  const platform = options.platform ?? process.platform;
  const io = options.fs ?? nodeFolderFs;
  const shape = checkPathShape(input, platform);
  if (shape) return { ok: false, message: shape };
  const normal = (platform === "win32" ? path.win32 : path.posix).normalize(input);
  const name = shown(normal);
  try {
    if (!(await io.stat(normal)).isDirectory()) {
      return { ok: false, message: `${name} is a file, not a folder. Choose the folder that contains it.` };
    }
    // Listing needs read, entering needs execute (search) permission on POSIX.
    await io.access(normal, constants.R_OK | constants.X_OK);
    // A local link may lead to a share: refused as the share itself would be; a mapped drive is
    // refused with a sentence about the drive (mappedDriveShare).
    const real = await io.realpath(normal);
    if (isNetworkOrDevicePath(real, platform)) {
      const share = await mappedDriveShare(normal, real, io);
      return { ok: false, message: share ? mappedDriveMessage(normal, share) : networkPathMessage(real) };
    }
    return { ok: true, path: real };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT" || code === "ENOTDIR") {
      return { ok: false, message: `There is no folder at ${name}. Check the path, or create the folder first.` };
    }
    if (code === "EACCES" || code === "EPERM") {
      return {
        ok: false,
        message: `You do not have permission to open ${name}. Choose a folder you can read, or change its permissions.`,
      };
    }
    if (code === "ENAMETOOLONG") {
      return {
        ok: false,
        message: "That path is longer than this system allows. Choose a folder with a shorter path.",
      };
    }
    return {
      ok: false,
      message: `${name} cannot be opened (${code ?? (error as Error).message}). Choose another folder.`,
    };
  }
}

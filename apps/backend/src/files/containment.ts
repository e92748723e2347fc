// The one gate every path of the file panel passes before opencode reads it. opencode's file API
// reads whatever it is given (the point: the user's files), so the backend keeps it inside the
// session's project folder: no absolute paths, no `..`, no link that leads out of the folder, and
// never into the backend's own data folder (settings, the secrets plugin, logs), even when the
// project folder holds it (a home folder opened as a project).
import { realpath, stat } from "node:fs/promises";
import { relative, resolve, sep } from "node:path";
import { type ErrorCode, maxPathChars } from "@turnkey/contracts";
import { ApiRefusal } from "../apiError.ts";

/** A path the file panel will not read, with the sentence that says why. */
export class PathRefusedError extends ApiRefusal {
  declare readonly httpStatus: 400 | 403 | 404;
  declare readonly code: ErrorCode;
  constructor(httpStatus: 400 | 403 | 404, code: ErrorCode, message: string) {
    super(httpStatus, code, message);
  }
}

/**
 * The path as asked, checked for its form only: relative, `/`-separated, no `.` or empty segments.
 * Throws for absolute paths (POSIX, drive letters, UNC), `..` anywhere, NUL and overlong paths.
 */
export function normalizeProjectPath(raw: string): string {
  if (raw.length > maxPathChars)
    throw new PathRefusedError(400, "invalid_path", `The path is too long (${maxPathChars} characters at most).`);
  if (raw.includes("\0")) throw new PathRefusedError(400, "invalid_path", "The path holds a NUL character.");
  if (/^[/\\]/.test(raw) || /^[A-Za-z]:/.test(raw))
    throw new PathRefusedError(
      400,
      "invalid_path",
      `${raw} is an absolute path: give a path inside the project folder, relative to it.`,
    );
  // Both separators: a backslash is a separator on Windows, and no project file needs one in its name here.
  const segments = raw.split(/[/\\]/).filter((s) => s !== "" && s !== ".");
  if (segments.includes(".."))
    throw new PathRefusedError(
      400,
      "invalid_path",
      `${raw} climbs out with "..": only files inside the project folder can be shown.`,
    );
  return segments.join("/");
}

/**
 * `child` is `parent` or inside it. Names ignore case by default on Windows ("Windows file system
 * treats file and directory names as case-insensitive", Microsoft's "Adjust case sensitivity",
 * learn.microsoft.com/windows/wsl/case-sensitivity) and on macOS (Disk Utility's "File system
 * formats": plain APFS, Apple's default, is not case-sensitive; "APFS (Case-sensitive)" is), hence
 * `caseless` there. But NTFS can make one folder case-sensitive (the same page: "attribute flags per
 * directory", fsutil file setCaseSensitiveInfo; WSL does it to the folders it creates) and a Mac
 * volume can be case-sensitive, and there "App" and "app" are two folders. So a caseless match
 * serves only to refuse (a private folder: refusing more is safe), never to let a path in: the
 * project check compares exactly (`caseless` false), which is right on every volume because both
 * paths come from fs.promises.realpath (realpath(3) / GetFinalPathNameByHandle), which spell names
 * as they are on disk.
 */
export function isInside(
  parent: string,
  child: string,
  caseless = process.platform === "win32" || process.platform === "darwin",
): boolean {
  const [p, c] = caseless ? [parent.toLowerCase(), child.toLowerCase()] : [parent, child];
  return c === p || c.startsWith(p.endsWith(sep) ? p : p + sep);
}

async function realOrResolved(path: string): Promise<string> {
  return realpath(path).catch(() => resolve(path));
}

/**
 * The one test of "never the data folder" for every file panel route: whether a path of the project
 * at `root` (absolute, or relative to `root` as opencode's listings and git status name them) lies in
 * one of `privateFolders`, spelled as given or with `root`'s links resolved. containedPath checks the
 * asked path with it; list and git status drop what opencode answers with it.
 */
export async function privatePathTest(root: string, privateFolders: string[]): Promise<(path: string) => boolean> {
  const rootAsGiven = resolve(root);
  const rootReal = await realOrResolved(root);
  const folders = [
    ...privateFolders.map((f) => resolve(f)),
    ...(await Promise.all(privateFolders.map(realOrResolved))),
  ];
  return (path) => {
    const absolute = resolve(rootAsGiven, path);
    const onRootReal = isInside(rootAsGiven, absolute) ? resolve(rootReal, relative(rootAsGiven, absolute)) : absolute;
    return folders.some((folder) => isInside(folder, absolute) || isInside(folder, onRootReal));
  };
}

export interface ContainedPath {
  /** Relative to the project folder's real path, `/`-separated, every link resolved ("" for the folder). */
  relative: string;
  /** The real absolute path (links resolved). */
  absolute: string;
  isDirectory: boolean;
  sizeBytes: number;
}

/**
 * Where `raw` really leads inside `root` (links resolved), or a PathRefusedError: 400 for the form,
 * 404 when nothing is there, 403 when it leads out of `root` or into one of `privateFolders`, 400 for
 * anything that is neither a folder nor a regular file (a FIFO, a device).
 */
export async function containedPath(root: string, raw: string, privateFolders: string[]): Promise<ContainedPath> {
  const asked = normalizeProjectPath(raw);
  const rootReal = await realOrResolved(root);
  let real: string;
  let info: Awaited<ReturnType<typeof stat>>;
  try {
    real = await realpath(resolve(rootReal, asked));
    info = await stat(real);
  } catch {
    throw new PathRefusedError(404, "not_found", `There is no ${asked || "project folder"} in this project any more.`);
  }
  if (!isInside(rootReal, real, false))
    throw new PathRefusedError(
      403,
      "path_outside_project",
      `${asked} is a link to a place outside the project folder: only what is inside ${rootReal} is shown or sent.`,
    );
  if ((await privatePathTest(rootReal, privateFolders))(real))
    throw new PathRefusedError(
      403,
      "path_outside_project",
      `${asked} is inside OpenCode Turnkey's own data folder (its settings and secrets), which is never shown or sent.`,
    );
  // A FIFO, socket or device is no file to show: opencode's read answers it with "Unexpected server
  // error", so only folders and regular files go on, and the rest gets a sentence.
  if (!info.isDirectory() && !info.isFile())
    throw new PathRefusedError(
      400,
      "invalid_path",
      `${asked} is not a regular file (a pipe, socket or device) and cannot be shown.`,
    );
  return {
    relative: relative(rootReal, real).split(sep).join("/"),
    absolute: real,
    isDirectory: info.isDirectory(),
    sizeBytes: Number(info.size),
  };
}

// Which permission requests a chat's allow level (contracts' allow.ts) answers without asking.
// OpenCode, with its default settings, asks for three things only: a file outside the project,
// a `.env` file, and the same call made again and again (checked against `GET /agent` of 1.18.33).
// "Allow everything" in OpenCode's own app answers all of them. Here, whatever the level:
// - OpenCode's loop guard (`doom_loop`) still asks: a run nobody watches would burn its tokens;
// - a request that names a protected place still asks. Secrets: their contents would go to the
//   model's provider and stay in the chat. OpenCode's own settings (`opencode.json`, `.opencode/`
//   with its plugins): an edit there would give the agent what the level does not.
// The places: files whose name says they hold secrets (`.env`, keys, credentials), credential
// folders (`~/.ssh`, `~/.aws`, …), OpenCode's data and config folders (its `auth.json` holds the
// provider keys), this app's data folder, OpenCode's settings, and anything that reaches one of
// those (a glob or a folder over it: "/home/ann/*", "~"). A path is compared as the file system
// would name it: home forms expanded, a relative one read from the session's folder, `.` and `..`
// resolved, links and aliases resolved (`/proc/self/root/…`, a symlink, 8.3 names), without case
// where the file system has none (Windows, macOS), Windows' dropped trailing dots and its `\\?\`
// and admin-share forms undone (review 29, H1, M3, M4). A shell command's words are read the
// same way. It screens what a request names; it is no sandbox (a script can still read what it
// likes), which is why the levels' names say "without asking" and not "safely".
import { realpathSync } from "node:fs";
import { homedir } from "node:os";
import { posix, win32 } from "node:path";
import type { AllowLevel, PermissionRequest } from "@turnkey/contracts";

/** The places no level reaches without asking, beside the names below. */
export interface SecretPlaces {
  /** This app's data folder, OpenCode's data and config folders. */
  folders: string[];
  /** The user's home folder: its credential folders are secret, and a glob over it covers them. */
  home: string;
  platform: NodeJS.Platform;
  /** The real path of an existing path (links and aliases resolved); throws for one that does not exist. */
  realpath?: (path: string) => string;
}

/** A file name that says it holds secrets, or OpenCode's settings: `.env` and its variants (not the templates), keys, credentials. */
const protectedName =
  /^(?:\.env|.*\.env|\.env\..*|.*\.env\..*|.*\.(?:pem|key|p12|pfx|keystore|jks)|id_(?:rsa|dsa|ecdsa|ed25519)(?:\..*)?|\.envrc|\.netrc|_netrc|\.npmrc|\.pypirc|\.git-credentials|\.htpasswd|credentials(?:\.json)?|(?:mcp-)?auth\.json|secrets?\.(?:json|ya?ml|toml)|opencode\.jsonc?)$/i;
/** Variants of `.env` that are templates, written to be read. */
const templateEnv = /\.env(?:\..*)?\.(?:example|sample|template|dist|defaults)$/i;
/** Folders that hold credentials (or OpenCode's plugins), wherever they are. */
const protectedSegments = [".ssh", ".aws", ".gnupg", ".kube", ".docker", ".azure", ".password-store", ".opencode"];
/** Folders under the home folder that hold credentials, named by more than one segment. */
const homeCredentialFolders = [".config/gcloud"];

/** What a path is on this platform's file system, or null for a relative one with no folder to read it from. */
function canonical(raw: string, base: string | null, places: SecretPlaces): string | null {
  const win = places.platform === "win32";
  const path = win ? win32 : posix;
  let text = raw.replace(/^(?:~|\$HOME|\$\{HOME\}|%USERPROFILE%|\$env:USERPROFILE)(?=[\\/]|$)/i, places.home);
  if (win)
    text = text
      .replaceAll("\\", "/")
      .replace(/^\/\/[?.]\//, "")
      .replace(/^\/\/(?:localhost|127\.0\.0\.1)\/([a-z])\$(?=\/|$)/i, "$1:");
  if (!path.isAbsolute(text)) {
    if (base === null) return null;
    text = path.join(base, text);
  }
  let normal = path.normalize(text).replaceAll("\\", "/");
  // Windows trims a segment's trailing periods and spaces when it normalizes a path, and does not
  // normalize `\\?\` paths at all (Jeremy Kuhne, "Path Normalization", Microsoft's archive of
  // the .NET team's blog; Win32's PathCchCanonicalizeEx names PATHCCH_DO_NOT_NORMALIZE_SEGMENTS).
  if (win) normal = normal.replace(/(?<=[^/.])[. ]+(?=\/|$)/g, "");
  normal = realOf(normal, places);
  if (normal.length > 1) normal = normal.replace(/\/+$/, "");
  return win || places.platform === "darwin" ? normal.toLowerCase() : normal;
}

/** The path with its longest existing start replaced by that start's real path. */
function realOf(path: string, places: SecretPlaces): string {
  const realpath = places.realpath ?? ((p: string) => realpathSync.native(p));
  const segments = path.split("/");
  for (let kept = segments.length; kept > 0; kept -= 1) {
    const start = segments.slice(0, kept).join("/") || "/";
    if (/[*?[{]/.test(start)) continue;
    try {
      const real = realpath(places.platform === "win32" ? start.replaceAll("/", "\\") : start).replaceAll("\\", "/");
      return [real.replace(/\/+$/, ""), ...segments.slice(kept)].join("/") || "/";
    } catch {
      // Not there (yet): try its folder.
    }
  }
  return path;
}

/** The protected folders, as canonical paths. */
function protectedFolders(places: SecretPlaces): string[] {
  const home = canonical(places.home, null, places) ?? places.home;
  return [
    ...places.folders.flatMap((folder) => canonical(folder, null, places) ?? []),
    ...homeCredentialFolders.map((folder) => `${home}/${folder}`),
  ];
}

const within = (path: string, folder: string) =>
  path === folder || path.startsWith(folder.endsWith("/") ? folder : `${folder}/`);

/** How a path touches a protected place: it is one (by name, or inside a protected folder), or it holds one. */
type Touch = "is" | "holds";

/** One path or glob: a protected name or folder, inside a protected folder, or over one; null when none. */
function protectedTouch(raw: string, base: string | null, places: SecretPlaces, folders: string[]): Touch | null {
  const path = canonical(raw, base, places) ?? raw.replaceAll("\\", "/");
  const segments = path.split("/");
  if (segments.some((s) => (protectedName.test(s) && !templateEnv.test(s)) || protectedSegments.includes(s)))
    return "is";
  if (!path.startsWith("/") && !/^[a-z]:/i.test(path)) return null; // relative, and no folder to read it from
  if (folders.some((folder) => within(path, folder))) return "is";
  const glob = path.search(/[*?[{]/);
  // What the request reaches for sure: the path itself, or the folder its glob starts in.
  const over = glob === -1 ? path : path.slice(0, path.lastIndexOf("/", glob)) || "/";
  return folders.some((folder) => within(folder, over)) ? "holds" : null;
}

/** The words of a shell command that could be paths (split on blanks, quotes and operators; a POSIX shell's `\x` is `x`). */
function words(command: string, platform: NodeJS.Platform): string[] {
  const unescaped = platform === "win32" ? command : command.replace(/\\(.)/g, "$1");
  return unescaped.split(/[\s"'`;|&<>()=,]+/).filter((word) => word !== "" && !word.startsWith("-"));
}

/**
 * The first pattern of the request (or word of its shell command) that reaches a protected place,
 * and whether it is one or holds one; null when none does. `folder` is the session's folder, from
 * which OpenCode's relative patterns (an edit's path, a shell command's words) are read.
 */
export function protectedNamed(
  permission: Pick<PermissionRequest, "permission" | "patterns">,
  places: SecretPlaces,
  folder: string | null,
): { word: string; touch: Touch } | null {
  const folders = protectedFolders(places);
  const candidates =
    permission.permission === "bash"
      ? permission.patterns.flatMap((command) => words(command, places.platform))
      : permission.patterns;
  for (const word of candidates) {
    const touch = protectedTouch(word, folder, places, folders);
    if (touch) return { word, touch };
  }
  return null;
}

/** Longer names are cut in a card's sentence: a shell word can be a whole script. */
const namedMax = 120;

/**
 * Why a chat at `level` leaves this request to the user, as its card says it; null when the level
 * answers it. One rule for both: what is answered is exactly what has no reason to ask.
 */
export function whyItAsks(
  level: AllowLevel,
  permission: Pick<PermissionRequest, "permission" | "patterns">,
  places: SecretPlaces,
  folder: string | null,
): string | null {
  if (level === "ask") return "This chat asks first.";
  if (permission.permission === "doom_loop")
    return "OpenCode's loop guard always asks, whatever the chat allows: the agent made the same call several times in a row.";
  if (level === "edits" && permission.permission !== "edit") return "This chat goes ahead on its own with edits only.";
  const named = protectedNamed(permission, places, folder);
  if (named === null) return null;
  const shown = named.word.length > namedMax ? `${named.word.slice(0, namedMax)}…` : named.word;
  return named.touch === "is"
    ? `It names ${shown}, a protected place (secrets, credentials, OpenCode's and this app's own files): requests for those always ask.`
    : `It reaches ${shown}, which holds protected places (secrets, credentials, OpenCode's and this app's own files): requests that reach those always ask.`;
}

/** Whether the level answers this request without asking. */
export function allowsOnItsOwn(
  level: AllowLevel,
  permission: Pick<PermissionRequest, "permission" | "patterns">,
  places: SecretPlaces,
  folder: string | null,
): boolean {
  return whyItAsks(level, permission, places, folder) === null;
}

/** The places of this machine: the home folder from the OS. */
export function secretPlacesHere(folders: string[]): SecretPlaces {
  return { folders, home: homedir(), platform: process.platform };
}

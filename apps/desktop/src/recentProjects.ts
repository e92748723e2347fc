// The tray's recent projects: the backend's list (already recent first) cut to a few, each named
// by its folder and a path short enough for a menu line. Pure, so the rules are tested without
// Electron.
import type { Project } from "@turnkey/contracts";

export interface RecentProject {
  id: string;
  label: string;
}

/** A menu is for the last few; the chat window's picker has them all. */
export const recentProjectsShown = 5;
const maxPathChars = 48;

/**
 * `~` for the home folder, and past `maxChars` the first folder and the last two with `…`
 * between (`C:\Users\zoe\…\work\app`): the ends are what tell two projects apart.
 */
export function shortPath(path: string, home: string, platform: NodeJS.Platform, maxChars = maxPathChars): string {
  const sep = platform === "win32" ? "\\" : "/";
  // Windows paths compare without case (C:\Users\Zoe is c:\users\zoe).
  const same = (a: string, b: string) => (platform === "win32" ? a.toLowerCase() === b.toLowerCase() : a === b);
  let shown = path;
  if (home && (same(path, home) || same(path.slice(0, home.length + 1), home + sep))) {
    shown = `~${path.slice(home.length)}`;
  }
  if (shown.length <= maxChars) return shown;
  const parts = shown.split(sep);
  if (parts.length <= 3) return `…${shown.slice(shown.length - maxChars + 1)}`;
  const short = [parts[0], "…", ...parts.slice(-2)].join(sep);
  return short.length <= maxChars ? short : `…${shown.slice(shown.length - maxChars + 1)}`;
}

/**
 * On Windows and Linux a single `&` in a menu label marks an access key and is not shown; `&&`
 * shows one (electron/electron#9584, fixed by #8984). macOS shows labels as they are.
 */
export function menuLabel(text: string, platform: NodeJS.Platform): string {
  return platform === "darwin" ? text : text.replaceAll("&", "&&");
}

export function recentProjects(
  projects: Project[],
  home: string,
  platform: NodeJS.Platform,
  limit = recentProjectsShown,
): RecentProject[] {
  return projects.slice(0, limit).map((p) => ({
    id: p.id,
    label: menuLabel(
      `${p.name}  (${shortPath(p.path, home, platform)})${p.exists ? "" : ": folder missing"}`,
      platform,
    ),
  }));
}

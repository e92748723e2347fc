// Finds the git program by an absolute path taken from PATH, so the project folder can never
// supply it (review 5, S1). Spawning the bare name "git" with the project as cwd would, on
// Windows, run a `git.com` or `git.exe` the repository ships: libuv's search_path "checks the
// current directory for file, then searches all path directories" (libuv src/win/process.c;
// nodejs/node#46264 shows a planted notepad.exe run that way; libuv#4238 honours
// NoDefaultCurrentDirectoryInExePath only in newer libuv, and only when the spawning process sets
// it). On POSIX execvp looks in the cwd only for an empty or relative PATH entry, which the same
// rule skips. Only absolute PATH entries count, and never the project folder itself.
import { statSync } from "node:fs";
import path from "node:path";

export type IsProgram = (file: string) => boolean;

/** Whether a file is there to run (a regular file); its execute bit is the OS's to judge. */
export const isRegularFile: IsProgram = (file) => {
  try {
    return statSync(file).isFile();
  } catch {
    return false;
  }
};

export interface FindProgramOptions {
  platform?: NodeJS.Platform;
  projectFolder?: string;
  isProgram?: IsProgram;
}

/**
 * The absolute path of git for this environment, or null when PATH holds none. On Windows
 * `.com` is tried before `.exe` in each folder, as libuv does for a name without an extension.
 */
export function findGit(env: NodeJS.ProcessEnv, options: FindProgramOptions = {}): string | null {
  return findProgram("git", env, options);
}

/** The same search for another program the Files tab runs in the project (gh: pulls/ghProgram.ts). */
export function findProgram(name: string, env: NodeJS.ProcessEnv, options: FindProgramOptions = {}): string | null {
  const platform = options.platform ?? process.platform;
  const p = platform === "win32" ? path.win32 : path.posix;
  const isProgram = options.isProgram ?? isRegularFile;
  const names = platform === "win32" ? [`${name}.com`, `${name}.exe`] : [name];
  const project = options.projectFolder ? folderKey(p.resolve(options.projectFolder), platform) : null;
  for (const dir of pathEntries(env, platform)) {
    if (!p.isAbsolute(dir)) continue;
    if (project !== null && folderKey(p.resolve(dir), platform) === project) continue;
    for (const name of names) {
      const file = p.join(dir, name);
      if (isProgram(file)) return file;
    }
  }
  return null;
}

/** PATH's folders as Windows or POSIX reads them (also openWith/findApps.ts's search). */
export function pathEntries(env: NodeJS.ProcessEnv, platform: NodeJS.Platform): string[] {
  // Windows names variables case-insensitively (the block may hold `Path`).
  const key =
    platform === "win32" ? (Object.keys(env).find((name) => name.toUpperCase() === "PATH") ?? "PATH") : "PATH";
  const value = env[key] ?? "";
  return value
    .split(platform === "win32" ? ";" : ":")
    .map((entry) => (platform === "win32" ? entry.trim().replace(/^"(.*)"$/, "$1") : entry))
    .filter((entry) => entry !== "");
}

// A PATH entry naming the project folder is skipped; Windows compares folder names without case.
function folderKey(folder: string, platform: NodeJS.Platform): string {
  const trimmed = folder.replace(/[\\/]+$/, "");
  return platform === "win32" ? trimmed.toLowerCase() : trimmed;
}

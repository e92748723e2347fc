// Finds the GitHub CLI (`gh`) the way git is found (git/gitProgram.ts): an absolute path from the
// absolute PATH entries, never the project folder, so a repository that ships a `gh.exe` is never
// run. On Windows only `gh.com` and `gh.exe` count: Node spawns a program with no shell through
// CreateProcess, which "does not use the search path" for the application name and assumes no
// extension there (learn.microsoft.com, CreateProcessW, lpApplicationName), and PATHEXT is a rule
// of cmd.exe's own search (learn.microsoft.com, "Command shell overview"/`where`), not of
// CreateProcess: a `gh.cmd` or `gh.bat` would need cmd.exe (Node's docs, "Spawning .bat and .cmd
// files on Windows"). GitHub's Windows installers (winget `GitHub.cli`, the MSI, scoop's shim)
// all put a `gh.exe` on PATH, so nothing is lost.

import { GitError } from "../git/gitErrors.ts";
import { findProgram, type IsProgram } from "../git/gitProgram.ts";

export function findGh(
  env: NodeJS.ProcessEnv,
  options: { platform?: NodeJS.Platform; projectFolder?: string; isProgram?: IsProgram } = {},
): string | null {
  return findProgram("gh", env, options);
}

/** How to install gh where the backend runs (cli.github.com's install notes, per system). */
export function installAdvice(platform: NodeJS.Platform): string {
  if (platform === "win32") return "On Windows: winget install --id GitHub.cli (or the installer from cli.github.com).";
  if (platform === "darwin") return "On macOS: brew install gh (or the package from cli.github.com).";
  return "On Linux: your distribution's gh package (cli.github.com/manual/installation lists each one).";
}

export function ghMissing(platform: NodeJS.Platform): GitError {
  return new GitError(
    503,
    "gh_unavailable",
    `Pull requests are read and made through the GitHub CLI (gh), which is not installed or not on PATH. Install it. ${installAdvice(platform)} Then sign in once in a terminal with gh auth login, restart OpenCode Turnkey, and press Refresh.`,
  );
}

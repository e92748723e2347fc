// How the headless backend starts an "Open in" app: itself, on the computer it runs on. That is
// the user's own only when they sit at it, so a backend with no desktop (Linux without DISPLAY or
// WAYLAND_DISPLAY) or one started over SSH offers nothing and says why: an editor it started would
// open on the server's screen, or fail, far from the person who clicked. Inside WSL the desktop is
// the Windows one around it, reached through WSL's interop (Windows programs run from WSL, with
// Windows' PATH appended: WSL_DISTRIBUTION_FLAGS_ENABLE_INTEROP and _APPEND_NT_PATH, wslapi.h), with
// or without WSLg's DISPLAY: VS Code's own `code` there opens the folder through its WSL extension.
//
// The file manager by its own command: explorer.exe with the folder, or `/select,"file"` to show a
// file selected (Microsoft's KB 152457, "Windows Explorer command-line options"; not in this
// project's library, and only the headless backend uses it: the desktop shows a file through
// Electron's showItemInFolder, Windows' documented SHOpenFolderAndSelectItems). Written verbatim,
// since explorer reads its line itself and not as C runtime arguments; `open` and `open -R` on macOS
// (open(1)); xdg-open on the folder on Linux (xdg-utils has no "select this file"); in WSL
// `explorer.exe .` with the folder as its working folder, which WSL hands to Windows as its
// \\wsl.localhost\… path (Microsoft's "Working across Windows and Linux file systems").
import { posix, win32 } from "node:path";
import type { LaunchRequest, ProgramLaunch } from "@turnkey/contracts";
import { launchProgram, showableFolder } from "@turnkey/sidecar";
import type { Launcher } from "./openWithService.ts";
import { runsInWsl } from "./systemProbe.ts";

/** Why this backend cannot open apps for its user, or null when it can. */
export function noDesktop(platform: NodeJS.Platform, env: NodeJS.ProcessEnv, wsl = false): string | null {
  if (env.SSH_CONNECTION || env.SSH_CLIENT)
    return "The backend was started over SSH, so an app it opened would appear on that computer, not on yours. Open the folder from your own computer instead.";
  if (platform === "linux" && !wsl && !env.DISPLAY && !env.WAYLAND_DISPLAY)
    return "The backend runs without a desktop (neither DISPLAY nor WAYLAND_DISPLAY is set), so it cannot open an app's window.";
  return null;
}

/** A folder or a file shown by the platform's file manager, as a program to start. */
export function fileManagerProgram(
  request: Extract<LaunchRequest, { kind: "folder" | "reveal" }>,
  platform: NodeJS.Platform,
  env: NodeJS.ProcessEnv,
  xdgOpen = "xdg-open",
  wsl = false,
): ProgramLaunch {
  if (platform === "win32") {
    const explorer = win32.join(env.SystemRoot ?? env.SYSTEMROOT ?? "C:\\Windows", "explorer.exe");
    const cwd = request.kind === "folder" ? request.path : win32.dirname(request.path);
    // Windows forbids `"` in a name, so the quoted path cannot end the quotes early. explorer.exe
    // exits 1 even when its window opened.
    const args = request.kind === "folder" ? [`"${request.path}"`] : [`/select,"${request.path}"`];
    return { kind: "program", file: explorer, args, cwd, verbatim: true, ignoreExitCode: true };
  }
  if (platform === "darwin") {
    const cwd = request.kind === "folder" ? request.path : posix.dirname(request.path);
    const args = request.kind === "folder" ? [request.path] : ["-R", request.path];
    return { kind: "program", file: "/usr/bin/open", args, cwd };
  }
  const folder = request.kind === "folder" ? request.path : posix.dirname(request.path);
  // explorer.exe exits 1 after opening its window, from WSL too.
  if (wsl) return { kind: "program", file: "explorer.exe", args: ["."], cwd: folder, ignoreExitCode: true };
  return { kind: "program", file: xdgOpen, args: [folder], cwd: folder };
}

export function localLauncher(
  platform: NodeJS.Platform,
  env: NodeJS.ProcessEnv,
  xdgOpen?: string,
  wsl = runsInWsl(platform, env),
): Launcher | { unavailable: string } {
  const unavailable = noDesktop(platform, env, wsl);
  if (unavailable !== null) return { unavailable };
  return async (request) => {
    if (request.kind === "program") return launchProgram(request, { env });
    // A folder is checked again (still a folder; a macOS package is shown, never opened).
    const shown =
      request.kind === "folder" && (await showableFolder(request.path, platform)) === "reveal"
        ? { kind: "reveal" as const, path: request.path }
        : request;
    return launchProgram(fileManagerProgram(shown, platform, env, xdgOpen, wsl), { env });
  };
}

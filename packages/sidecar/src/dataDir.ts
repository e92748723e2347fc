// The one per-user data folder that the headless backend (CLI) and the desktop app share, so a
// runtime, settings and chats set up by one are found by the other. On Windows it is under
// %LOCALAPPDATA% (not the roaming profile: a 172 MB opencode per version must not roam with the
// user; learn.microsoft.com/windows/win32/shell/knownfolderid, FOLDERID_LocalAppData). The layout
// is env-paths' `data` folder, which the CLI used before, so existing data stays where it was.
import { posix, win32 } from "node:path";

export const dataFolderName = "opencode-turnkey";

export function sharedDataDir(
  platform: NodeJS.Platform = process.platform,
  env: NodeJS.ProcessEnv = process.env,
  home: string = env.HOME ?? env.USERPROFILE ?? "",
): string {
  if (platform === "win32") {
    const local = env.LOCALAPPDATA || win32.join(home, "AppData", "Local");
    return win32.join(local, dataFolderName, "Data");
  }
  if (platform === "darwin") return posix.join(home, "Library", "Application Support", dataFolderName);
  return posix.join(env.XDG_DATA_HOME || posix.join(home, ".local", "share"), dataFolderName);
}

// Start at Login, the way Electron documents it for Windows (app.setLoginItemSettings: `name` is
// the registry value under HKCU\…\CurrentVersion\Run and defaults to the AppUserModelId; `enabled`
// writes the StartupApproved key that Task Manager's Startup tab toggles). Applied only when the
// user changes it in the tray, never at launch: re-applying it would undo a user who turned it off
// in Task Manager. The name is the appId, the AppUserModelID of the installer's Start-menu
// shortcut, so the uninstaller (resources/installer.nsh) removes the same value.
import type { Settings } from "electron";

export const appUserModelId = "dev.opencode-turnkey.app";

export function loginItemSettings(openAtLogin: boolean, platform: NodeJS.Platform, execPath: string): Settings {
  if (platform !== "win32") return { openAtLogin };
  return { openAtLogin, enabled: openAtLogin, name: appUserModelId, path: execPath, args: [] };
}

// Log-off and shutdown on Windows. Electron's powerMonitor 'shutdown' exists only on Linux and
// macOS, and app 'before-quit' is not emitted when Windows ends the session; what Windows sends
// is WM_QUERYENDSESSION / WM_ENDSESSION to top-level windows, which Electron surfaces as the
// BrowserWindow events 'query-session-end' and 'session-end' (@platform win32 in electron.d.ts).
// A tray app often has no window open, so a hidden, never-shown window is kept to receive them.
// The job object (appJob.ts) still ends the tree if Windows kills us before the stop finishes.
import type { BrowserWindow, BrowserWindowConstructorOptions } from "electron";

export function watchSessionEnd(
  platform: NodeJS.Platform,
  createWindow: (options: BrowserWindowConstructorOptions) => Pick<BrowserWindow, "on">,
  onSessionEnd: (reason: string) => void,
): void {
  if (platform !== "win32") return;
  const listener = createWindow({
    show: false,
    width: 1,
    height: 1,
    skipTaskbar: true,
    focusable: false,
    webPreferences: { sandbox: true, contextIsolation: true, nodeIntegration: false },
  });
  // Start stopping at the query already: Windows allows only a few seconds after 'session-end'.
  listener.on("query-session-end", () => onSessionEnd("query-session-end"));
  listener.on("session-end", () => onSessionEnd("session-end"));
}

// How every browser test launches Debian's chromium (see PROTOCOL: headless, no sandbox, quiet);
// on Windows (the windows.yml run) the Google Chrome that GitHub's windows-latest image installs.
import { join } from "node:path";

export const chromiumPath =
  process.env.CHROMIUM_PATH ??
  (process.platform === "win32"
    ? join(process.env.ProgramFiles ?? "C:\\Program Files", "Google", "Chrome", "Application", "chrome.exe")
    : "/usr/bin/chromium");
export const chromiumArgs = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

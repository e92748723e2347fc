// Electron's entry: where the packaged app keeps its files, then startDesktop. Kept to paths so
// that everything with logic runs (and is tested) under plain Node.
import { join } from "node:path";
import { sharedDataDir } from "@turnkey/sidecar";
import { app } from "electron";
import { autoUpdater } from "electron-updater";
import { startDesktop } from "./desktopApp.ts";
import { updatesEnabled } from "./updater.ts";

const resources = app.isPackaged ? process.resourcesPath : join(__dirname, "..", "..", "..", "resources");
const platformDir = `${process.platform}-${process.arch}`;

void startDesktop({
  workerPath: join(__dirname, "backend-worker.mjs"),
  uiDir: join(__dirname, "..", "..", "web", "dist"),
  iconsDir: join(resources, "icons"),
  bundledBinaryDir: app.isPackaged ? join(resources, "opencode", platformDir) : null,
  dataDir: sharedDataDir(),
  updater: updatesEnabled(app.isPackaged, process.env) ? autoUpdater : null,
});

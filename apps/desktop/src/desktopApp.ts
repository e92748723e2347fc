// The desktop app, composed: one instance, a backend worker, the tray, the windows, and a quit
// that stops opencode through the backend before the process ends. Electron is reached only
// through its module (faked in tests); lifecycle actions go over HTTP with the typed client.
import { randomBytes } from "node:crypto";
import { join } from "node:path";
import { createTurnkeyClient, type Subscription, subscribeEvents, type TurnkeyClient } from "@turnkey/client";
import { app, type BrowserWindow, powerMonitor, shell, utilityProcess } from "electron";
import { type BackendEndpoint, BackendHost, type BackendHostOptions } from "./backendHost.ts";
import { openMainLog } from "./mainLog.ts";
import { desktopSettings } from "./settings.ts";
import { TrayController } from "./trayController.ts";
import type { TrayAction } from "./trayMenu.ts";
import { WindowManager } from "./windows.ts";

export interface DesktopPaths {
  /** The bundled backend worker (backend-worker.mjs). */
  workerPath: string;
  /** The built web UI (apps/web/dist). */
  uiDir: string;
  /** Tray and app icons. */
  iconsDir: string;
  /** The installer's opencode binary folder, if any. */
  bundledBinaryDir: string | null;
  /** Extra environment for the worker (tests point it at a fake opencode). */
  workerEnv?: Record<string, string>;
  /** How long Quit waits for opencode to stop before exiting anyway. */
  quitTimeoutMs?: number;
  /** The worker's restart policy (default: the sidecar's); tests shrink the delays. */
  workerRestartPolicy?: BackendHostOptions["policy"];
}

export interface DesktopHandle {
  host: BackendHost;
  windows: WindowManager;
  tray: TrayController;
  /** Resolves when the app has stopped everything and exited. */
  exited: Promise<void>;
}

/** Returns null when another instance is already running (it gets focused instead). */
export async function startDesktop(paths: DesktopPaths): Promise<DesktopHandle | null> {
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return null;
  }
  await app.whenReady();

  const userData = app.getPath("userData");
  const log = openMainLog(join(userData, "logs"), { echo: !app.isPackaged });
  const settings = desktopSettings(join(userData, "desktop.json"));
  // Off by default, and the app's own setting wins over whatever the OS remembered.
  app.setLoginItemSettings({ openAtLogin: settings.get().startAtLogin });

  const windows = new WindowManager(join(paths.iconsDir, "app.png"));
  const host = new BackendHost({
    token: randomBytes(32).toString("base64url"),
    fork: (env) =>
      utilityProcess.fork(paths.workerPath, [], {
        serviceName: "OpenCode Turnkey backend",
        // Piped, so its output reaches the log file and the tray can say why it failed.
        stdio: "pipe",
        env: { ...process.env, ...env },
      }),
    log,
    ...(paths.workerRestartPolicy ? { policy: paths.workerRestartPolicy } : {}),
    env: {
      TURNKEY_DATA_DIR: userData,
      TURNKEY_UI_DIR: paths.uiDir,
      ...(paths.bundledBinaryDir ? { TURNKEY_BUNDLED_BIN_DIR: paths.bundledBinaryDir } : {}),
      ...paths.workerEnv,
    },
  });

  let client: TurnkeyClient | null = null;
  let feed: Subscription | null = null;
  const tray = new TrayController(
    paths.iconsDir,
    (action) => void onAction(action),
    () => settings.get().startAtLogin,
  );

  const connect = (endpoint: BackendEndpoint) => {
    client = createTurnkeyClient({ baseUrl: endpoint.url, token: endpoint.token });
    windows.setEndpoint(endpoint);
    feed?.close();
    feed = subscribeEvents({
      baseUrl: endpoint.url,
      token: endpoint.token,
      onEvent: (event) => event.event === "status" && tray.update(event.data),
    });
  };
  host.on("ready", connect);
  host.on("down", () => tray.update(null));
  host.on("failed", (failure) => tray.showBackendFailure(failure));

  const onAction = async (action: TrayAction) => {
    log("main", `Tray: ${action}.`);
    switch (action) {
      case "start":
      case "stop":
      case "restart":
        // The result arrives as status events; a failure shows in the tray's state line.
        await client?.[action]().catch(() => undefined);
        return;
      case "restart-backend":
        tray.update(null);
        host.restart();
        return;
      case "repair":
        // Its steps show in the status window, which opens to follow along.
        windows.open("status");
        await client?.repair().catch(() => undefined);
        return;
      case "open-chat":
        windows.open("chat");
        return;
      case "open-status":
        windows.open("status");
        return;
      case "view-logs":
        await shell.openPath(join(userData, "logs"));
        return;
      case "toggle-start-at-login": {
        const startAtLogin = !settings.get().startAtLogin;
        settings.update({ startAtLogin });
        app.setLoginItemSettings({ openAtLogin: startAtLogin });
        tray.render();
        return;
      }
      case "quit":
        app.quit();
        return;
    }
  };

  // Quit from anywhere (tray, OS shutdown, log-off): stop opencode first, bounded, then exit.
  let resolveExited: () => void = () => undefined;
  const exited = new Promise<void>((resolve) => {
    resolveExited = resolve;
  });
  let shuttingDown = false;
  const shutdown = async () => {
    if (shuttingDown) return;
    shuttingDown = true;
    log("main", "Quitting: stopping OpenCode and the backend.");
    windows.closeAll();
    feed?.close();
    const stopped = client?.stop().catch(() => undefined) ?? Promise.resolve();
    await Promise.race([stopped, new Promise((resolve) => setTimeout(resolve, paths.quitTimeoutMs ?? 15_000))]);
    await host.stop();
    tray.destroy();
    resolveExited();
    app.exit(0);
  };
  app.on("before-quit", (event) => {
    if (shuttingDown) return;
    event.preventDefault();
    void shutdown();
  });
  powerMonitor.on("shutdown", () => void shutdown());
  app.on("window-all-closed", () => {
    // A tray app keeps running without windows.
  });
  app.on("second-instance", () => windows.open("status"));
  // Windows sends log-off and shutdown to windows, not to the app.
  app.on("browser-window-created", (_event, window: BrowserWindow) => {
    window.on("session-end", () => void shutdown());
  });

  // A backend that never comes up leaves the tray saying why; the app itself keeps running.
  await host.start();
  if (!settings.get().firstRunDone) {
    settings.update({ firstRunDone: true });
    windows.open("status");
  }
  return { host, windows, tray, exited };
}

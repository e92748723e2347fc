// The desktop app, composed: one instance, a backend worker, the tray, the windows, and a quit
// that stops opencode through the backend before the process ends. Electron is reached only
// through its module (faked in tests); lifecycle actions go over HTTP with the typed client.
import { randomBytes } from "node:crypto";
import { join } from "node:path";
import { createTurnkeyClient, type Subscription, subscribeEvents, type TurnkeyClient } from "@turnkey/client";
import { isLive, type RuntimeInfo, type SidecarStatus } from "@turnkey/contracts";
import { Redactor, takeSecretFromEnvironment } from "@turnkey/sidecar";
import { app, BrowserWindow, dialog, Menu, powerMonitor, shell, type UtilityProcess, utilityProcess } from "electron";
import { type AppJob, createAppJob } from "./appJob.ts";
import { appMenuTemplate } from "./appMenu.ts";
import { type BackendEndpoint, BackendHost, type BackendHostOptions } from "./backendHost.ts";
import { guardAllWebContents } from "./contentsGuard.ts";
import { backendFailureNotice, failureNotice } from "./failureNotice.ts";
import { desktopLaunch } from "./launchRequest.ts";
import { appUserModelId, loginItemSettings } from "./loginItem.ts";
import { openMainLog } from "./mainLog.ts";
import { notify } from "./notify.ts";
import { folderDialog } from "./openProject.ts";
import { watchSessionEnd } from "./sessionEnd.ts";
import { desktopSettings } from "./settings.ts";
import { TrayController } from "./trayController.ts";
import type { TrayAction } from "./trayMenu.ts";
import { TrayWork } from "./trayWork.ts";
import { restartToUpdateLabel, UpdateController, type Updater } from "./updater.ts";
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
  /** The data folder shared with the CLI (sharedDataDir); tests use the fake's userData instead. */
  dataDir?: string;
  /** The platform's behaviour to follow (tests inject "win32"). */
  platform?: NodeJS.Platform;
  /** This process's arguments: `--quit` asks a running instance to quit (the installer does). */
  argv?: string[];
  /** electron-updater's autoUpdater in a packaged app; none in development and tests. */
  updater?: Updater | null;
  /** Windows job objects for the worker (default: koffi on Windows). */
  appJob?: Promise<AppJob | null>;
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
  const platform = paths.platform ?? process.platform;
  const quitRequested = (paths.argv ?? process.argv).includes("--quit");
  if (paths.dataDir) {
    // One data folder with the CLI, under %LOCALAPPDATA% on Windows; Chromium's own files in a
    // subfolder. Both must be set before 'ready' (Electron's app.setPath), and before the
    // single-instance lock, which is keyed on userData.
    app.setPath("userData", paths.dataDir);
    app.setPath("sessionData", join(paths.dataDir, "chromium"));
  }
  if (quitRequested || !app.requestSingleInstanceLock()) {
    app.quit();
    return null;
  }
  // Notifications and the login item are attributed to the Start-menu shortcut's AppUserModelID.
  if (platform === "win32") app.setAppUserModelId(appUserModelId);
  await app.whenReady();

  const userData = app.getPath("userData");
  // Random per launch unless TURNKEY_TOKEN is set, as for the headless backend (the Windows CI
  // smoke test sets it to reach the installed app's API); taken out of this process's
  // environment, so the worker and what it starts never inherit it.
  const token = takeSecretFromEnvironment("TURNKEY_TOKEN") ?? randomBytes(32).toString("base64url");
  const log = openMainLog(join(userData, "logs"), {
    echo: !app.isPackaged,
    redactor: new Redactor({ secrets: [token] }),
  });
  const settings = desktopSettings(join(userData, "desktop.json"));
  // The login item is written only when the user toggles it (loginItem.ts), never at launch.
  Menu.setApplicationMenu(Menu.buildFromTemplate(appMenuTemplate(app.isPackaged)));
  const appJob = await (paths.appJob ?? createAppJob((line) => log("main", line), platform));

  const windows = new WindowManager(join(paths.iconsDir, "app.png"), (line) => log("main", line));
  // Every web contents the app ever hosts stays on the backend's origin (see contentsGuard).
  guardAllWebContents(app, () => windows.origin());
  const host = new BackendHost({
    token,
    fork: (env) => {
      const worker: UtilityProcess = utilityProcess.fork(paths.workerPath, [], {
        serviceName: "OpenCode Turnkey backend",
        // Piped, so its output reaches the log file and the tray can say why it failed.
        stdio: "pipe",
        env: { ...process.env, ...env },
      });
      // Into the app's job as soon as it exists: before it can start opencode.
      worker.once("spawn", () => appJob?.adopt(worker.pid));
      return worker;
    },
    log,
    // "Open in" apps, started here rather than in the worker, which is in the app's job (launchRequest.ts).
    launch: desktopLaunch(shell, process.env),
    ...(paths.workerRestartPolicy ? { policy: paths.workerRestartPolicy } : {}),
    env: {
      TURNKEY_DATA_DIR: userData,
      TURNKEY_UI_DIR: paths.uiDir,
      ...(paths.bundledBinaryDir ? { TURNKEY_BUNDLED_BIN_DIR: paths.bundledBinaryDir } : {}),
      // Where koffi's native module is in a packaged app (the worker may not see process.resourcesPath).
      ...(app.isPackaged && process.resourcesPath ? { TURNKEY_RESOURCES_DIR: process.resourcesPath } : {}),
      ...paths.workerEnv,
    },
  });
  // The worker is forked before the tray, the windows' plumbing and the updater are made, so its
  // boot (and OpenCode's) runs alongside them; nothing below awaits before the handlers are on,
  // so no message of the worker can arrive unheard.
  const firstEndpoint = host.start();

  let client: TurnkeyClient | null = null;
  let feed: Subscription | null = null;
  const updates = paths.updater ? new UpdateController({ updater: paths.updater, log: (l) => log("main", l) }) : null;
  // A newer OpenCode for this machine, from the backend's runtime events; null while updating.
  let opencodeUpdate: string | null = null;
  const tray = new TrayController(
    paths.iconsDir,
    // A failing action (a settings file locked by a scanner…) is logged, never an uncaught error.
    (action) =>
      void onAction(action).catch((error: unknown) =>
        log("main", `Tray: ${action} failed: ${(error as Error).message}`),
      ),
    () => settings.get().startAtLogin,
    {
      platform,
      onClick: () => windows.open("status"),
      updateLabel: () => (updates ? restartToUpdateLabel(updates.state) : null),
      opencodeUpdate: () => opencodeUpdate,
      onProject: (projectId) => windows.open("chat", { projectId }),
    },
  );
  let lastStatus: SidecarStatus | null = null;
  const work = new TrayWork({
    tray,
    windows,
    client: () => client,
    sidecarLive: () => lastStatus !== null && isLive(lastStatus.state),
    notify,
    pickFolder: folderDialog((options) => dialog.showOpenDialog(options)),
    // A sentence from the backend ("The folder … does not exist…"), in the system's own box.
    showProblem: (title, sentence) =>
      void dialog.showMessageBox({ type: "warning", title, message: title, detail: sentence }),
    platform,
    log: (line) => log("main", line),
  });
  windows.onFocus = (kind) => kind === "chat" && work.chatFocused();
  updates?.on("change", () => tray.render());
  updates?.start();
  const onRuntime = (runtime: RuntimeInfo) => {
    const busy = runtime.update !== null && runtime.update.finishedAt === null;
    const offered = runtime.updateAvailable && !busy ? (runtime.latest?.version ?? null) : null;
    if (offered === opencodeUpdate) return;
    opencodeUpdate = offered;
    tray.render();
  };
  const onStatus = (status: SidecarStatus) => {
    const notice = failureNotice(lastStatus, status);
    lastStatus = status;
    tray.update(status);
    if (notice) notify(notice);
  };

  const connect = (endpoint: BackendEndpoint) => {
    const backend = createTurnkeyClient({ baseUrl: endpoint.url, token: endpoint.token });
    client = backend;
    windows.setEndpoint(endpoint);
    feed?.close();
    feed = subscribeEvents({
      baseUrl: endpoint.url,
      token: endpoint.token,
      // The tray needs no chat events: a project id that names none keeps every reply's text off
      // this connection (the backend never widens an unknown project to all).
      projects: ["none"],
      onEvent: (event) => {
        if (event.event === "status") onStatus(event.data);
        else if (event.event === "runtime") onRuntime(event.data);
        else if (event.event === "projects")
          work.onProjects(event.data.projects, event.data.waitingSessions, event.data.waitingRequests);
        else if (event.event === "schedules") work.onSchedules(event.data);
        else if (event.event === "goals") work.onGoals(event.data);
      },
      onError: (error) =>
        log("main", `The tray could not show a status update: ${error instanceof Error ? error.stack : String(error)}`),
      // The same backend after a break in the stream (a sleep, a reader dropped as stalled): the
      // projects and what waits changed by events that went to no one, so they are read again.
      onReopen: () => work.connected(backend),
    });
    // Asking also starts a check for a newer OpenCode when the last one is old; it arrives as an event.
    void backend.runtime().then(onRuntime, () => undefined);
    work.connected(backend);
  };
  host.on("ready", connect);
  host.on("down", () => tray.update(null));
  host.on("failed", (failure) => {
    tray.showBackendFailure(failure);
    notify(backendFailureNotice(failure.reason));
  });

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
      case "open-waiting":
        work.openWaiting();
        return;
      case "open-project":
        await work.openProject();
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
        app.setLoginItemSettings(loginItemSettings(startAtLogin, platform, process.execPath));
        tray.render();
        return;
      }
      case "update-opencode":
        // Progress and the outcome (kept, or rolled back and why) show in the status window.
        windows.open("status");
        await client?.updateRuntime().catch(() => undefined);
        return;
      case "restart-to-update":
        void shutdown(() => updates?.install(true) || app.exit(0));
        return;
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
  /** `finish` ends the process: app.exit, or handing over to the update installer. */
  const shutdown = async (finish?: () => unknown) => {
    if (shuttingDown) return;
    shuttingDown = true;
    log("main", "Quitting: stopping OpenCode and the backend.");
    windows.closeAll();
    feed?.close();
    const stopped = client?.stop().catch(() => undefined) ?? Promise.resolve();
    await Promise.race([stopped, new Promise((resolve) => setTimeout(resolve, paths.quitTimeoutMs ?? 15_000))]);
    await host.stop();
    updates?.stop();
    tray.destroy();
    resolveExited();
    // A downloaded update is installed silently on Quit (no restart); otherwise just exit.
    if (finish) finish();
    else if (!updates?.install(false)) app.exit(0);
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
  // A second launch shows the window; the installer's `--quit` asks this instance to quit cleanly.
  app.on("second-instance", (_event, argv: string[] = []) =>
    argv.includes("--quit") ? app.quit() : windows.open("status"),
  );
  watchSessionEnd(
    platform,
    (options) => new BrowserWindow(options),
    (reason) => {
      log("main", `Windows is ending the session (${reason}).`);
      void shutdown();
    },
  );
  // Windows sends log-off and shutdown to windows, not to the app.
  app.on("browser-window-created", (_event, window) => {
    window.on("session-end", () => void shutdown());
  });

  // A backend that never comes up leaves the tray saying why; the app itself keeps running.
  await firstEndpoint;
  if (!settings.get().firstRunDone) {
    settings.update({ firstRunDone: true });
    windows.open("status");
  }
  return { host, windows, tray, exited };
}

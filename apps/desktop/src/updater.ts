// App updates through electron-updater (the GitHub-releases provider configured under `publish`
// in electron-builder.yml; www.electron.build/auto-update). A check once a day, downloading in the
// background; nothing ever interrupts the user: no dialog, no restart of its own. When an update is
// downloaded, the tray offers "Restart to update"; a plain Quit installs it silently too.
// The decisions are pure functions of UpdateState, tested under Node; UpdateController only wires
// an Updater (electron-updater's autoUpdater in the app, a fake in tests) to timers.
import { EventEmitter } from "node:events";

export const updateCheckIntervalMs = 24 * 60 * 60 * 1000;
/** The first check waits until the app has settled after launch. */
export const firstCheckDelayMs = 5 * 60 * 1000;
/** After a failed check (offline, GitHub down), try again sooner than a day, but not in a loop. */
export const retryAfterErrorMs = 60 * 60 * 1000;

export type UpdatePhase = "idle" | "checking" | "downloading" | "ready" | "error";

export interface UpdateState {
  phase: UpdatePhase;
  /** The version that is downloading or downloaded. */
  version: string | null;
  lastCheckAt: number | null;
  error: string | null;
}

export type UpdateEvent =
  | { type: "checking"; at: number }
  | { type: "available"; version: string }
  | { type: "not-available" }
  | { type: "downloaded"; version: string }
  | { type: "error"; message: string };

export const initialUpdateState: UpdateState = { phase: "idle", version: null, lastCheckAt: null, error: null };

export function reduceUpdate(state: UpdateState, event: UpdateEvent): UpdateState {
  switch (event.type) {
    case "checking":
      // A downloaded update stays ready: a later check must not hide "Restart to update".
      return state.phase === "ready"
        ? { ...state, lastCheckAt: event.at }
        : { ...state, phase: "checking", lastCheckAt: event.at, error: null };
    case "available":
      return { ...state, phase: "downloading", version: event.version };
    case "not-available":
      return state.phase === "ready" ? state : { ...state, phase: "idle" };
    case "downloaded":
      return { ...state, phase: "ready", version: event.version, error: null };
    case "error":
      return state.phase === "ready" ? state : { ...state, phase: "error", error: event.message };
  }
}

/** How long until the next check should start. */
export function nextCheckInMs(state: UpdateState, now: number): number {
  if (state.phase === "checking" || state.phase === "downloading") return updateCheckIntervalMs;
  if (state.lastCheckAt === null) return firstCheckDelayMs;
  const interval = state.phase === "error" ? retryAfterErrorMs : updateCheckIntervalMs;
  return Math.max(0, state.lastCheckAt + interval - now);
}

/** Whether updates are looked for at all: only a packaged app, and never when switched off. */
export function updatesEnabled(isPackaged: boolean, env: NodeJS.ProcessEnv): boolean {
  return isPackaged && env.TURNKEY_DISABLE_UPDATES !== "1";
}

/** The tray's update line, or null when there is nothing to offer. */
export function restartToUpdateLabel(state: UpdateState): string | null {
  return state.phase === "ready" && state.version ? `Restart to update (${state.version})` : null;
}

/** The part of electron-updater's AppUpdater used here. */
export interface Updater {
  autoDownload: boolean;
  autoInstallOnAppQuit: boolean;
  on(event: "update-available" | "update-downloaded", listener: (info: { version: string }) => void): unknown;
  on(event: "update-not-available", listener: () => void): unknown;
  on(event: "error", listener: (error: Error) => void): unknown;
  checkForUpdates(): Promise<unknown>;
  quitAndInstall(isSilent?: boolean, isForceRunAfter?: boolean): void;
}

export interface UpdateControllerOptions {
  updater: Updater;
  now?: () => number;
  setTimer?: (callback: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
  log?: (line: string) => void;
}

export class UpdateController extends EventEmitter<{ change: [UpdateState] }> {
  state: UpdateState = initialUpdateState;
  private timer: unknown = null;
  private stopped = false;
  private readonly now: () => number;
  private readonly setTimer: (callback: () => void, ms: number) => unknown;
  private readonly clearTimer: (handle: unknown) => void;

  constructor(private readonly options: UpdateControllerOptions) {
    super();
    this.now = options.now ?? Date.now;
    this.setTimer = options.setTimer ?? ((callback, ms) => setTimeout(callback, ms).unref());
    this.clearTimer = options.clearTimer ?? ((handle) => clearTimeout(handle as NodeJS.Timeout));
    const { updater } = options;
    updater.autoDownload = true;
    // Installing happens on our Quit (after OpenCode is stopped), not on electron-updater's own.
    updater.autoInstallOnAppQuit = false;
    updater.on("update-available", (info) => this.apply({ type: "available", version: info.version }));
    updater.on("update-not-available", () => this.apply({ type: "not-available" }));
    updater.on("update-downloaded", (info) => this.apply({ type: "downloaded", version: info.version }));
    updater.on("error", (error) => this.apply({ type: "error", message: error.message }));
  }

  start(): void {
    this.schedule();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) this.clearTimer(this.timer);
  }

  /** Hands over to the installer (after the app has stopped OpenCode); restart = run the app after. */
  install(restart: boolean): boolean {
    if (this.state.phase !== "ready") return false;
    this.options.updater.quitAndInstall(true, restart);
    return true;
  }

  private async check(): Promise<void> {
    this.apply({ type: "checking", at: this.now() });
    try {
      await this.options.updater.checkForUpdates();
      // No event at all (e.g. no update feed configured): the check is over all the same.
      if (this.state.phase === "checking") this.apply({ type: "not-available" });
    } catch (error) {
      this.apply({ type: "error", message: (error as Error).message });
    }
  }

  private apply(event: UpdateEvent): void {
    const next = reduceUpdate(this.state, event);
    if (event.type === "error") this.options.log?.(`Update check failed: ${event.message}`);
    if (next === this.state) return;
    this.state = next;
    this.emit("change", next);
    if (event.type !== "checking" && event.type !== "available") this.schedule();
  }

  private schedule(): void {
    if (this.stopped) return;
    if (this.timer) this.clearTimer(this.timer);
    this.timer = this.setTimer(() => void this.check(), nextCheckInMs(this.state, this.now()));
  }
}

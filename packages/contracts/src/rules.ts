// What a sidecar state allows: the tray menu, the status and chat windows, the routes and the
// maintenance steps all ask these, so a state's meaning is decided once.
import type { SidecarState } from "./status.ts";

/** OpenCode answers requests: chat works. */
export function isLive(state: SidecarState): boolean {
  return state === "running" || state === "degraded";
}

/** A process is up or coming up (not stopping, not waiting to restart). */
export function isActive(state: SidecarState): boolean {
  return state === "starting" || isLive(state);
}

/** A process of ours exists, so its pid and port mean something. */
export function hasProcess(state: SidecarState): boolean {
  return isActive(state) || state === "stopping";
}

export function canStart(state: SidecarState): boolean {
  return state === "stopped" || state === "failed" || state === "backoff";
}

export function canStop(state: SidecarState): boolean {
  return isActive(state) || state === "backoff";
}

export function canRestart(state: SidecarState): boolean {
  return canStop(state) || state === "failed";
}

/** OpenCode is on its way up by itself (starting, or waiting to restart): worth a moment's wait. */
export function isComingUp(state: SidecarState): boolean {
  return state === "starting" || state === "backoff";
}

/** The status's error explains the state (it is kept, but stale, once OpenCode runs again). */
export function showsError(state: SidecarState): boolean {
  return state === "failed" || state === "backoff";
}

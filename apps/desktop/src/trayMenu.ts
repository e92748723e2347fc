// The tray menu as a pure function of the sidecar status, the recent projects and how many
// sessions wait for the user: which items exist, what they say and whether they are enabled. Electron's Menu is built from this by trayController.ts; the rules
// are tested as a table without Electron.
import { canRestart, canStart, canStop, isLive, type SidecarState, type SidecarStatus } from "@turnkey/contracts";
import type { BackendFailure } from "./backendHost.ts";
import type { RecentProject } from "./recentProjects.ts";

export type TrayAction =
  | "start"
  | "stop"
  | "restart"
  | "restart-backend"
  | "repair"
  | "open-chat"
  | "open-waiting"
  | "open-project"
  | "open-status"
  | "view-logs"
  | "toggle-start-at-login"
  | "restart-to-update"
  | "update-opencode"
  | "quit";

export type TrayItem =
  | { kind: "label"; label: string }
  | { kind: "separator" }
  | { kind: "action"; action: TrayAction; label: string; enabled: boolean }
  | { kind: "checkbox"; action: TrayAction; label: string; checked: boolean }
  | { kind: "project"; projectId: string; label: string; enabled: boolean };

export interface TrayContext {
  /** null while the backend itself is (re)starting. */
  status: SidecarStatus | null;
  /** Set when the backend itself kept crashing and is no longer restarted. */
  backendFailure?: BackendFailure | null;
  startAtLogin: boolean;
  /** "Restart to update (1.2.0)" once an app update is downloaded (updater.ts). */
  updateLabel?: string | null;
  /** A newer OpenCode for this machine (GET /api/runtime), offered as "Update OpenCode". */
  opencodeUpdate?: string | null;
  /** The last projects opened, most recent first (GET /api/projects). */
  recentProjects?: RecentProject[];
  /** Sessions waiting for the user (a permission or a question). */
  waiting?: number;
}

const backendFailedLine = "OpenCode Turnkey stopped working";
const maxLabelChars = 90;

const stateLines: Record<SidecarState, string> = {
  running: "OpenCode is running",
  starting: "OpenCode is starting…",
  degraded: "OpenCode is slow to respond",
  backoff: "OpenCode stopped; restarting…",
  stopping: "OpenCode is stopping…",
  stopped: "OpenCode is stopped",
  failed: "OpenCode could not start",
};

export function stateLine(status: SidecarStatus | null, backendFailure: BackendFailure | null = null): string {
  if (backendFailure) return backendFailedLine;
  if (status === null) return "Starting the backend…";
  const line = stateLines[status.state];
  return status.state === "running" && status.port ? `${line} (port ${status.port})` : line;
}

export function buildTrayMenu(context: TrayContext): TrayItem[] {
  const items = menuItems(context);
  // A downloaded app update: offered just above Quit, never forced.
  if (context.updateLabel) {
    items.splice(items.length - 1, 0, {
      kind: "action",
      action: "restart-to-update",
      label: context.updateLabel,
      enabled: true,
    });
  }
  return items;
}

function menuItems(context: TrayContext): TrayItem[] {
  const { status, backendFailure = null, startAtLogin, opencodeUpdate = null, waiting = 0 } = context;
  if (backendFailure) return backendFailedMenu(backendFailure, startAtLogin);
  const state = status?.state ?? null;
  const allows = (rule: (s: SidecarState) => boolean) => state !== null && rule(state);
  const items: TrayItem[] = [
    { kind: "label", label: stateLine(status) },
    // The agent stopped for the user: one click to the chat that waits.
    ...(waiting > 0 && status !== null
      ? [{ kind: "action", action: "open-waiting", label: waitingLine(waiting), enabled: true } as const]
      : []),
    { kind: "separator" },
    { kind: "action", action: "start", label: "Start", enabled: allows(canStart) },
    { kind: "action", action: "stop", label: "Stop", enabled: allows(canStop) },
    { kind: "action", action: "restart", label: "Restart", enabled: allows(canRestart) },
  ];
  if (state === "failed") items.push({ kind: "action", action: "repair", label: "Repair", enabled: true });
  if (opencodeUpdate) {
    items.push({
      kind: "action",
      action: "update-opencode",
      label: `Update OpenCode (${opencodeUpdate})`,
      enabled: true,
    });
  }
  items.push(...commonItems(allows(isLive), status !== null, startAtLogin, projectItems(context)));
  return items;
}

/** "Open project…" (a folder dialog) and the recent projects; both need the backend. */
function projectItems({ status, recentProjects = [] }: TrayContext): TrayItem[] {
  const backendUp = status !== null;
  return [
    { kind: "action", action: "open-project", label: "Open project…", enabled: backendUp },
    ...recentProjects.map((p): TrayItem => ({ kind: "project", projectId: p.id, label: p.label, enabled: backendUp })),
  ];
}

export function waitingLine(waiting: number): string {
  return `${waiting} waiting for you`;
}

/** The backend gave up: what it last said, a way to try again, and the logs. */
function backendFailedMenu(failure: BackendFailure, startAtLogin: boolean): TrayItem[] {
  return [
    { kind: "label", label: backendFailedLine },
    ...failure.lastOutput.map((line): TrayItem => ({ kind: "label", label: clip(line) })),
    { kind: "separator" },
    { kind: "action", action: "restart-backend", label: "Restart", enabled: true },
    ...commonItems(false, false, startAtLogin),
  ];
}

function commonItems(live: boolean, backendUp: boolean, startAtLogin: boolean, projects: TrayItem[] = []): TrayItem[] {
  return [
    { kind: "separator" },
    { kind: "action", action: "open-chat", label: "Open Chat", enabled: live },
    { kind: "action", action: "open-status", label: "Open Status", enabled: backendUp },
    { kind: "action", action: "view-logs", label: "View Logs", enabled: true },
    ...(projects.length > 0 ? [{ kind: "separator" } as const, ...projects] : []),
    { kind: "separator" },
    { kind: "checkbox", action: "toggle-start-at-login", label: "Start at Login", checked: startAtLogin },
    { kind: "separator" },
    { kind: "action", action: "quit", label: "Quit OpenCode Turnkey", enabled: true },
  ];
}

function clip(line: string): string {
  const trimmed = line.trim();
  return trimmed.length > maxLabelChars ? `${trimmed.slice(0, maxLabelChars - 1)}…` : trimmed;
}

export type TrayIconName = "running" | "starting" | "warning" | "stopped" | "failed";

export function trayIconFor(status: SidecarStatus | null, backendFailure: BackendFailure | null = null): TrayIconName {
  if (backendFailure) return "failed";
  switch (status?.state ?? null) {
    case "running":
      return "running";
    case "degraded":
    case "backoff":
      return "warning";
    case "failed":
      return "failed";
    case "stopped":
      return "stopped";
    default:
      return "starting"; // starting, stopping, or the backend itself starting
  }
}

/** `unread`: replies that finished while the chat window was not in front, not yet seen. */
export function trayTooltip(
  status: SidecarStatus | null,
  backendFailure: BackendFailure | null = null,
  waiting = 0,
  unread = 0,
): string {
  if (backendFailure) return backendFailedLine;
  const parts = [`OpenCode Turnkey: ${stateLine(status)}`];
  if (status !== null && waiting > 0) parts.push(waitingLine(waiting));
  if (status !== null && unread > 0) parts.push(`${unread} new ${unread === 1 ? "reply" : "replies"}`);
  return parts.join(" · ");
}

import type { SidecarState, SidecarStatus } from "@turnkey/contracts";
import { describe, expect, it } from "vitest";
import { buildTrayMenu, type TrayItem, trayIconFor, trayTooltip } from "./trayMenu.ts";

const status = (state: SidecarState, port: number | null = null): SidecarStatus => ({
  state,
  pid: port ? 100 : null,
  port,
  version: null,
  startedAt: null,
  readyAt: null,
  uptimeMs: null,
  restarts: 0,
  nextRestartAt: null,
  lastExit: null,
  error: null,
  health: null,
  binary: null,
});

const enabled = (items: TrayItem[]) =>
  Object.fromEntries(items.flatMap((i) => (i.kind === "action" ? [[i.action, i.enabled]] : [])));

describe("buildTrayMenu", () => {
  // state → first line, and the enabled flag of each action
  it.each([
    [
      "running",
      4096,
      "OpenCode is running (port 4096)",
      { start: false, stop: true, restart: true, "open-chat": true },
    ],
    ["starting", null, "OpenCode is starting…", { start: false, stop: true, restart: true, "open-chat": false }],
    ["degraded", 4096, "OpenCode is slow to respond", { start: false, stop: true, restart: true, "open-chat": true }],
    ["backoff", null, "OpenCode stopped; restarting…", { start: true, stop: true, restart: true, "open-chat": false }],
    ["stopping", null, "OpenCode is stopping…", { start: false, stop: false, restart: false, "open-chat": false }],
    ["stopped", null, "OpenCode is stopped", { start: true, stop: false, restart: false, "open-chat": false }],
    ["failed", null, "OpenCode could not start", { start: true, stop: false, restart: true, "open-chat": false }],
  ] as const)("%s", (state, port, line, flags) => {
    const items = buildTrayMenu({ status: status(state, port), startAtLogin: false });
    expect(items[0]).toEqual({ kind: "label", label: line });
    expect(enabled(items)).toMatchObject({ ...flags, "open-status": true, "view-logs": true, quit: true });
    // Repair is offered exactly when OpenCode gave up.
    expect(items.some((i) => i.kind === "action" && i.action === "repair")).toBe(state === "failed");
  });

  it("always has the same items in the same order, ending with Quit", () => {
    const labels = buildTrayMenu({ status: status("running", 1), startAtLogin: false })
      .filter((i) => i.kind !== "separator")
      .map((i) => (i.kind === "label" ? "(state)" : i.label));
    expect(labels).toEqual([
      "(state)",
      "Start",
      "Stop",
      "Restart",
      "Open Chat",
      "Open Status",
      "View Logs",
      "Open project…",
      "Start at Login",
      "Quit OpenCode Turnkey",
    ]);
  });

  it("shows Start at Login as a checkbox reflecting the setting", () => {
    for (const startAtLogin of [false, true]) {
      const item = buildTrayMenu({ status: null, startAtLogin }).find((i) => i.kind === "checkbox");
      expect(item).toEqual({
        kind: "checkbox",
        action: "toggle-start-at-login",
        label: "Start at Login",
        checked: startAtLogin,
      });
    }
  });

  it("while the backend itself starts, offers nothing that needs it", () => {
    const items = buildTrayMenu({ status: null, startAtLogin: false });
    expect(items[0]).toEqual({ kind: "label", label: "Starting the backend…" });
    expect(enabled(items)).toMatchObject({
      start: false,
      stop: false,
      restart: false,
      "open-chat": false,
      "open-status": false,
      quit: true,
    });
  });

  it("when the backend gave up, shows what it last said and offers Restart and the logs", () => {
    const failure = { reason: "…", lastOutput: ["Error: ENOTDIR: not a directory", "x".repeat(200)] };
    const items = buildTrayMenu({ status: null, backendFailure: failure, startAtLogin: false });
    const labels = items.flatMap((i) => (i.kind === "label" ? [i.label] : []));
    expect(labels[0]).toBe("OpenCode Turnkey stopped working");
    expect(labels[1]).toBe("Error: ENOTDIR: not a directory");
    expect(labels[2]).toHaveLength(90);
    expect(enabled(items)).toEqual({
      "restart-backend": true,
      "open-chat": false,
      "open-status": false,
      "view-logs": true,
      quit: true,
    });
    expect(trayIconFor(null, failure)).toBe("failed");
    expect(trayTooltip(null, failure)).toBe("OpenCode Turnkey stopped working");
  });
});

describe("tray icon and tooltip", () => {
  it.each([
    ["running", "running"],
    ["starting", "starting"],
    ["stopping", "starting"],
    ["degraded", "warning"],
    ["backoff", "warning"],
    ["stopped", "stopped"],
    ["failed", "failed"],
  ] as const)("%s → %s", (state, icon) => {
    expect(trayIconFor(status(state))).toBe(icon);
  });

  it("names the state and port", () => {
    expect(trayTooltip(status("running", 4100))).toBe("OpenCode Turnkey: OpenCode is running (port 4100)");
  });
});

describe("app update item", () => {
  it("appears just above Quit once an update is downloaded", () => {
    const items = buildTrayMenu({ status: null, startAtLogin: false, updateLabel: "Restart to update (1.2.0)" });
    expect(items.slice(-2)).toEqual([
      { kind: "action", action: "restart-to-update", label: "Restart to update (1.2.0)", enabled: true },
      { kind: "action", action: "quit", label: "Quit OpenCode Turnkey", enabled: true },
    ]);
    expect(
      buildTrayMenu({ status: null, startAtLogin: false }).some(
        (i) => i.kind === "action" && i.action === "restart-to-update",
      ),
    ).toBe(false);
  });
});

describe("OpenCode update item", () => {
  it("offers Update OpenCode after the lifecycle items only while a newer version is available", () => {
    const items = buildTrayMenu({ status: status("running", 4100), startAtLogin: false, opencodeUpdate: "1.18.34" });
    const actions = items.flatMap((i) => (i.kind === "action" ? [i.action] : []));
    expect(actions.slice(0, 4)).toEqual(["start", "stop", "restart", "update-opencode"]);
    expect(items).toContainEqual({
      kind: "action",
      action: "update-opencode",
      label: "Update OpenCode (1.18.34)",
      enabled: true,
    });
    const none = buildTrayMenu({ status: status("running", 4100), startAtLogin: false, opencodeUpdate: null });
    expect(none.some((i) => i.kind === "action" && i.action === "update-opencode")).toBe(false);
  });
});

describe("projects and what waits for the user", () => {
  const recentProjects = [
    { id: "p1", label: "app  (~/work/app)" },
    { id: "p2", label: "site  (~/site)" },
  ];

  it("offers Open project… and the recent projects after the windows, while the backend is up", () => {
    const items = buildTrayMenu({ status: status("stopped"), startAtLogin: false, recentProjects });
    const at = items.findIndex((i) => i.kind === "action" && i.action === "open-project");
    expect(items[at - 1]).toEqual({ kind: "separator" });
    expect(items.slice(at, at + 4)).toEqual([
      { kind: "action", action: "open-project", label: "Open project…", enabled: true },
      { kind: "project", projectId: "p1", label: "app  (~/work/app)", enabled: true },
      { kind: "project", projectId: "p2", label: "site  (~/site)", enabled: true },
      { kind: "separator" },
    ]);
    // No backend to ask: shown, but not clickable.
    const down = buildTrayMenu({ status: null, startAtLogin: false, recentProjects });
    expect(down.filter((i) => i.kind === "project" || (i.kind === "action" && i.action === "open-project"))).toEqual([
      { kind: "action", action: "open-project", label: "Open project…", enabled: false },
      { kind: "project", projectId: "p1", label: "app  (~/work/app)", enabled: false },
      { kind: "project", projectId: "p2", label: "site  (~/site)", enabled: false },
    ]);
  });

  it("says how many wait for the user, under the state line and in the tooltip", () => {
    const items = buildTrayMenu({ status: status("running", 4100), startAtLogin: false, waiting: 2 });
    expect(items[1]).toEqual({ kind: "action", action: "open-waiting", label: "2 waiting for you", enabled: true });
    expect(trayTooltip(status("running", 4100), null, 2)).toBe(
      "OpenCode Turnkey: OpenCode is running (port 4100) · 2 waiting for you",
    );
    expect(trayTooltip(status("running", 4100), null, 0)).toBe("OpenCode Turnkey: OpenCode is running (port 4100)");
    expect(trayTooltip(status("running", 4100), null, 1, 2)).toBe(
      "OpenCode Turnkey: OpenCode is running (port 4100) · 1 waiting for you · 2 new replies",
    );
    expect(trayTooltip(status("running", 4100), null, 0, 1)).toBe(
      "OpenCode Turnkey: OpenCode is running (port 4100) · 1 new reply",
    );
    const none = buildTrayMenu({ status: status("running", 4100), startAtLogin: false, waiting: 0 });
    expect(none.some((i) => i.kind === "action" && i.action === "open-waiting")).toBe(false);
  });

  it("leaves projects out when the backend itself stopped working", () => {
    const items = buildTrayMenu({
      status: null,
      backendFailure: { reason: "It crashed.", lastOutput: [] },
      startAtLogin: false,
      recentProjects,
      waiting: 1,
    });
    expect(items.some((i) => i.kind === "project" || (i.kind === "action" && i.action === "open-waiting"))).toBe(false);
  });
});

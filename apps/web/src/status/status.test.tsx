// @vitest-environment happy-dom

import { cleanup, fireEvent, render, screen } from "@testing-library/react";
import type { SidecarStatus } from "@turnkey/contracts";
import { afterEach, describe, expect, it, vi } from "vitest";
import { LifecycleButtons } from "./LifecycleButtons.tsx";
import { StateBadge } from "./StateBadge.tsx";
import { enabledActions, stateView } from "./stateView.ts";

afterEach(cleanup);

const base: SidecarStatus = {
  state: "running",
  pid: 4242,
  port: 4096,
  version: "1.18.33",
  startedAt: 1000,
  readyAt: 2000,
  uptimeMs: 1000,
  restarts: 0,
  nextRestartAt: null,
  lastExit: null,
  error: null,
  health: { ok: true, latencyMs: 3, checkedAt: 2000, consecutiveFailures: 0 },
  binary: { path: "/opt/opencode", source: "managed", version: "1.18.33" },
};

describe("stateView", () => {
  it.each([
    ["running", "Running", "ok"],
    ["starting", "Starting", "busy"],
    ["degraded", "Degraded", "warn"],
    ["backoff", "Restarting", "warn"],
    ["stopping", "Stopping", "busy"],
    ["stopped", "Stopped", "off"],
    ["failed", "Failed", "bad"],
  ] as const)("%s reads %s with tone %s", (state, label, tone) => {
    expect(stateView({ ...base, state }, 0)).toMatchObject({ label, tone });
  });

  it("counts down to the next try while backing off, with the reason", () => {
    const view = stateView(
      {
        ...base,
        state: "backoff",
        nextRestartAt: 10_000,
        error: { code: "crashed", message: "OpenCode stopped unexpectedly." },
      },
      7_000,
    );
    expect(view.sentence).toBe("OpenCode stopped unexpectedly. Trying again in 3 s.");
  });

  it("says what to do when failed", () => {
    const view = stateView(
      {
        ...base,
        state: "failed",
        error: { code: "binary_not_found", message: "OpenCode's program was not found. Reinstall." },
      },
      0,
    );
    expect(view.sentence).toBe("OpenCode's program was not found. Reinstall.");
  });
});

describe("lifecycle buttons", () => {
  it.each([
    ["stopped", { start: true, stop: false, restart: false }],
    ["starting", { start: false, stop: true, restart: true }],
    ["running", { start: false, stop: true, restart: true }],
    ["degraded", { start: false, stop: true, restart: true }],
    ["backoff", { start: true, stop: true, restart: true }],
    ["stopping", { start: false, stop: false, restart: false }],
    ["failed", { start: true, stop: false, restart: true }],
  ] as const)("%s enables %o", (state, expected) => {
    expect(enabledActions(state, false)).toEqual(expected);
  });

  it("disables everything while an action runs, and shows which one, which keeps the focus", () => {
    const onAction = vi.fn();
    const { rerender } = render(<LifecycleButtons state="running" running={null} onAction={onAction} />);
    screen.getByRole("button", { name: "Stop" }).focus();
    fireEvent.click(screen.getByRole("button", { name: "Stop" }));
    rerender(<LifecycleButtons state="running" running="stop" onAction={onAction} />);
    const stop = screen.getByRole("button", { name: "Stopping…" });
    // Unavailable but focusable: a disabled button drops the keyboard to the page.
    expect(stop.getAttribute("aria-disabled")).toBe("true");
    expect(stop.getAttribute("aria-busy")).toBe("true");
    expect(document.activeElement).toBe(stop);
    fireEvent.click(stop);
    expect(onAction).toHaveBeenCalledTimes(1);
    for (const button of screen.getAllByRole("button").filter((b) => b !== stop))
      expect(button).toHaveProperty("disabled", true);
    // Stopped: Stop is disabled now, so the focus goes to what can be pressed (Start).
    rerender(<LifecycleButtons state="stopped" running={null} onAction={onAction} />);
    expect(document.activeElement).toBe(screen.getByRole("button", { name: "Start" }));
  });

  it("offers only what makes sense when stopped, and clicking calls the action", () => {
    const onAction = vi.fn();
    render(<LifecycleButtons state="stopped" running={null} onAction={onAction} />);
    expect(screen.getByRole("button", { name: "Stop" })).toHaveProperty("disabled", true);
    fireEvent.click(screen.getByRole("button", { name: "Start" }));
    expect(onAction).toHaveBeenCalledWith("start");
  });
});

describe("StateBadge", () => {
  it("shows the state and its sentence", () => {
    render(<StateBadge status={{ ...base, state: "stopped", pid: null, port: null }} now={0} />);
    expect(screen.getByTestId("state-badge").textContent).toBe("Stopped");
    expect(screen.getByText("OpenCode is not running. Press Start to run it.")).toBeTruthy();
  });
});

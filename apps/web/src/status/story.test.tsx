// @vitest-environment happy-dom
// The status window tells the story: a chart with a past, axes and units; a log that can be
// searched and says when filters hide everything; a failed repair that keeps its steps; and
// buttons that look disabled when they are (apps/web/test/disabledButtons.test.ts).

import { cleanup, fireEvent, render, screen, waitFor } from "@testing-library/react";
import { TurnkeyApiError } from "@turnkey/client";
import type { SidecarStatus } from "@turnkey/contracts";
import { afterEach, describe, expect, it, vi } from "vitest";
import { HealthChart, latencyAxisMax } from "./HealthChart.tsx";
import { mergeSamples } from "./healthSamples.ts";
import { LogTail, type NumberedLine } from "./LogTail.tsx";
import { stateView } from "./stateView.ts";

const api = vi.hoisted(() => ({
  settings: vi.fn(),
  repair: vi.fn(),
  replying: vi.fn(async () => []),
}));
vi.mock("../shared/api.ts", () => ({
  api,
  errorMessage: (e: unknown) => (e instanceof Error ? e.message : "Something went wrong."),
  saveDiagnostics: vi.fn(),
}));
const { MaintenancePanel } = await import("./Maintenance.tsx");

afterEach(cleanup);

const status: SidecarStatus = {
  state: "failed",
  pid: null,
  port: null,
  version: null,
  startedAt: null,
  readyAt: null,
  uptimeMs: null,
  restarts: 4,
  nextRestartAt: null,
  lastExit: null,
  error: { code: "crashed", message: "OpenCode stopped." },
  health: null,
  binary: null,
} as SidecarStatus;

describe("health chart", () => {
  const now = 10_000_000;
  const windowMs = 10 * 60_000;

  it("has a millisecond axis, a time axis ending at now, and a bar per check (red when it failed)", () => {
    const samples = [
      { at: now - 9 * 60_000, ok: true, latencyMs: 4 },
      { at: now - 60_000, ok: true, latencyMs: 37 },
      { at: now - 5_000, ok: false, latencyMs: null },
    ];
    const { container } = render(<HealthChart samples={samples} windowMs={windowMs} now={now} />);
    const labels = [...container.querySelectorAll("text")].map((t) => t.textContent);
    expect(labels).toEqual(expect.arrayContaining(["ms", "0", "25", "50", "10 min ago", "5 min ago", "now"]));
    expect(container.querySelectorAll("rect.bar-ok")).toHaveLength(2);
    expect(container.querySelectorAll("rect.bar-bad")).toHaveLength(1);
    expect(screen.getByText(/3 health checks in the last 10 minutes, 1 failed; the last failed\./)).toBeTruthy();
    expect(screen.getByText(/answer time in milliseconds/)).toBeTruthy();
  });

  it("counts one check in the singular", () => {
    render(<HealthChart samples={[{ at: now - 1_000, ok: true, latencyMs: 12 }]} windowMs={windowMs} now={now} />);
    expect(
      screen.getByText(/^1 health check in the last 10 minutes, 0 failed; the last answered in 12 ms\./),
    ).toBeTruthy();
  });

  it("says so when there is nothing to show", () => {
    render(<HealthChart samples={[]} windowMs={windowMs} now={now} />);
    expect(screen.getByText(/No health checks in the last 10 minutes\./)).toBeTruthy();
  });

  it("rounds the latency axis up to a readable top", () => {
    expect([latencyAxisMax([]), latencyAxisMax([3]), latencyAxisMax([11]), latencyAxisMax([420])]).toEqual([
      10, 10, 20, 500,
    ]);
  });

  it("starts from the backend's history and adds live checks once each, oldest first", () => {
    const check = (checkedAt: number) => ({ ok: true, latencyMs: 2, checkedAt, consecutiveFailures: 0 });
    const live = mergeSamples([], [check(300)], 0);
    const merged = mergeSamples(live, [check(100), check(200), check(300)], 150);
    expect(merged.map((s) => s.at)).toEqual([200, 300]);
  });
});

describe("log search", () => {
  const lines: NumberedLine[] = [
    { seq: 1, at: 1, stream: "stdout", line: "opencode server listening on http://127.0.0.1:4096" },
    { seq: 2, at: 2, stream: "stderr", line: "Error: database is locked" },
    { seq: 3, at: 3, stream: "supervisor", line: "opencode (pid 7) exited with exit code 1" },
  ];

  it("shows only matching lines, and says when the filters hide every line", () => {
    render(<LogTail lines={lines} />);
    const search = screen.getByRole("searchbox", { name: "Search the log" });
    fireEvent.change(search, { target: { value: "DATABASE" } });
    const log = screen.getByRole("log");
    expect(log.textContent).toContain("Error: database is locked");
    expect(log.textContent).not.toContain("listening");
    fireEvent.change(search, { target: { value: "no such text" } });
    expect(log.textContent).toContain("All lines are filtered out.");
    expect(screen.getByRole("button", { name: "Copy" })).toHaveProperty("disabled", true);
    fireEvent.change(search, { target: { value: "" } });
    fireEvent.click(screen.getByRole("checkbox", { name: "stdout" }));
    fireEvent.click(screen.getByRole("checkbox", { name: "stderr" }));
    fireEvent.click(screen.getByRole("checkbox", { name: "supervisor" }));
    expect(log.textContent).toContain("All lines are filtered out.");
  });

  it("says nothing was logged when nothing was", () => {
    render(<LogTail lines={[]} />);
    expect(screen.getByRole("log").textContent).toBe("Nothing logged yet.");
  });
});

describe("repair", () => {
  it("keeps the steps the API returned when the repair could not start OpenCode", async () => {
    api.settings.mockResolvedValue({ settings: { profile: "managed" }, profileSource: "settings" });
    const steps = [
      { step: "stop", ok: true, detail: "OpenCode is stopped." },
      { step: "verify", ok: true, detail: "The managed copy of OpenCode's program matches its checksum." },
      { step: "start", ok: false, detail: "OpenCode did not answer within 30 s." },
    ];
    api.repair.mockRejectedValue(
      new TurnkeyApiError(503, "repair_failed", "OpenCode did not answer within 30 s.", status, {
        error: { code: "repair_failed", message: "OpenCode did not answer within 30 s." },
        steps,
        status,
      }),
    );
    render(<MaintenancePanel state="failed" />);
    fireEvent.click(screen.getByRole("button", { name: "Repair" }));
    const list = await screen.findByRole("list", { name: "Repair steps" });
    expect(list.textContent).toContain("matches its checksum");
    expect(list.textContent).toContain("✗ OpenCode did not answer within 30 s.");
    // Dated: what was true then is not read as now once OpenCode's state moves on.
    expect(screen.getByText(/^What Repair did at \d{1,2}:\d{2}:\d{2}/)).toBeTruthy();
    await waitFor(() => expect(screen.getByRole("status").textContent).toBe("OpenCode did not answer within 30 s."));
  });
});

describe("sentences", () => {
  it("never runs the reason into the next sentence while restarting", () => {
    const view = stateView(
      {
        ...status,
        state: "backoff",
        nextRestartAt: 3_000,
        error: { code: "crashed", message: "OpenCode stopped unexpectedly. Last output: migrating database" },
      },
      1_000,
    );
    expect(view.sentence).toBe("OpenCode stopped unexpectedly. Last output: migrating database. Trying again in 2 s.");
  });
});

// @vitest-environment happy-dom
// Every button of the status window that restarts OpenCode asks first while a reply is being
// written (review 5, L2): the doctor's Learn again and Repair, Maintenance's Repair, an update or
// another version. Nothing happens when the user says no; a check for updates never asks.

import { cleanup, fireEvent, render, screen, waitFor } from "@testing-library/react";
import type { DoctorReport, RuntimeInfo } from "@turnkey/contracts";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

const api = vi.hoisted(() => ({
  replying: vi.fn(async (): Promise<string[]> => ["ses_1"]),
  doctor: vi.fn(),
  relearnKeyNames: vi.fn(async () => ({})),
  repair: vi.fn(async () => ({ steps: [], status: {} })),
  start: vi.fn(),
  settings: vi.fn(async () => ({ settings: { profile: "managed" }, profileSource: "settings" })),
  updateRuntime: vi.fn(() => new Promise(() => undefined)),
  chooseRuntime: vi.fn(),
  runtime: vi.fn(() => new Promise(() => undefined)),
}));
vi.mock("../shared/api.ts", () => ({
  api,
  errorMessage: (e: unknown) => (e instanceof Error ? e.message : "Something went wrong."),
  saveDiagnostics: vi.fn(),
}));
const { DoctorPanel } = await import("./DoctorPanel.tsx");
const { MaintenancePanel } = await import("./Maintenance.tsx");
const { VersionPanel } = await import("./VersionPanel.tsx");

const report: DoctorReport = {
  generatedAt: "2026-11-22T00:00:00Z",
  ok: true,
  checks: [
    { id: "hidden_names", result: "ok", title: "Hidden variables", detail: "2 hidden.", action: "relearn_key_names" },
  ],
};

let answer = false;
const confirm = vi.fn(() => answer);
beforeEach(() => {
  answer = false;
  confirm.mockClear();
  vi.stubGlobal("confirm", confirm);
  for (const fn of Object.values(api)) fn.mockClear();
  api.doctor.mockResolvedValue(report);
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

async function clickTwice(button: () => HTMLElement, called: () => unknown[][], question: RegExp) {
  fireEvent.click(button());
  await waitFor(() => expect(confirm).toHaveBeenCalledTimes(1));
  expect(confirm.mock.calls[0]?.[0 as never]).toMatch(question);
  expect(called()).toHaveLength(0);
  answer = true;
  fireEvent.click(button());
  await waitFor(() => expect(called()).toHaveLength(1));
}

describe("restarting OpenCode from the status window asks while a reply is written", () => {
  it("the doctor's Learn again", async () => {
    render(<DoctorPanel state="running" />);
    await screen.findByRole("button", { name: "Learn again" });
    await clickTwice(
      () => screen.getByRole("button", { name: "Learn again" }),
      () => api.relearnKeyNames.mock.calls,
      /^OpenCode is writing a reply in a chat\. Learning the names again restarts OpenCode.* Learn again anyway\?$/,
    );
  });

  it("Maintenance's Repair", async () => {
    render(<MaintenancePanel state="running" />);
    await clickTwice(
      () => screen.getByRole("button", { name: "Repair" }),
      () => api.repair.mock.calls,
      /Repair stops and restarts OpenCode.* Repair anyway\?$/,
    );
  });

  it("an update, but not a check for updates", async () => {
    const info = {
      phase: "ready",
      active: "1.18.33",
      activeSource: "managed",
      pinnedByFlag: false,
      installed: [],
      latest: { version: "1.18.34", package: "opencode-linux-x64", changelogUrl: "https://x", checkedAt: 1 },
      updateAvailable: true,
      checkError: null,
      update: null,
    } as unknown as RuntimeInfo;
    render(<VersionPanel runtime={info} onRuntime={() => undefined} />);
    fireEvent.click(screen.getByRole("button", { name: "Check for updates" }));
    await waitFor(() => expect(api.runtime).toHaveBeenCalled());
    expect(confirm).not.toHaveBeenCalled();
    await clickTwice(
      () => screen.getByRole("button", { name: "Update OpenCode" }),
      () => api.updateRuntime.mock.calls,
      /Changing OpenCode's version restarts it.* Change it anyway\?$/,
    );
  });

  it("does not ask when no reply is being written", async () => {
    api.replying.mockResolvedValueOnce([]);
    render(<MaintenancePanel state="running" />);
    fireEvent.click(screen.getByRole("button", { name: "Repair" }));
    await waitFor(() => expect(api.repair).toHaveBeenCalledTimes(1));
    expect(confirm).not.toHaveBeenCalled();
  });
});

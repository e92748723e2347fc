// @vitest-environment happy-dom

import { cleanup, fireEvent, render, screen, waitFor } from "@testing-library/react";
import type { RuntimeInfo } from "@turnkey/contracts";
import { afterEach, describe, expect, it, vi } from "vitest";

const updateRuntime = vi.fn();
const checkRuntime = vi.fn((..._args: unknown[]) => new Promise(() => undefined));
vi.mock("../shared/api.ts", () => ({
  api: {
    updateRuntime: (...args: unknown[]) => updateRuntime(...args),
    runtime: (...args: unknown[]) => checkRuntime(...args),
    chooseRuntime: vi.fn(),
    replying: async () => [],
  },
  errorMessage: (error: unknown) => (error as Error).message,
}));
const { VersionPanel } = await import("./VersionPanel.tsx");

afterEach(cleanup);

const info = (patch: Partial<RuntimeInfo> = {}): RuntimeInfo => ({
  phase: "ready",
  progress: null,
  message: "OpenCode 1.18.33 is verified.",
  version: "1.18.33",
  path: "/data/runtime/opencode/1.18.33/opencode",
  active: "1.18.33",
  activeSource: "managed",
  pinnedByFlag: false,
  installed: [
    { version: "1.18.33", package: "opencode-linux-x64", source: "managed", origin: "bundled", active: true },
  ],
  latest: {
    version: "1.18.34",
    package: "opencode-linux-x64",
    changelogUrl: "https://github.com/sst/opencode/releases/tag/v1.18.34",
    checkedAt: 1,
  },
  updateAvailable: true,
  checkError: null,
  update: null,
  ...patch,
});

describe("VersionPanel", () => {
  it("offers the update with its release notes, and shows progress while it runs", async () => {
    const onRuntime = vi.fn();
    updateRuntime.mockReturnValue(new Promise(() => undefined));
    const { rerender } = render(<VersionPanel runtime={info()} onRuntime={onRuntime} />);
    expect(screen.getByText("Update available: 1.18.34")).toBeTruthy();
    expect(screen.getByRole("link", { name: "What's new" }).getAttribute("href")).toBe(
      "https://github.com/sst/opencode/releases/tag/v1.18.34",
    );
    fireEvent.click(screen.getByRole("button", { name: "Update OpenCode" }));
    await waitFor(() => expect(updateRuntime).toHaveBeenCalledTimes(1));
    const downloading = info({
      update: {
        phase: "downloading",
        from: "1.18.33",
        to: "1.18.34",
        progress: 0.4,
        message: "Downloading OpenCode 1.18.34 (40 %)…",
        startedAt: 1,
        finishedAt: null,
      },
    });
    rerender(<VersionPanel runtime={downloading} onRuntime={onRuntime} />);
    expect(screen.getByLabelText("Downloading OpenCode 1.18.34 (40 %)…").getAttribute("value")).toBe("0.4");
    expect((screen.getByRole("button", { name: "Update OpenCode" }) as HTMLButtonElement).disabled).toBe(true);
  });

  it("says how an update ended, including a rollback and why", () => {
    const rolledBack = info({
      update: {
        phase: "rolled_back",
        from: "1.18.33",
        to: "1.18.34",
        progress: null,
        message:
          "OpenCode 1.18.34 was not kept because it stopped answering health checks. Went back to 1.18.33, which is running again.",
        startedAt: 1,
        finishedAt: 2,
      },
    });
    render(<VersionPanel runtime={rolledBack} onRuntime={vi.fn()} />);
    expect(screen.getByRole("status").textContent).toContain("Went back to 1.18.33, which is running again.");
  });
});

describe("VersionPanel with the user's own program (--opencode-bin)", () => {
  it("says the version is chosen by that program: no 'up to date', no update, no registry check", () => {
    checkRuntime.mockClear();
    const own = info({
      active: null,
      activeSource: "override",
      path: "/home/me/bin/opencode",
      latest: null,
      updateAvailable: false,
    });
    const { rerender } = render(<VersionPanel runtime={own} onRuntime={vi.fn()} />);
    expect(screen.getByText("OpenCode runs from your own program: /home/me/bin/opencode.")).toBeTruthy();
    expect(screen.getByText(/Its version is chosen by that program/)).toBeTruthy();
    expect(checkRuntime).not.toHaveBeenCalled();
    // Even with a newer release known (an older check), nothing claims "up to date" or offers it.
    rerender(<VersionPanel runtime={{ ...own, latest: info().latest }} onRuntime={vi.fn()} />);
    expect(screen.queryByText(/up to date/)).toBeNull();
    expect(screen.queryByRole("button")).toBeNull();
  });

  it("does not call a program of unknown version (found on PATH) up to date", () => {
    render(
      <VersionPanel
        runtime={info({ active: null, activeSource: "path", updateAvailable: false })}
        onRuntime={vi.fn()}
      />,
    );
    expect(screen.getByText("OpenCode (version not known yet)")).toBeTruthy();
    expect(screen.queryByText(/up to date/)).toBeNull();
  });
});

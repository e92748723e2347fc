// The tray's badge per platform (injected): Windows' tray has no badge, so the icon carries one
// (.ico) and app.setBadgeCount is never called there; macOS and Linux get both.
import type { SidecarStatus } from "@turnkey/contracts";
import { beforeEach, describe, expect, it, vi } from "vitest";

vi.mock("electron", () => import("../test/mocks/electron.ts"));
const fake = await import("../test/mocks/electron.ts");
const { TrayController } = await import("./trayController.ts");

const running = { state: "running", port: 4100, pid: 1 } as SidecarStatus;

beforeEach(() => fake.resetFakeElectron("/tmp/unused"));

describe("the tray's waiting badge", () => {
  it.each([
    ["win32", /tray-running-waiting\.ico$/, 0],
    ["linux", /tray-running-waiting\.png$/, 3],
    ["darwin", /tray-running-waiting\.png$/, 3],
  ] as const)("on %s: the badge icon, and the app badge count where the system has one", (platform, icon, count) => {
    const controller = new TrayController(
      "/icons",
      () => undefined,
      () => false,
      { platform },
    );
    const tray = fake.Tray.instances[0]!;
    controller.update(running);
    controller.setWaiting(2);
    controller.setUnread(1);
    expect(tray.image?.path).toMatch(icon);
    expect(tray.tooltip).toBe("OpenCode Turnkey: OpenCode is running (port 4100) · 2 waiting for you · 1 new reply");
    expect(fake.app.badgeCount).toBe(count);
    controller.setWaiting(0);
    controller.setUnread(0);
    expect(tray.image?.path).toMatch(/tray-running\.(ico|png)$/);
    expect(fake.app.badgeCount).toBe(0);
  });

  it("hides the badge while the backend is away, and builds the menu again only when it reads differently", () => {
    const controller = new TrayController(
      "/icons",
      () => undefined,
      () => false,
      { platform: "linux" },
    );
    const tray = fake.Tray.instances[0]!;
    controller.update(running);
    controller.setWaiting(1);
    controller.update(null);
    expect(tray.image?.path).toMatch(/tray-starting\.png$/);
    expect(fake.app.badgeCount).toBe(0);
    const sets = tray.menuSets;
    controller.setProjects([{ id: "p1", label: "app  (~/app)" }]);
    controller.setProjects([{ id: "p1", label: "app  (~/app)" }]);
    expect(tray.menuSets).toBe(sets + 1);
  });
});

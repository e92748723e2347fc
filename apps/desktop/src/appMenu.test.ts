import { describe, expect, it } from "vitest";
import { appMenuTemplate } from "./appMenu.ts";
import { failureNotice } from "./failureNotice.ts";
import { loginItemSettings } from "./loginItem.ts";

const roles = (template: ReturnType<typeof appMenuTemplate>) =>
  JSON.stringify(template)
    .match(/"role":"\w+"/g)
    ?.map((r) => r.slice(8, -1)) ?? [];

describe("application menu", () => {
  it("has no reload or developer tools in a packaged app, but keeps editing shortcuts", () => {
    expect(roles(appMenuTemplate(true))).toEqual(["editMenu", "minimize", "close"]);
    expect(roles(appMenuTemplate(false))).toEqual(
      expect.arrayContaining(["editMenu", "reload", "forceReload", "toggleDevTools"]),
    );
  });
});

describe("login item", () => {
  it("on Windows names the Run value after the shortcut's AppUserModelID and toggles Task Manager's entry", () => {
    expect(loginItemSettings(true, "win32", "C:\\Apps\\OpenCode Turnkey.exe")).toEqual({
      openAtLogin: true,
      enabled: true,
      name: "dev.opencode-turnkey.app",
      path: "C:\\Apps\\OpenCode Turnkey.exe",
      args: [],
    });
    expect(loginItemSettings(false, "win32", "x.exe")).toMatchObject({ openAtLogin: false, enabled: false });
    expect(loginItemSettings(true, "darwin", "/x")).toEqual({ openAtLogin: true });
  });
});

describe("failure notification", () => {
  const status = (state: "running" | "failed", message?: string) =>
    ({ state, error: message ? { code: "start_failed", message } : null }) as never;
  it("fires once, on the change into failed, with the reason and what to do", () => {
    expect(failureNotice(status("running"), status("failed", "opencode exited with code 1."))).toEqual({
      title: "OpenCode could not start",
      body: "opencode exited with code 1. Open the tray menu to Repair or Restart.",
    });
    expect(failureNotice(status("failed", "x"), status("failed", "x"))).toBeNull();
    expect(failureNotice(status("failed", "x"), status("running"))).toBeNull();
    expect(failureNotice(null, null)).toBeNull();
  });
});

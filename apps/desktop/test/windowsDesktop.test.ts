// The desktop shell with Windows' behaviour injected (platform "win32" in the app and in the fake
// electron module, where a utility process's kill() is immediate): the job object, the hidden
// window that hears logoff, the installer's `--quit`, ICO tray icons and left click, the login
// item written only on a change, the shared data folder, clipboard permission and failed loads.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { createTurnkeyClient } from "@turnkey/client";
import { describe, expect, it, vi } from "vitest";
import { alive, tempDir } from "../../../packages/sidecar/test/harness.ts";
import { desktopPaths, sidecarPid, trayShows, useDesktopBoot } from "./desktopBoot.ts";

vi.mock("electron", () => import("./mocks/electron.ts"));
const fake = await import("./mocks/electron.ts");
const { startDesktop } = await import("../src/desktopApp.ts");

function windowsPaths(adopted: number[], workerEnv: Record<string, string> = {}) {
  return {
    ...desktopPaths(workerEnv),
    platform: "win32" as const,
    appJob: Promise.resolve({ adopt: (pid: number | undefined) => pid !== undefined && adopted.push(pid) }),
  };
}

useDesktopBoot();

const hiddenListener = () =>
  fake.BrowserWindow.instances.find((w) => w.options.show === false && w.options.width === 1);

describe("desktop shell on Windows (platform injected)", () => {
  it("puts the worker in the job, uses the shared data folder, ICO icons, left click, and quits cleanly at logoff", async () => {
    fake.resetFakeElectron(tempDir(), "win32");
    const dataDir = tempDir("turnkey data Zoë-");
    const adopted: number[] = [];
    const handle = (await startDesktop({ ...windowsPaths(adopted), dataDir }))!;
    await trayShows("OpenCode is running");
    const tray = fake.Tray.instances[0]!;
    const endpoint = handle.host.current!;
    const client = createTurnkeyClient({ baseUrl: endpoint.url, token: endpoint.token });
    const sidecar = (await client.status()).pid!;

    // One data folder (the CLI's), Chromium's files beside ours, and the shortcut's AppUserModelID.
    expect(fake.app.getPath("userData")).toBe(dataDir);
    expect(fake.app.getPath("sessionData")).toBe(join(dataDir, "chromium"));
    expect(readFileSync(join(dataDir, "logs", "desktop.log"), "utf8")).toContain("[main]");
    expect(fake.app.appUserModelId).toBe("dev.opencode-turnkey.app");
    // The worker went into the app's job as soon as it spawned.
    expect(adopted).toEqual([fake.utilityProcess.processes[0]!.pid]);

    expect(tray.image?.path).toMatch(/tray-running\.ico$/);
    // Status events that change nothing visible do not rebuild the menu or the icon.
    const before = { menus: tray.menuSets, images: tray.imageSets };
    const status = await client.status();
    handle.tray.update(status);
    handle.tray.update(status);
    expect({ menus: tray.menuSets, images: tray.imageSets }).toEqual(before);

    // Left click opens the status window.
    const window = fake.BrowserWindow.instances.find((w) => w !== hiddenListener())!;
    window.close();
    expect(window.visible).toBe(false);
    tray.emit("click");
    expect(window.visible).toBe(true);

    // The login item is left alone at launch, and written with the shortcut's name on a change.
    expect(fake.app.loginItem).toEqual({ openAtLogin: false });
    tray.item("Start at Login").click!();
    expect(fake.app.loginItem).toMatchObject({ openAtLogin: true, enabled: true, name: "dev.opencode-turnkey.app" });

    // Windows ends the session: the hidden window hears it, and everything stops before exit.
    hiddenListener()!.emit("query-session-end", { preventDefault() {} });
    await handle.exited;
    expect(fake.app.exitCode).toBe(0);
    expect(alive(sidecar)).toBe(false);
    expect(alive(adopted[0])).toBe(false);
  });

  it("the installer's --quit ends a running instance gracefully, and starts nothing by itself", async () => {
    fake.resetFakeElectron(tempDir(), "win32");
    const adopted: number[] = [];
    const handle = (await startDesktop(windowsPaths(adopted)))!;
    await trayShows("OpenCode is running");
    const sidecar = (await sidecarPid(handle))!;

    // Started by the installer with --quit while no other instance holds the lock: nothing starts.
    const forks = fake.utilityProcess.children.length;
    expect(await startDesktop({ ...windowsPaths([]), argv: ["OpenCode Turnkey.exe", "--quit"] })).toBeNull();
    expect(fake.utilityProcess.children.length).toBe(forks);

    // The running instance hears the second launch's --quit.
    fake.app.emit("second-instance", {}, ["OpenCode Turnkey.exe", "--quit"]);
    await handle.exited;
    expect(alive(sidecar)).toBe(false);
    expect(alive(adopted[0])).toBe(false);
  });

  it("grants clipboard writes to its own pages only, survives a failed load, and notifies once when OpenCode fails", async () => {
    const userData = tempDir();
    fake.resetFakeElectron(userData, "win32");
    fake.BrowserWindow.failLoads = true;
    const handle = (await startDesktop(
      windowsPaths([], { TURNKEY_OPENCODE_BIN: join(userData, "missing", "opencode.exe") }),
    ))!;
    await trayShows("OpenCode could not start");
    // The first-run window's load was refused: logged, not an uncaught error in main.
    await vi.waitFor(() =>
      expect(readFileSync(join(userData, "logs", "desktop.log"), "utf8")).toContain(
        "The status window could not load (ERR_CONNECTION_REFUSED).",
      ),
    );
    // Electron's message quoted the URL with its #token=: only the code reached the log.
    expect(readFileSync(join(userData, "logs", "desktop.log"), "utf8")).not.toContain(handle.host.current!.token);
    expect(fake.Notification.shown).toHaveLength(1);
    expect(fake.Notification.shown[0]!.body).toMatch(/Open the tray menu to Repair or Restart\.$/);

    const own = handle.host.current!.url;
    const request = fake.session.defaultSession.permissionRequestHandler as unknown as (
      contents: { getURL(): string },
      permission: string,
      callback: (granted: boolean) => void,
    ) => void;
    const ask = (url: string, permission: string) =>
      new Promise((resolve) => request({ getURL: () => url }, permission, resolve));
    expect(await ask(`${own}/`, "clipboard-sanitized-write")).toBe(true);
    expect(await ask("https://evil.example/", "clipboard-sanitized-write")).toBe(false);
    expect(await ask(`${own}/`, "clipboard-read")).toBe(false);
    const check = fake.session.defaultSession.permissionCheckHandler as unknown as (
      contents: null,
      permission: string,
      origin: string,
    ) => boolean;
    expect(check(null, "clipboard-sanitized-write", new URL(own).origin)).toBe(true);
    expect(check(null, "clipboard-sanitized-write", "http://127.0.0.1:1")).toBe(false);

    fake.app.quit();
    await handle.exited;
  });
});

// The Electron shell's wiring under Node: the fake electron module, the real bundled backend
// worker in a Node child (standing in for utilityProcess), and the fake sidecar behind it.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it, vi } from "vitest";
import { alive, tempDir } from "../../../packages/sidecar/test/harness.ts";
import { desktopPaths as paths, sidecarPid, trayShows, useDesktopBoot } from "./desktopBoot.ts";

vi.mock("electron", () => import("./mocks/electron.ts"));
const fake = await import("./mocks/electron.ts");
const { startDesktop } = await import("../src/desktopApp.ts");

useDesktopBoot();

describe("desktop shell", () => {
  it("boots the backend worker, follows the sidecar in the tray, and Quit leaves no process", async () => {
    fake.resetFakeElectron(tempDir("turnkey desktop ü-"));
    // The worker is forked before the tray is made, so its start runs alongside the tray's.
    const traysAtFork: number[] = [];
    const fork = fake.utilityProcess.fork.bind(fake.utilityProcess);
    const forkSpy = vi.spyOn(fake.utilityProcess, "fork").mockImplementation((...args) => {
      traysAtFork.push(fake.Tray.instances.length);
      return fork(...args);
    });
    const handle = (await startDesktop(paths()))!;
    forkSpy.mockRestore();
    expect(traysAtFork).toEqual([0]);
    const tray = fake.Tray.instances[0]!;
    await trayShows("OpenCode is running (port");
    expect(tray.image?.path).toMatch(/tray-running\.png$/);
    expect(tray.item("Start").enabled).toBe(false);
    expect(tray.item("Stop").enabled).toBe(true);
    const worker = fake.utilityProcess.children[0]!;
    const first = await sidecarPid(handle);
    expect(alive(first)).toBe(true);

    // First launch opens the status window once, logged in through the token link.
    expect(fake.BrowserWindow.instances).toHaveLength(1);
    const window = fake.BrowserWindow.instances[0]!;
    expect(window.urls[0]).toBe(`${handle.host.current!.url}/#token=${encodeURIComponent(handle.host.current!.token)}`);
    expect(window.options.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
    });

    tray.item("Stop").click!();
    await trayShows("OpenCode is stopped");
    expect(tray.image?.path).toMatch(/tray-stopped\.png$/);
    expect(tray.item("Start").enabled).toBe(true);
    expect(tray.item("Stop").enabled).toBe(false);
    expect(tray.item("Open Chat").enabled).toBe(false);
    expect(alive(first)).toBe(false);

    tray.item("Start").click!();
    await trayShows("OpenCode is running");
    const second = await sidecarPid(handle);
    expect(second).not.toBe(first);

    tray.item("Quit OpenCode Turnkey").click!();
    await handle.exited;
    expect(fake.app.exitCode).toBe(0);
    expect(alive(second)).toBe(false);
    expect(alive(worker.pid)).toBe(false);
    expect(tray.destroyed).toBe(true);
  });

  it("restarts a crashed backend, whose successor reaps the orphaned sidecar", async () => {
    fake.resetFakeElectron(tempDir());
    const handle = (await startDesktop(paths()))!;
    await trayShows("OpenCode is running");
    const orphan = await sidecarPid(handle);
    const firstUrl = handle.host.current!.url;
    fake.utilityProcess.children[0]!.kill("SIGKILL");
    await trayShows("Starting the backend");
    await trayShows("OpenCode is running");
    expect(handle.host.current!.url).not.toBe(firstUrl);
    expect(alive(orphan)).toBe(false);
    expect(await sidecarPid(handle)).not.toBe(orphan);
    // The open window follows the new backend.
    expect(fake.BrowserWindow.instances[0]!.urls.at(-1)).toContain(handle.host.current!.url);
    fake.app.quit();
    await handle.exited;
  });

  it("gives up on a backend that keeps crashing, says why in the tray, and logs it to desktop.log", async () => {
    const userData = tempDir();
    fake.resetFakeElectron(userData);
    // A data folder that cannot be created: the real worker fails at start, every time.
    const blocker = join(tempDir(), "a-file");
    writeFileSync(blocker, "");
    const handle = (await startDesktop({
      ...paths(),
      workerEnv: { ...paths().workerEnv, TURNKEY_DATA_DIR: join(blocker, "data") },
      workerRestartPolicy: { backoffBaseMs: 10, backoffMaxMs: 20 },
    }))!;
    await trayShows("OpenCode Turnkey stopped working");
    const tray = fake.Tray.instances[0]!;
    expect(fake.utilityProcess.children).toHaveLength(5);
    expect(tray.image?.path).toMatch(/tray-failed\.png$/);
    expect(fake.Notification.shown).toEqual([
      expect.objectContaining({
        title: "OpenCode Turnkey stopped working",
        body: expect.stringMatching(/Restart or View Logs\.$/),
      }),
    ]);
    const labels = tray.menu!.items.filter((i) => i.enabled === false && i.label).map((i) => i.label);
    // The worker's own sentence about the data folder (the error code follows, clipped in the menu).
    expect(labels.some((l) => l?.includes("could not start: Error: The data folder"))).toBe(true);
    expect(tray.item("View Logs").enabled).toBe(true);
    const log = readFileSync(join(userData, "logs", "desktop.log"), "utf8");
    expect(log).toContain("[stderr] The OpenCode Turnkey backend could not start");
    expect(log).toContain("stopped 5 times in a row");

    tray.item("Restart").click!();
    expect(fake.utilityProcess.children).toHaveLength(6);
    await trayShows("OpenCode Turnkey stopped working");
    fake.app.quit();
    await handle.exited;
  });

  it("is a single instance, hides windows on close, guards navigation, and persists Start at Login", async () => {
    const userData = tempDir();
    fake.resetFakeElectron(userData);
    const handle = (await startDesktop(paths()))!;
    await trayShows("OpenCode is running");
    const tray = fake.Tray.instances[0]!;

    const window = fake.BrowserWindow.instances[0]!;
    window.close();
    expect(window.destroyed).toBe(false);
    expect(window.visible).toBe(false);
    fake.app.emit("second-instance");
    expect(window.visible).toBe(true);
    expect(window.focused).toBe(true);
    expect(fake.BrowserWindow.instances).toHaveLength(1);

    // A second launch: no lock, so it quits without starting anything.
    const forks = fake.utilityProcess.children.length;
    fake.app.locked = false;
    expect(await startDesktop(paths())).toBeNull();
    expect(fake.utilityProcess.children.length).toBe(forks);
    fake.app.locked = true;

    const own = handle.host.current!.url;
    expect(window.webContents.windowOpenHandler!({ url: "https://opencode.ai/docs" })).toEqual({ action: "deny" });
    expect(window.webContents.windowOpenHandler!({ url: "file:///etc/passwd" })).toEqual({ action: "deny" });
    expect(fake.shell.external).toEqual(["https://opencode.ai/docs"]);
    let prevented = 0;
    window.webContents.emit("will-navigate", { preventDefault: () => prevented++ }, "https://evil.example/");
    window.webContents.emit("will-navigate", { preventDefault: () => prevented++ }, `${own}/?view=logs`);
    expect(prevented).toBe(1);
    const granted = await new Promise((resolve) =>
      (fake.session.defaultSession.permissionRequestHandler as (...a: unknown[]) => void)({}, "media", resolve),
    );
    expect(granted).toBe(false);

    expect(tray.item("Start at Login").checked).toBe(false);
    expect(fake.app.loginItem.openAtLogin).toBe(false);
    tray.item("Start at Login").click!();
    expect(fake.app.loginItem.openAtLogin).toBe(true);
    expect(tray.item("Start at Login").checked).toBe(true);
    expect(JSON.parse(readFileSync(join(userData, "desktop.json"), "utf8"))).toMatchObject({ startAtLogin: true });

    tray.item("View Logs").click!();
    expect(fake.shell.opened).toEqual([join(userData, "logs")]);
    tray.item("Open Chat").click!();
    expect(fake.BrowserWindow.instances.at(-1)!.urls[0]).toContain("/chat#token=");

    fake.app.quit();
    await handle.exited;
  });
});

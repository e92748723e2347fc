// The tray's projects under the fake electron module with the real bundled worker: "Open project…"
// goes from the native folder dialog to POST /api/projects and opens the chat window on the
// project; a folder the backend refuses is shown in its own sentence and nothing is saved; the
// recent projects follow the backend's list, and choosing one opens the chat window on it; after a
// break in the tray's event stream the list and what waits are read again.
import { mkdirSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { createTurnkeyClient } from "@turnkey/client";
import { describe, expect, it, vi } from "vitest";
import { tempDir } from "../../../packages/sidecar/test/harness.ts";
import { desktopPaths, trayShows, useDesktopBoot } from "./desktopBoot.ts";

vi.mock("electron", () => import("./mocks/electron.ts"));
const fake = await import("./mocks/electron.ts");
const { startDesktop } = await import("../src/desktopApp.ts");
const { recentProjects } = await import("../src/recentProjects.ts");

useDesktopBoot();

/** Waits until the tray's menu has an item whose label starts so (menu changes emit 'updated'). */
function menuHas(prefix: string, timeoutMs = 45_000): Promise<void> {
  const tray = fake.Tray.instances[0]!;
  return new Promise((resolve, reject) => {
    const check = () => {
      if (!tray.menu?.items.some((i) => i.label?.startsWith(prefix))) return;
      tray.off("updated", check);
      clearTimeout(timer);
      resolve();
    };
    const timer = setTimeout(() => reject(new Error(`the tray menu never had "${prefix}…"`)), timeoutMs);
    tray.on("updated", check);
    check();
  });
}

/** The chat window's address once it settles on a load (loadURL is recorded synchronously). */
const chatUrls = () =>
  fake.BrowserWindow.instances.filter((w) => w.options.title?.startsWith("Chat")).flatMap((w) => w.urls);

describe("the tray's projects", () => {
  it("opens a folder from the native dialog through the backend, and lists it among the recent projects", async () => {
    fake.resetFakeElectron(tempDir());
    const handle = (await startDesktop(desktopPaths()))!;
    await trayShows("OpenCode is running");
    const tray = fake.Tray.instances[0]!;
    const endpoint = handle.host.current!;
    const client = createTurnkeyClient({ baseUrl: endpoint.url, token: endpoint.token });

    // A refused folder (a file): the backend's sentence in a message box, nothing saved, no window.
    const file = join(tempDir(), "notes.txt");
    writeFileSync(file, "");
    fake.dialog.nextFolder = file;
    tray.item("Open project…").click!();
    await vi.waitFor(() => expect(fake.dialog.messages).toHaveLength(1), { timeout: 10_000 });
    expect(fake.dialog.openOptions[0]).toMatchObject({ properties: ["openDirectory"] });
    expect(fake.dialog.messages[0]).toMatchObject({
      title: "This folder cannot be opened as a project",
      detail: expect.stringMatching(/not a folder/i),
    });
    expect(await client.projects()).toEqual([]);
    expect(chatUrls()).toEqual([]);

    // Cancelled: nothing at all.
    fake.dialog.nextFolder = null;
    tray.item("Open project…").click!();
    await vi.waitFor(() => expect(fake.dialog.openOptions).toHaveLength(2));
    expect(fake.dialog.messages).toHaveLength(1);

    // A folder with a space and non-ASCII letters: added, the chat window opens on it.
    const folder = join(tempDir(), "mein Projekt ü");
    mkdirSync(folder);
    fake.dialog.nextFolder = folder;
    tray.item("Open project…").click!();
    await menuHas("mein Projekt ü");
    const [added] = await client.projects();
    expect(added?.path).toBe(folder);
    await vi.waitFor(() => expect(chatUrls()).toHaveLength(1));
    expect(chatUrls()[0]).toBe(`${endpoint.url}/chat?project=${added?.id}#token=${encodeURIComponent(endpoint.token)}`);

    // A second project, added elsewhere (the chat window), shows first; choosing the older one
    // switches the open chat window to it in place (a new fragment, the same page).
    const second = join(tempDir(), "zweites");
    mkdirSync(second);
    await client.addProject(second);
    await vi.waitFor(() => {
      const projects = tray.menu!.items.filter((i) => i.label?.includes("  ("));
      expect(projects.map((i) => i.label?.split("  ")[0])).toEqual(["zweites", "mein Projekt ü"]);
    });
    const menuSets = tray.menuSets;
    tray.item(tray.menu!.items.find((i) => i.label?.startsWith("mein Projekt ü"))!.label!).click!();
    expect(chatUrls()).toHaveLength(2);
    expect(chatUrls()[1]).toBe(`${endpoint.url}/chat?project=${added?.id}#open=1&project=${added?.id}`);
    const chats = fake.BrowserWindow.instances.filter((w) => w.options.title?.startsWith("Chat"));
    expect(chats.map((w) => w.documents)).toEqual([1]);

    // The same list again (a `projects` event for a reply starting or ending) builds no new menu.
    handle.tray.setProjects(recentProjects(await client.projects(), homedir(), process.platform));
    expect(tray.menuSets).toBe(menuSets);
    fake.app.quit();
    await handle.exited;
  });

  it("reads the projects and what waits again when its event stream opens after a break", async () => {
    // The tray's event stream goes through a fetch the test can cut, and its next connection waits
    // for the test, so a project is added in the gap (its `projects` event goes to no one).
    const realFetch = globalThis.fetch;
    const cut = new AbortController();
    let letBackIn!: () => void;
    const gap = new Promise<void>((resolve) => (letBackIn = resolve));
    const streams: string[] = [];
    const waitingReads: string[] = [];
    vi.spyOn(globalThis, "fetch").mockImplementation(async (input, init) => {
      const url = input instanceof Request ? input.url : String(input);
      if (url.includes("/api/waiting")) waitingReads.push(url);
      if (!url.includes("/api/events")) return realFetch(input, init);
      streams.push(url);
      if (streams.length === 1) {
        const signal = init?.signal ? AbortSignal.any([init.signal, cut.signal]) : cut.signal;
        return realFetch(input, { ...init, signal });
      }
      await gap;
      return realFetch(input, init);
    });
    try {
      fake.resetFakeElectron(tempDir());
      const handle = (await startDesktop(desktopPaths()))!;
      await trayShows("OpenCode is running");
      const endpoint = handle.host.current!;
      const client = createTurnkeyClient({ baseUrl: endpoint.url, token: endpoint.token });
      await vi.waitFor(() => expect(waitingReads).toHaveLength(1));

      cut.abort();
      await vi.waitFor(() => expect(streams).toHaveLength(2), { timeout: 20_000 });
      const folder = join(tempDir(), "in der Lücke");
      mkdirSync(folder);
      await client.addProject(folder);
      letBackIn();
      await menuHas("in der Lücke");
      await vi.waitFor(() => expect(waitingReads.length).toBeGreaterThanOrEqual(2));
      fake.app.quit();
      await handle.exited;
    } finally {
      letBackIn();
      vi.mocked(globalThis.fetch).mockRestore();
    }
  });

  it("opens the chat window from the status window's project links instead of navigating the status window", async () => {
    fake.resetFakeElectron(tempDir());
    const handle = (await startDesktop(desktopPaths()))!;
    await trayShows("OpenCode is running");
    const own = handle.host.current!.url;
    const status = fake.BrowserWindow.instances[0]!;
    let prevented = 0;
    status.webContents.emit("will-navigate", { preventDefault: () => prevented++ }, `${own}/chat?project=p1`);
    expect(prevented).toBe(1);
    expect(chatUrls()).toEqual([`${own}/chat?project=p1#token=${encodeURIComponent(handle.host.current!.token)}`]);
    // Its own pages still navigate as before.
    status.webContents.emit("will-navigate", { preventDefault: () => prevented++ }, `${own}/`);
    expect(prevented).toBe(1);
    fake.app.quit();
    await handle.exited;
  });
});

// "The agent is waiting for you" in the tray, with the real opencode behind the bundled worker and
// the stub provider asking through opencode's `question` tool: the tray says how many wait (tooltip,
// a menu line, the badge icon), a system notification comes while the chat window is not in
// front and its click opens the chat window on that session, an answer clears it, and the reply
// that then finishes is told and counted as unread until the chat window comes to the front; a
// bash tool's permission request the same way.
import { mkdirSync, realpathSync } from "node:fs";
import { join } from "node:path";
import { createTurnkeyClient } from "@turnkey/client";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { tempDir } from "../../../packages/sidecar/test/harness.ts";
import { isolatedOpencodeEnv } from "../../../packages/sidecar/test/isolatedHome.ts";
import { type StubProvider, startStubProvider } from "../../backend/test/stubProvider.ts";
import { desktopPaths, trayShows, useDesktopBoot } from "./desktopBoot.ts";

vi.mock("electron", () => import("./mocks/electron.ts"));
const fake = await import("./mocks/electron.ts");
const { startDesktop } = await import("../src/desktopApp.ts");

useDesktopBoot();

const repo = join(import.meta.dirname, "..", "..", "..");
// opencode-ai's platform packages: opencode-windows-x64/bin/opencode.exe on Windows.
const win = process.platform === "win32";
const realOpencode = join(
  repo,
  "node_modules",
  `opencode-${win ? "windows" : process.platform}-${process.arch}`,
  "bin",
  win ? "opencode.exe" : "opencode",
);

let stub: StubProvider;
beforeAll(async () => {
  stub = await startStubProvider();
});
afterAll(async () => {
  await stub?.close();
});

const tooltipIs = (test: (tooltip: string) => boolean) => trayShows(test, 60_000);

describe("the tray when the agent waits for the user", () => {
  it("counts, badges and notifies; the notification opens the session; an answer clears it", async () => {
    const root = realpathSync(tempDir("turnkey tray-waiting-"));
    const project = join(root, "Projekt ü");
    mkdirSync(project);
    fake.resetFakeElectron(join(root, "userData"));
    const handle = (await startDesktop(
      desktopPaths({
        TURNKEY_OPENCODE_BIN: realOpencode,
        TURNKEY_OPENCODE_CONFIG: stub.writeOpencodeConfig(root),
        TURNKEY_WORKDIR: project,
        ...isolatedOpencodeEnv(root),
      }),
    ))!;
    await tooltipIs((t) => t.includes("OpenCode is running"));
    const tray = fake.Tray.instances[0]!;
    const endpoint = handle.host.current!;
    const client = createTurnkeyClient({ baseUrl: endpoint.url, token: endpoint.token });
    const [listed] = await client.projects();
    expect(listed?.path).toBe(project);
    // The first launch's status window is in front; the chat window is not open.
    const { session } = await client.createSession({ projectId: listed!.id });

    await client.send(session.id, "[question:Deploy now?|Yes|No]");
    await tooltipIs((t) => t.endsWith("· 1 waiting for you"));
    // The waiting badge on the state's icon: running, or warning when a health check answered late
    // on a loaded machine (busy is not hung).
    expect(tray.image?.path).toMatch(/tray-(running|warning)-waiting\.png$/);
    expect(tray.item("1 waiting for you").enabled).toBe(true);
    await vi.waitFor(() => expect(fake.Notification.shown).toHaveLength(1));
    expect(fake.Notification.shown[0]).toEqual({
      title: "OpenCode is waiting for you",
      body: "Deploy now? (in Projekt ü) Click to answer.",
    });
    if (process.platform !== "win32") expect(fake.app.badgeCount).toBe(1);

    // Its click opens the chat window on that session, in its project.
    fake.Notification.instances[0]!.emit("click");
    const chat = fake.BrowserWindow.instances.find((w) => w.options.title?.startsWith("Chat"))!;
    expect(chat.urls.at(-1)).toBe(
      `${endpoint.url}/chat?project=${listed!.id}&session=${session.id}#token=${encodeURIComponent(endpoint.token)}`,
    );

    // Answered (from the chat window, say): the count and the menu line go; the reply then
    // finishes while the chat window is still not in front, so it is told and counted as unread.
    const [waiting] = (await client.waiting()).sessions;
    await client.replyQuestion(session.id, waiting!.pending[0]!.id, [["No"]]);
    await tooltipIs((t) => !t.includes("waiting") && t.endsWith("· 1 new reply"));
    expect(tray.menu!.items.some((i) => i.label?.includes("waiting for you"))).toBe(false);
    expect(fake.Notification.shown[1]).toEqual({
      title: "OpenCode finished replying",
      body: "In Projekt ü. Click to read the reply.",
    });
    // The waiting badge on the state's icon: running, or warning when a health check answered late
    // on a loaded machine (busy is not hung).
    expect(tray.image?.path).toMatch(/tray-(running|warning)-waiting\.png$/);
    // The user turns to the chat window: read, and the badge goes.
    chat.focus();
    await tooltipIs((t) => !t.includes("new repl"));
    expect(tray.image?.path).toMatch(/tray-(running|warning)\.png$/);
    if (process.platform !== "win32") expect(fake.app.badgeCount).toBe(0);

    // With the chat window in front, its own card shows the next question: counted, no notification.
    await client.send(session.id, "[question:And now?|Yes|No]");
    await tooltipIs((t) => t.endsWith("· 1 waiting for you"));
    const [again] = (await client.waiting()).sessions;
    await client.rejectQuestion(session.id, again!.pending[0]!.id);
    await tooltipIs((t) => !t.includes("waiting"));
    await vi.waitFor(async () => expect(await client.replying()).toEqual([]));
    expect(fake.Notification.shown).toHaveLength(2);
    expect(tray.tooltip).not.toContain("new repl");

    // A tool's permission request counts the same way; away from the chat window it is told.
    chat.blur();
    await client.send(session.id, "[tool:bash echo hi]");
    await tooltipIs((t) => t.endsWith("· 1 waiting for you"));
    await vi.waitFor(() => expect(fake.Notification.shown).toHaveLength(3));
    expect(fake.Notification.shown[2]).toEqual({
      title: "OpenCode is waiting for you",
      body: "Allow bash: echo hi in Projekt ü? Click to answer.",
    });
    const [asking] = (await client.waiting()).sessions;
    await client.replyPermission(session.id, asking!.pending[0]!.id, "once");
    await tooltipIs((t) => !t.includes("waiting"));

    fake.app.quit();
    await handle.exited;
  }, 180_000);
});

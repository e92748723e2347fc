// How the desktop shell tests boot the app under Node: the real bundled backend worker (built
// once), the fake sidecar behind it, the fake electron module's tray and windows, and cleanup of
// every worker and sidecar after each test. The test file itself must still call
// `vi.mock("electron", () => import("./mocks/electron.ts"))` (vitest hoists it only there).
import { join } from "node:path";
import { createTurnkeyClient } from "@turnkey/client";
import { afterEach, beforeAll } from "vitest";
import { cleanup, fakeOpencode } from "../../../packages/sidecar/test/harness.ts";
import { buildDesktop, workerBundle } from "../../../scripts/buildDesktop.ts";
import * as fake from "./mocks/electron.ts";

const repo = join(import.meta.dirname, "..", "..", "..");

/** The paths and worker environment startDesktop gets in a test: the fake sidecar, no installer copy. */
export const desktopPaths = (workerEnv: Record<string, string> = {}) => ({
  workerPath: workerBundle,
  uiDir: join(repo, "apps", "web", "dist"),
  iconsDir: join(repo, "resources", "icons"),
  bundledBinaryDir: null,
  workerEnv: { TURNKEY_OPENCODE_BIN: fakeOpencode, FAKE_OPENCODE: "", ...workerEnv },
  quitTimeoutMs: 10_000,
});

/** Builds the worker bundle before the file's tests and ends every worker and sidecar after each. */
export function useDesktopBoot(): void {
  beforeAll(async () => {
    await buildDesktop();
  });
  afterEach(async () => {
    for (const child of fake.utilityProcess.children) child.kill("SIGKILL");
    await cleanup();
  });
}

/**
 * Waits for the tray's tooltip to show some text (or pass a test), on its own update events
 * (never on the clock).
 */
export function trayShows(text: string | ((tooltip: string) => boolean), timeoutMs = 45_000): Promise<void> {
  const tray = fake.Tray.instances[0]!;
  const shows = typeof text === "string" ? (tooltip: string) => tooltip.includes(text) : text;
  return new Promise((resolve, reject) => {
    const check = () => {
      if (!shows(tray.tooltip)) return;
      tray.off("updated", check);
      clearTimeout(timer);
      resolve();
    };
    const timer = setTimeout(() => {
      tray.off("updated", check);
      reject(new Error(`tray never showed "${String(text)}"; last: "${tray.tooltip}"`));
    }, timeoutMs);
    tray.on("updated", check);
    check();
  });
}

/** The running sidecar's pid, asked of the worker's backend as the windows would. */
export async function sidecarPid(handle: { host: { current: { url: string; token: string } | null } }) {
  const endpoint = handle.host.current!;
  return (await createTurnkeyClient({ baseUrl: endpoint.url, token: endpoint.token }).status()).pid;
}

// Shared set-up for supervisor tests: temp data dirs, a supervisor on the fake sidecar with
// fast timings, and waiting on status events (never on the clock).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { SidecarStatus } from "@turnkey/contracts";
import { processOpsFor } from "../src/processTable.ts";
import { SidecarSupervisor, type SupervisorOptions } from "../src/supervisor.ts";

export const fakeOpencode = fileURLToPath(new URL("./fixtures/fake-opencode.mjs", import.meta.url));
export const processOps = processOpsFor();

const cleanups: (() => Promise<void> | void)[] = [];

/**
 * Removing a folder right after a process in it ended fails now and then on Windows (EBUSY, EPERM:
 * its handles close late, or the antivirus is still reading a new file); fs.rm retries those with a
 * linear back-off when asked (Node's fs docs, `maxRetries`).
 */
export const removeTree = { recursive: true, force: true, maxRetries: 10 } as const;

export function tempDir(prefix = "turnkey-test-"): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  cleanups.push(() => rmSync(dir, removeTree));
  return dir;
}

export async function cleanup(): Promise<void> {
  for (const fn of cleanups.splice(0).reverse()) await fn();
}

export const fastConfig = {
  startupTimeoutMs: 5_000,
  probeIntervalMs: 100,
  // A check gets no longer than the supervisors below give it (probeTimeoutMs), so a hang shows fast.
  probeAnswerMs: 200,
  backoffBaseMs: 20,
  backoffMaxMs: 200,
  earlyDeathMs: 50,
} satisfies SupervisorOptions["config"];

export function fakeSupervisor(modes: string, overrides: Partial<SupervisorOptions> = {}): SidecarSupervisor {
  const supervisor = new SidecarSupervisor({
    dataDir: tempDir(),
    binary: { override: fakeOpencode },
    env: { FAKE_OPENCODE: modes },
    graceMs: 500,
    probeTimeoutMs: 200,
    ...overrides,
    config: { ...fastConfig, ...overrides.config },
  });
  cleanups.push(() => supervisor.dispose().catch(() => undefined));
  return supervisor;
}

/** Resolves with the first status (current or future) that satisfies `predicate`. */
export function waitForStatus(
  supervisor: SidecarSupervisor,
  predicate: (status: SidecarStatus) => boolean,
  what = "the expected status",
  timeoutMs = 45_000,
): Promise<SidecarStatus> {
  return new Promise((resolve, reject) => {
    const check = (status: SidecarStatus) => {
      if (!predicate(status)) return;
      off();
      clearTimeout(timer);
      resolve(status);
    };
    const off = supervisor.onStatus(check);
    // A safety net so a broken test fails with a message instead of hanging the suite.
    const timer = setTimeout(() => {
      off();
      reject(new Error(`Timed out waiting for ${what}; last status: ${JSON.stringify(supervisor.status())}`));
    }, timeoutMs);
    check(supervisor.status());
  });
}

export function alive(pid: number | null | undefined): boolean {
  return typeof pid === "number" && processOps.isAlive(pid);
}

/** Pids the fake printed as "spawned descendant pid N". */
export function descendantPids(supervisor: SidecarSupervisor): number[] {
  return supervisor.logs
    .tail()
    .map((entry) => /spawned descendant pid (\d+)/.exec(entry.line)?.[1])
    .filter((pid): pid is string => pid !== undefined)
    .map(Number);
}

// Every call of the supervisor settles: a preparation slower than the startup timeout, a stop
// during preparation or readiness, and a process that cannot be killed; each answers the state it
// settled in. Waits are on promises the test controls, never on the clock.
import { existsSync } from "node:fs";
import type { PreparingStatus, SidecarStatus } from "@turnkey/contracts";
import { afterEach, describe, expect, it } from "vitest";
import { probeHealth } from "../src/loopbackHttp.ts";
import type { BinaryResolution } from "../src/resolveBinary.ts";
import { recordPath } from "../src/sidecarRecord.ts";
import { alive, cleanup, fakeOpencode, fakeSupervisor, processOps, waitForStatus } from "./harness.ts";
import { onWindows } from "./posixOnly.ts";

afterEach(cleanup);

/** A preparation the test finishes by hand, recording the signal it was given. */
function heldPreparation() {
  let release: (result: BinaryResolution) => void = () => undefined;
  const signals: AbortSignal[] = [];
  const progress: ((p: PreparingStatus) => void)[] = [];
  const prepareBinary = (signal: AbortSignal, onProgress: (p: PreparingStatus) => void) => {
    signals.push(signal);
    progress.push(onProgress);
    return new Promise<BinaryResolution>((resolve) => {
      release = resolve;
    });
  };
  const found: BinaryResolution = { ok: true, path: fakeOpencode, source: "override" };
  return { prepareBinary, signals, progress, finish: (result = found) => release(result) };
}

describe("a preparation slower than the startup timeout", () => {
  it("shows as preparing with progress, starts the startup timer only after it, and settles", async () => {
    const held = heldPreparation();
    const timersSet: number[] = [];
    const startupTimeoutMs = 1_234;
    const supervisor = fakeSupervisor("", {
      config: { startupTimeoutMs },
      deps: {
        prepareBinary: held.prepareBinary,
        setTimer: (callback, ms) => {
          timersSet.push(ms);
          return setTimeout(callback, ms);
        },
        clearTimer: (handle) => clearTimeout(handle as NodeJS.Timeout),
      },
    });
    const seen: SidecarStatus[] = [];
    supervisor.onStatus((s) => seen.push(s));
    const starting = supervisor.start();
    await waitForStatus(supervisor, (s) => s.preparing?.message === "Preparing OpenCode…", "preparing");
    held.progress[0]!({ progress: 0.25, message: "Checking OpenCode's program…" });
    const shown = await waitForStatus(supervisor, (s) => s.preparing?.progress === 0.25, "progress");
    expect(shown).toMatchObject({ state: "starting", pid: null, error: null });
    expect(timersSet).not.toContain(startupTimeoutMs); // no startup clock runs while preparing

    held.finish();
    const running = await starting;
    expect(running).toMatchObject({ state: "running", preparing: null, error: null });
    expect(timersSet).toContain(startupTimeoutMs);
    expect(seen.filter((s) => s.preparing).every((s) => s.error === null)).toBe(true);
    const stopped = await supervisor.stop();
    expect(stopped.state).toBe("stopped");
    expect(alive(running.pid)).toBe(false);
    await supervisor.dispose();
  });

  it("a stop while preparing returns at once, aborts the preparation and ignores its late result", async () => {
    const held = heldPreparation();
    const supervisor = fakeSupervisor("", { deps: { prepareBinary: held.prepareBinary } });
    const starting = supervisor.start();
    await waitForStatus(supervisor, (s) => s.preparing !== null && s.preparing !== undefined, "preparing");
    expect(await supervisor.stop()).toMatchObject({ state: "stopped", pid: null });
    expect(await starting).toMatchObject({ state: "stopped" }); // the start settled too
    expect(held.signals[0]?.aborted).toBe(true);

    held.finish(); // the late result: nothing may start from it
    await new Promise((resolve) => setImmediate(resolve));
    expect(supervisor.status()).toMatchObject({ state: "stopped", pid: null });
    await supervisor.dispose();
  });

  it("a preparation that throws keeps its cause and is not called 'not found'", async () => {
    const supervisor = fakeSupervisor("", {
      deps: {
        prepareBinary: async () => {
          throw new Error("EPERM: operation not permitted, open '/data/runtime/opencode'");
        },
      },
    });
    const failed = await supervisor.start();
    expect(failed).toMatchObject({ state: "failed", error: { code: "prepare_failed" } });
    expect(failed.error?.message).toContain("EPERM: operation not permitted");
    expect(supervisor.logs.tail().some((l) => l.line.includes("at "))).toBe(true); // the stack
  });
});

describe("stop has a deadline", () => {
  it("a process that cannot be killed: stop settles and names it by pid, in the status and the log", async () => {
    const supervisor = fakeSupervisor("", {
      graceMs: 50,
      stopExtraMs: 200,
      deps: { killTree: () => new Promise(() => undefined) }, // a kill that never succeeds
    });
    const running = await supervisor.start();
    const pid = running.pid!;
    try {
      const stopped = await supervisor.stop();
      expect(stopped).toMatchObject({ state: "stopped", survivors: [pid], error: { code: "stop_incomplete" } });
      expect(stopped.error?.message).toContain(`pid ${pid}`);
      expect(supervisor.logs.tail().some((l) => l.line.includes(String(pid)) && /would not end/.test(l.line))).toBe(
        true,
      );
      expect(existsSync(recordPath(supervisor.dataDir))).toBe(true); // the reaper can still find it
      await supervisor.dispose();
    } finally {
      // POSIX: its whole process group; Windows has none (the job ends with the test's backend).
      process.kill(onWindows ? pid : -pid, "SIGKILL");
    }
  });

  it("a killed process that is slow to disappear is looked at again, not named as one to end by hand", async () => {
    // As on a starved machine: the kill's report is late (its deadline names the root), and the
    // process is gone only on a later look, as a force-killed opencode was after 6 s under load.
    let looks = 0;
    let killed = false;
    const supervisor = fakeSupervisor("", {
      graceMs: 50,
      stopExtraMs: 200,
      deps: {
        killTree: () => {
          killed = true;
          return new Promise(() => undefined);
        },
        processOps: { ...processOps, isAlive: (p) => (killed && p === pid ? ++looks < 3 : processOps.isAlive(p)) },
      },
    });
    const running = await supervisor.start();
    const pid = running.pid!;
    try {
      const stopped = await supervisor.stop();
      expect(looks).toBe(3);
      expect(stopped).toMatchObject({ state: "stopped", survivors: [], error: null });
      expect(supervisor.logs.tail().some((l) => /would not end/.test(l.line))).toBe(false);
      await supervisor.dispose();
    } finally {
      process.kill(onWindows ? pid : -pid, "SIGKILL");
    }
  });

  it("a stop while waiting for readiness cancels the readiness poll", async () => {
    const signals: (AbortSignal | undefined)[] = [];
    const supervisor = fakeSupervisor("hang-after=0", {
      probeTimeoutMs: 60_000,
      deps: {
        probeHealth: (url, password, timeoutMs, signal) => {
          signals.push(signal);
          return probeHealth(url, password, timeoutMs, signal);
        },
      },
    });
    void supervisor.start();
    await waitForStatus(supervisor, (s) => s.port !== null && s.state === "starting", "listening");
    while (signals.length === 0) await new Promise((resolve) => setImmediate(resolve));
    expect(await supervisor.stop()).toMatchObject({ state: "stopped" });
    expect(signals.every((signal) => signal?.aborted)).toBe(true);
  });
});

describe("every request answers with the state it settled in", () => {
  it("a restart that settled running answers running, though a stop of the same tick is already under way", async () => {
    const supervisor = fakeSupervisor("");
    await supervisor.start();
    // Another caller reacts to "running" in the same tick (a microtask), before this answer is read:
    // 200 requests over HTTP at once did, and a restart was answered 503 "starting".
    const off = supervisor.onStatus((status) => {
      if (status.state !== "running") return;
      off();
      queueMicrotask(() => void supervisor.stop());
    });
    expect(await supervisor.restart()).toMatchObject({ state: "running" });
    await waitForStatus(supervisor, (s) => s.state === "stopped", "the stop after it");
  });
});

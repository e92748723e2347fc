// The gate an updated OpenCode must pass, with the supervisor's status events and the timers in the
// test's hands: a late health check inside the window keeps the version, one that stays late
// past a second window does not, and one that stops or starts again fails at once.
import type { SidecarState, SidecarStatus } from "@turnkey/contracts";
import { describe, expect, it } from "vitest";
import { type GateResult, passHealthGate } from "./healthGate.ts";

const status = (state: SidecarState): SidecarStatus => ({
  state,
  pid: state === "stopped" ? null : 42,
  port: 4096,
  version: "2.0.0",
  startedAt: 0,
  readyAt: 0,
  uptimeMs: 0,
  restarts: 0,
  nextRestartAt: null,
  lastExit: null,
  error: null,
  health: null,
  binary: null,
});

function gate() {
  let current = status("running");
  const listeners = new Set<(s: SidecarStatus) => void>();
  const timers: { callback: () => void; ms: number; cleared: boolean }[] = [];
  let result: GateResult | null = null;
  void passHealthGate(
    {
      status: () => current,
      onStatus: (listener) => {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
      restart: async () => current,
    },
    {
      windowMs: 10_000,
      deadlineMs: 60_000,
      setTimer: (callback, ms) => {
        const timer = { callback, ms, cleared: false };
        timers.push(timer);
        return timer;
      },
      clearTimer: (handle) => {
        (handle as { cleared: boolean }).cleared = true;
      },
    },
  ).then((settled) => {
    result = settled;
  });
  const become = (state: SidecarState, error: SidecarStatus["error"] = null) => {
    current = { ...status(state), error };
    for (const listener of [...listeners]) listener(current);
  };
  /** Ends the newest window (not the whole gate's deadline, the first timer). */
  const endWindow = () => {
    const window = timers.filter((t) => t.ms === 10_000 && !t.cleared).at(-1);
    if (!window) throw new Error("no window under way");
    window.cleared = true;
    window.callback();
  };
  const settled = async () => {
    await Promise.resolve();
    return result;
  };
  return { become, endWindow, settled };
}

describe("the health gate of an updated OpenCode", () => {
  it("keeps a version whose health check was late once in the window", async () => {
    const g = gate();
    g.become("starting");
    g.become("running");
    g.become("degraded"); // one check answered after the probe timeout on a busy machine
    g.become("running");
    expect(await g.settled()).toBeNull();
    g.endWindow();
    expect(await g.settled()).toMatchObject({ ok: true });
  });

  it("gives a version late at the window's end one more window, kept once it answers in time", async () => {
    const g = gate();
    g.become("starting");
    g.become("running");
    g.become("degraded");
    g.endWindow();
    expect(await g.settled()).toBeNull();
    g.become("running");
    expect(await g.settled()).toMatchObject({ ok: true });
  });

  it("rolls back a version still not answering in time after the second window", async () => {
    const g = gate();
    g.become("starting");
    g.become("running");
    g.become("degraded");
    g.endWindow();
    g.endWindow();
    expect(await g.settled()).toMatchObject({ ok: false, reason: "it stopped answering health checks" });
  });

  it("fails at once when the version stops or is started again in the window", async () => {
    const stopped = gate();
    stopped.become("starting");
    stopped.become("running");
    stopped.become("backoff");
    expect(await stopped.settled()).toMatchObject({ ok: false, reason: "it stopped (backoff)" });
    const restarted = gate();
    restarted.become("starting");
    restarted.become("running");
    restarted.become("degraded");
    restarted.become("starting"); // the supervisor gave up on it and started it again
    expect(await restarted.settled()).toMatchObject({ ok: false, reason: "it stopped (starting)" });
    const hung = gate();
    hung.become("starting");
    hung.become("running");
    hung.become("backoff", {
      code: "unresponsive",
      message: "OpenCode stopped answering (3 checks…), so it was restarted.",
    });
    expect(await hung.settled()).toMatchObject({ ok: false, reason: "it stopped answering health checks" });
    const crashed = gate();
    crashed.become("starting");
    crashed.become("running");
    crashed.become("backoff", { code: "crashed", message: "OpenCode exited with code 1." });
    expect(await crashed.settled()).toMatchObject({ ok: false, reason: "it stopped: OpenCode exited with code 1" });
  });
});

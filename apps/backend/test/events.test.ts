// GET /api/events publishes a status only when something a person sees changes: a healthy
// sidecar under the default probes (every 5 s) gives one status event (at connect) and a health
// event per check. Time is virtual: timers of a second or more (probes, startup, stability)
// fire when the test advances them; shorter ones (readiness polls) run for real.
import { createTurnkeyClient } from "@turnkey/client";
import { defaultLifecycleConfig } from "@turnkey/sidecar";
import { describe, expect, it } from "vitest";
import { collectEvents } from "./eventCollector.ts";
import { testBackend } from "./harness.ts";

function virtualLongTimers(thresholdMs: number) {
  let now = 0;
  let nextId = 0;
  const due = new Map<number, { at: number; callback: () => void }>();
  return {
    deps: {
      setTimer: (callback: () => void, ms: number): unknown => {
        if (ms < thresholdMs) return setTimeout(callback, ms);
        const id = ++nextId;
        due.set(id, { at: now + ms, callback });
        return id;
      },
      clearTimer: (handle: unknown) => {
        if (typeof handle === "number") due.delete(handle);
        else clearTimeout(handle as NodeJS.Timeout);
      },
    },
    /** Moves virtual time to `to`, firing what falls due in order; returns how many fired. */
    advanceTo(to: number): number {
      let fired = 0;
      for (;;) {
        const next = [...due].filter(([, t]) => t.at <= to).sort((a, b) => a[1].at - b[1].at)[0];
        if (!next) break;
        due.delete(next[0]);
        now = next[1].at;
        next[1].callback();
        fired++;
      }
      now = to;
      return fired;
    },
  };
}

describe("GET /api/events", () => {
  it("over 12 s of a healthy sidecar with default probes: one status event, a health event per check", async () => {
    const clock = virtualLongTimers(1_000);
    const backend = await testBackend("", { supervisor: { config: defaultLifecycleConfig, deps: clock.deps } });
    await createTurnkeyClient({ baseUrl: backend.url, token: backend.token }).start();
    const events = await collectEvents(backend);
    const count = (name: string) => events.events.filter((e) => e.event === name).length;

    for (const [at, checks] of [
      [5_000, 1],
      [10_000, 2],
    ] as const) {
      expect(clock.advanceTo(at)).toBeGreaterThan(0); // the probe timer
      // A status caused by this check would be sent before its health event, on the same stream.
      await events.until(() => count("health") === checks, `health check ${checks}`);
    }
    clock.advanceTo(12_000);
    events.close();

    expect(count("status")).toBe(1);
    expect(events.events.find((e) => e.event === "status")?.data).toMatchObject({ state: "running" });
    expect(events.events.filter((e) => e.event === "health").map((e) => e.data)).toEqual([
      expect.objectContaining({ ok: true, consecutiveFailures: 0 }),
      expect.objectContaining({ ok: true, consecutiveFailures: 0 }),
    ]);
    expect(backend.supervisor.status().health).toMatchObject({ ok: true }); // still current on GET
  });
});

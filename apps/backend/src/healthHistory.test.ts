import type { HealthResult } from "@turnkey/contracts";
import type { SidecarSupervisor } from "@turnkey/sidecar";
import { describe, expect, it } from "vitest";
import { HealthHistory, healthWindowMs } from "./healthHistory.ts";

const sample = (checkedAt: number, ok = true): HealthResult => ({
  ok,
  latencyMs: ok ? 3 : null,
  checkedAt,
  consecutiveFailures: ok ? 0 : 1,
});

describe("HealthHistory", () => {
  it("keeps the last ten minutes of checks, once each, and forgets older ones", () => {
    let now = 1_000_000;
    let feed: (s: HealthResult) => void = () => undefined;
    const supervisor = {
      onHealth: (listener: (s: HealthResult) => void) => {
        feed = listener;
        return () => undefined;
      },
    } as unknown as SidecarSupervisor;
    const history = new HealthHistory(supervisor, () => now);
    feed(sample(now - healthWindowMs - 1));
    feed(sample(now - 5_000));
    feed(sample(now - 5_000)); // the same check reported twice
    feed(sample(now, false));
    expect(history.samples().map((s) => s.checkedAt)).toEqual([now - 5_000, now]);
    now += healthWindowMs;
    expect(history.samples().map((s) => s.checkedAt)).toEqual([now - healthWindowMs]);
    for (let i = 0; i < 5_000; i++) feed(sample(now + i));
    expect(history.samples().length).toBeLessThanOrEqual(600);
  });
});

// The chart's samples from two sources, the backend's history at open and each live check after:
// one list, oldest first, each check once, nothing older than the window.
import type { HealthResult } from "@turnkey/contracts";
import type { HealthSample } from "./HealthChart.tsx";

export function mergeSamples(current: HealthSample[], incoming: HealthResult[], since: number): HealthSample[] {
  const byTime = new Map<number, HealthSample>();
  for (const s of current) byTime.set(s.at, s);
  for (const h of incoming) byTime.set(h.checkedAt, { at: h.checkedAt, ok: h.ok, latencyMs: h.latencyMs });
  return [...byTime.values()].filter((s) => s.at >= since).sort((a, b) => a.at - b.at);
}

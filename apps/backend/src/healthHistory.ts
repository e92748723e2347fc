// The last minutes of health checks, kept from start-up, so the status window's chart has a
// past the moment it opens. Bounded by time and by count: memory stays flat however long it runs.
import type { HealthResult } from "@turnkey/contracts";
import type { SidecarSupervisor } from "@turnkey/sidecar";

export const healthWindowMs = 10 * 60_000;
/** Ten minutes of checks at the fastest sensible probe rate (one a second). */
const maxSamples = 600;

export class HealthHistory {
  private readonly kept: HealthResult[] = [];
  private readonly off: () => void;

  constructor(
    supervisor: SidecarSupervisor,
    private readonly now: () => number = Date.now,
  ) {
    this.off = supervisor.onHealth((sample) => this.add(sample));
  }

  add(sample: HealthResult): void {
    if (this.kept.at(-1)?.checkedAt === sample.checkedAt) return;
    this.kept.push(sample);
    if (this.kept.length > maxSamples) this.kept.splice(0, this.kept.length - maxSamples);
  }

  samples(): HealthResult[] {
    const since = this.now() - healthWindowMs;
    const first = this.kept.findIndex((s) => s.checkedAt >= since);
    if (first > 0) this.kept.splice(0, first);
    return first === -1 ? [] : [...this.kept];
  }

  close(): void {
    this.off();
  }
}

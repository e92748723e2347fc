// The step before OpenCode's process exists (finding, installing, verifying its program): on a
// first launch this can take a while, and a person should see it move rather than a bare
// "Starting…" that might be a hang.
import type { PreparingStatus } from "@turnkey/contracts";

export function PreparingProgress({ preparing }: { preparing: PreparingStatus }) {
  const percent = preparing.progress === null ? null : Math.round(preparing.progress * 100);
  return (
    <div className="runtime-progress" role="status">
      <label htmlFor="preparing-progress">
        Preparing OpenCode…
        {preparing.message !== "Preparing OpenCode…" && ` ${preparing.message}`}
        {percent !== null && ` (${percent} %)`}
      </label>
      <progress id="preparing-progress" max={1} value={preparing.progress ?? undefined} />
    </div>
  );
}

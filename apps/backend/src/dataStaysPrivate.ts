// opencode writes its database, logs and snapshots with the user's umask (behind our 0700 root):
// each start and stop of OpenCode brings what it created since to 0600/0700 (privateFiles).
import type { SidecarSupervisor } from "@turnkey/sidecar";
import { tightenTree } from "@turnkey/sidecar";

/** Tightens after each start and stop; gives the last tightening under way, for close to await. */
export function tightenAfterStartsAndStops(
  supervisor: SidecarSupervisor,
  dataDir: string,
  atStart: Promise<unknown>,
): () => Promise<unknown> {
  let lastState = supervisor.status().state;
  let tightening = atStart;
  supervisor.onStatus((status) => {
    if (status.state !== lastState && (status.state === "running" || status.state === "stopped")) {
      tightening = tightening.then(() => tightenTree(dataDir));
    }
    lastState = status.state;
  });
  return () => tightening;
}

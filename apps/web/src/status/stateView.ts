// How each sidecar state looks and reads: the badge, the sentence under it, and which lifecycle
// buttons make sense. Pure, so every state is tested without rendering.
import {
  asSentence,
  canRestart,
  canStart,
  canStop,
  formatDuration,
  type SidecarState,
  type SidecarStatus,
} from "@turnkey/contracts";

export type Tone = "ok" | "busy" | "warn" | "off" | "bad";

const labels: Record<SidecarState, { label: string; tone: Tone }> = {
  running: { label: "Running", tone: "ok" },
  starting: { label: "Starting", tone: "busy" },
  degraded: { label: "Degraded", tone: "warn" },
  backoff: { label: "Restarting", tone: "warn" },
  stopping: { label: "Stopping", tone: "busy" },
  stopped: { label: "Stopped", tone: "off" },
  failed: { label: "Failed", tone: "bad" },
};

export interface StateView {
  label: string;
  tone: Tone;
  sentence: string;
}

export function stateView(status: SidecarStatus, now: number): StateView {
  const { label, tone } = labels[status.state];
  switch (status.state) {
    case "running":
      return { label, tone, sentence: `OpenCode is ready on port ${status.port}.` };
    case "starting":
      return { label, tone, sentence: "OpenCode is starting…" };
    case "degraded":
      return { label, tone, sentence: "OpenCode is slow to answer health checks; it is restarted if this goes on." };
    case "backoff": {
      const wait =
        status.nextRestartAt === null ? "" : ` in ${formatDuration(Math.max(0, status.nextRestartAt - now))}`;
      const why = status.error ? `${asSentence(status.error.message)} ` : "";
      return { label, tone, sentence: `${why}Trying again${wait}.` };
    }
    case "stopping":
      return { label, tone, sentence: "Stopping OpenCode and everything it started…" };
    case "stopped":
      return { label, tone, sentence: "OpenCode is not running. Press Start to run it." };
    case "failed":
      return {
        label,
        tone,
        sentence: status.error?.message ?? "OpenCode could not be started. Press Start to try again, or open the logs.",
      };
  }
}

export type LifecycleAction = "start" | "stop" | "restart";

/** Which buttons make sense in a state; none while an action of ours is under way. */
export function enabledActions(state: SidecarState, busy: boolean): Record<LifecycleAction, boolean> {
  if (busy) return { start: false, stop: false, restart: false };
  return { start: canStart(state), stop: canStop(state), restart: canRestart(state) };
}

import type { SidecarState } from "@turnkey/contracts";
import { enabledActions, type LifecycleAction } from "./stateView.ts";

const labels: Record<LifecycleAction, [idle: string, busy: string]> = {
  start: ["Start", "Starting…"],
  stop: ["Stop", "Stopping…"],
  restart: ["Restart", "Restarting…"],
};

export function LifecycleButtons(props: {
  state: SidecarState;
  running: LifecycleAction | null;
  onAction: (action: LifecycleAction) => void;
}) {
  const enabled = enabledActions(props.state, props.running !== null);
  return (
    <div className="actions">
      {(Object.keys(labels) as LifecycleAction[]).map((action) => (
        <button
          key={action}
          type="button"
          className={action === "stop" ? "secondary" : "primary"}
          disabled={!enabled[action]}
          aria-busy={props.running === action}
          onClick={() => props.onAction(action)}
        >
          {labels[action][props.running === action ? 1 : 0]}
        </button>
      ))}
    </div>
  );
}

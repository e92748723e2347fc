// Start, Stop and Restart. The keyboard stays with them: the pressed button is marked busy and
// unavailable (aria-disabled) rather than disabled while its action runs, since a disabled button
// loses the focus to the page; and when the action ends with that button disabled (Stop once
// stopped), the focus goes to the first button that can be pressed now (Start).
import type { SidecarState } from "@turnkey/contracts";
import { useEffect, useRef } from "react";
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
  const group = useRef<HTMLDivElement>(null);
  /** An action pressed here whose end has not been seen: the focus is ours to place. */
  const pressed = useRef(false);
  useEffect(() => {
    if (props.running !== null || !pressed.current) return;
    pressed.current = false;
    const active = document.activeElement;
    if (
      active &&
      active !== document.body &&
      group.current?.contains(active) &&
      !(active as HTMLButtonElement).disabled
    )
      return;
    group.current?.querySelector<HTMLButtonElement>("button:not(:disabled)")?.focus();
  }, [props.running]);
  return (
    <div className="actions" ref={group}>
      {(Object.keys(labels) as LifecycleAction[]).map((action) => {
        const runningThis = props.running === action;
        return (
          <button
            key={action}
            type="button"
            className={action === "stop" ? "secondary" : "primary"}
            disabled={!enabled[action] && !runningThis}
            aria-disabled={runningThis || undefined}
            aria-busy={runningThis}
            onClick={() => {
              if (!enabled[action]) return;
              pressed.current = true;
              props.onAction(action);
            }}
          >
            {labels[action][runningThis ? 1 : 0]}
          </button>
        );
      })}
    </div>
  );
}

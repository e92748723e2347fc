// A task's runs, one line each: the model, what the run is doing or why it stopped, Open, and
// Try again for a run that failed or was cut by a reload. Shown by the dialog that starts them
// and in the Session tab of each run's chat, where each line also says what its run changed.
import type { ReactNode } from "react";
import { isMidStep, type Run, type RunGroup, runStateText } from "./multiRun.ts";
import { useMoving } from "./runLauncher.ts";

/** A run that is not moving: failed, or left mid-step by a window that closed. */
function stalled(run: Run, moving: boolean): boolean {
  return run.state === "failed" || (!moving && isMidStep(run));
}

export function RunList(props: {
  group: RunGroup;
  /** The chat shown now: its run is marked rather than offered. */
  current?: string | null;
  onOpen: (run: Run) => void;
  onRetry: (index: number) => void;
  /** More under a run's line (the Session tab's comparison: what it changed). */
  more?: (run: Run) => ReactNode;
}) {
  const { group } = props;
  const movingNow = useMoving(group);
  return (
    <ol className="run-list" aria-label={`Runs of ${group.title}`}>
      {group.runs.map((run, index) => {
        const moving = movingNow(run, index);
        const stopped = stalled(run, moving);
        const text =
          stopped && run.state !== "failed"
            ? "Stopped before it was sent (the window closed): try again."
            : runStateText(run);
        return (
          // A row takes the keyboard when its Try again goes away, so it stays in the dialog or the panel.
          <li
            key={`${run.model.providerID}/${run.model.modelID}`}
            tabIndex={-1}
            className={stopped ? "run failed" : "run"}
          >
            <strong>{run.label}</strong>
            {run.sessionId === props.current && <span className="muted"> (this chat)</span>}
            <span className={stopped ? "run-state error-text" : "run-state muted"} role={stopped ? "alert" : undefined}>
              {text}
            </span>
            <span className="run-actions">
              {run.sessionId && run.sessionId !== props.current && (
                <button
                  type="button"
                  className="small"
                  aria-label={`Open the run of ${run.label}`}
                  onClick={() => props.onOpen(run)}
                >
                  Open
                </button>
              )}
              {stopped && (
                <button
                  type="button"
                  className="small"
                  aria-label={`Try the run of ${run.label} again`}
                  onClick={(e) => {
                    e.currentTarget.closest("li")?.focus();
                    props.onRetry(index);
                  }}
                >
                  Try again
                </button>
              )}
            </span>
            {props.more?.(run)}
          </li>
        );
      })}
    </ol>
  );
}

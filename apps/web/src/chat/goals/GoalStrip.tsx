// The line above the message box while the chat has a goal going: what it is doing, and Pause or
// Resume, so a goal is never working out of sight of the box the user types in.
import { goalEnded } from "@turnkey/contracts";
import { api } from "../../shared/api.ts";
import { useConfigSave } from "../useConfigSave.ts";
import { goalAnswer, useGoals } from "./goalsFeed.ts";
import { goalHeadline } from "./goalText.ts";
import "./goals.css";

export function GoalStrip(props: {
  sessionID: string;
  /** The window's reconnects (the strip is outside the side panel's ReconnectsContext): read again then. */
  reconnects: number;
}) {
  const { sessionID } = props;
  const { response } = useGoals(props.reconnects);
  const goal = response?.goals.find((g) => g.sessionID === sessionID) ?? null;
  const { saving, error, save } = useConfigSave(() => undefined);
  if (!goal || goalEnded(goal.status)) return null;
  const paused = goal.status === "paused";
  return (
    <section className="goal-strip" aria-label="Goal in progress">
      <span className="goal-strip-text">
        <strong>Goal</strong> ·{" "}
        <span className={`goal-state-${goal.status}`} role="status">
          {goalHeadline(goal)}
        </span>{" "}
        · <code>{goal.check}</code>
      </span>
      {error && <span className="inline-error">{error}</span>}
      <button
        type="button"
        className="small"
        disabled={saving}
        onClick={() =>
          void save(() => goalAnswer(() => (paused ? api.resumeGoal(sessionID) : api.pauseGoal(sessionID))))
        }
      >
        {paused ? "Resume goal" : "Pause goal"}
      </button>
    </section>
  );
}

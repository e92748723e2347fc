// The line above the message box while the chat has a goal going: what it is doing, and Pause or
// Resume, so a goal is never working out of sight of the box the user types in.
import { goalEnded } from "@turnkey/contracts";
import { api } from "../../shared/api.ts";
import { useReconnects } from "../../shared/reconnects.ts";
import { useConfigSave } from "../useConfigSave.ts";
import { useGoals } from "./goalsFeed.ts";
import { goalHeadline } from "./goalText.ts";
import "./goals.css";

export function GoalStrip(props: { sessionID: string }) {
  const { sessionID } = props;
  const { response, publish } = useGoals(useReconnects());
  const goal = response?.goals.find((g) => g.sessionID === sessionID) ?? null;
  const { saving, error, save } = useConfigSave(
    (next: NonNullable<typeof goal>) =>
      response && publish({ goals: response.goals.map((g) => (g.sessionID === next.sessionID ? next : g)) }),
  );
  if (!goal || goalEnded(goal.status)) return null;
  const paused = goal.status === "paused";
  return (
    <div className="goal-strip" role="status" aria-label="Goal">
      <span className="goal-strip-text">
        <strong>Goal</strong> · <span className={`goal-state-${goal.status}`}>{goalHeadline(goal)}</span> ·{" "}
        <code>{goal.check}</code>
      </span>
      {error && <span className="inline-error">{error}</span>}
      <button
        type="button"
        className="small"
        disabled={saving}
        onClick={() => void save(() => (paused ? api.resumeGoal(sessionID) : api.pauseGoal(sessionID)))}
      >
        {paused ? "Resume goal" : "Pause goal"}
      </button>
    </div>
  );
}

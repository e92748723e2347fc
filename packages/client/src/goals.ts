// The goals part of the typed client: list them, start one in a chat, pause, resume, end it.
// Spread into createTurnkeyClient.
import { Goal, type GoalSettings, GoalsResponse } from "@turnkey/contracts";
import type { Http } from "./http.ts";
import type { Call } from "./workbench.ts";

export function goalMethods(http: Http, call: Call) {
  const goal = (sessionID: string) => `api/sessions/${encodeURIComponent(sessionID)}/goal`;
  return {
    goals: () => call(GoalsResponse, http.get("api/goals")),
    startGoal: (sessionID: string, settings: GoalSettings) =>
      call(Goal, http.post(goal(sessionID), { json: settings })),
    pauseGoal: (sessionID: string) => call(Goal, http.post(`${goal(sessionID)}/pause`, { json: {} })),
    resumeGoal: (sessionID: string) => call(Goal, http.post(`${goal(sessionID)}/resume`, { json: {} })),
    endGoal: (sessionID: string) => call(GoalsResponse, http.delete(goal(sessionID))),
  };
}

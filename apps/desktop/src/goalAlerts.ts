// The tray's side of a chat's goal that settled by itself (passed, stopped at its turns, or paused
// by a failed reply or a check that could not run) while the user looks elsewhere: a notification
// whose click opens the chat. From `goals` events; the user's own Pause is not news.
import { type GoalsResponse, goalNews, goalsSettled } from "@turnkey/contracts";
import type { ScheduleAlertsDeps } from "./scheduleAlerts.ts";

export class GoalAlerts {
  private last: GoalsResponse | null = null;

  constructor(private readonly deps: ScheduleAlertsDeps) {}

  onGoals(response: GoalsResponse): void {
    const settled = goalsSettled(this.last, response);
    this.last = response;
    if (this.deps.chatFocused()) return;
    for (const goal of settled) {
      this.deps.notify(goalNews(goal), () =>
        this.deps.openChat({ projectId: goal.projectId, sessionId: goal.sessionID }),
      );
    }
  }
}

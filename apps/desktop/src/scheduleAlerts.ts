// The tray's side of a scheduled task whose run failed (OpenCode stopped, a key refused, a command
// it does not have) while the user looks elsewhere: a notification whose click opens the run's
// chat, or its project when no chat was made. From `schedules` events. A run that finishes is told
// as any reply is (replyAlerts.ts), so it is not told twice.
import { failedRunNews, runsEnded, type SchedulesResponse } from "@turnkey/contracts";
import type { Notice } from "./failureNotice.ts";
import type { ChatTarget } from "./windows.ts";

export interface ScheduleAlertsDeps {
  chatFocused: () => boolean;
  notify: (notice: Notice, onClick: () => void) => void;
  openChat: (target: ChatTarget) => void;
}

export class ScheduleAlerts {
  private last: SchedulesResponse | null = null;

  constructor(private readonly deps: ScheduleAlertsDeps) {}

  onSchedules(response: SchedulesResponse): void {
    const ended = runsEnded(this.last, response);
    this.last = response;
    if (this.deps.chatFocused()) return;
    for (const { task, run } of ended) {
      if (run.outcome !== "failed") continue;
      const target = { projectId: task.projectId, ...(run.sessionID ? { sessionId: run.sessionID } : {}) };
      this.deps.notify(failedRunNews(task, run), () => this.deps.openChat(target));
    }
  }
}

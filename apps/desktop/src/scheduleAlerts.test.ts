// The tray tells of a scheduled run that failed while the chat window was not in front, and its
// click opens the run's chat (or its project, when no chat was made); a finished run is left to the
// finished-reply alert, and nothing is said while the chat window is in front.
import type { ScheduledRun, ScheduledTask, SchedulesResponse } from "@turnkey/contracts";
import { describe, expect, it, vi } from "vitest";
import { ScheduleAlerts } from "./scheduleAlerts.ts";

const run = (outcome: ScheduledRun["outcome"], extra: Partial<ScheduledRun> = {}): ScheduledRun => ({
  scheduledFor: 1,
  startedAt: 2,
  endedAt: outcome === "running" ? null : 3,
  outcome,
  sessionID: "ses_1",
  message: outcome === "failed" ? "The key was refused." : null,
  ...extra,
});
const list = (runs: ScheduledRun[]): SchedulesResponse => ({
  tasks: [{ id: "t1", name: "Morning review", projectId: "p1", runs } as unknown as ScheduledTask],
  fileProblem: null,
});

function harness() {
  const state = { focused: false };
  const deps = { chatFocused: () => state.focused, notify: vi.fn(), openChat: vi.fn() };
  return { alerts: new ScheduleAlerts(deps), deps, state };
}

describe("the tray's scheduled-task alerts", () => {
  it("tells a failed run with its reason, and opens its chat on a click", () => {
    const { alerts, deps } = harness();
    alerts.onSchedules(list([run("running")]));
    alerts.onSchedules(list([run("failed")]));
    expect(deps.notify).toHaveBeenCalledTimes(1);
    expect(deps.notify.mock.calls[0]?.[0]).toEqual({
      title: "Scheduled task failed: Morning review",
      body: "The key was refused.",
    });
    deps.notify.mock.calls[0]?.[1]();
    expect(deps.openChat).toHaveBeenCalledWith({ projectId: "p1", sessionId: "ses_1" });
  });

  it("opens the project when the run made no chat, and says nothing of a finished run", () => {
    const { alerts, deps } = harness();
    alerts.onSchedules(list([run("running", { sessionID: null })]));
    alerts.onSchedules(list([run("failed", { sessionID: null })]));
    deps.notify.mock.calls[0]?.[1]();
    expect(deps.openChat).toHaveBeenCalledWith({ projectId: "p1" });
    alerts.onSchedules(list([run("running", { startedAt: 7 })]));
    alerts.onSchedules(list([run("finished", { startedAt: 7 })]));
    expect(deps.notify).toHaveBeenCalledTimes(1);
  });

  it("says nothing while the chat window is in front", () => {
    const { alerts, deps, state } = harness();
    state.focused = true;
    alerts.onSchedules(list([run("running")]));
    alerts.onSchedules(list([run("failed")]));
    expect(deps.notify).not.toHaveBeenCalled();
  });
});

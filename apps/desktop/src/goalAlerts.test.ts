// The tray tells of a goal that passed, stopped or paused by itself while the chat window was not in
// front, and its click opens the goal's chat; the user's own Pause, and anything while the chat
// window is in front, is not told.
import { type Goal, type GoalsResponse, pausedByUser } from "@turnkey/contracts";
import { describe, expect, it, vi } from "vitest";
import { GoalAlerts } from "./goalAlerts.ts";

const goal = (extra: Partial<Goal>): Goal =>
  ({
    objective: "Fix the adder\nand its tests",
    check: "npm test",
    sessionID: "ses_1",
    projectId: "p1",
    status: "working",
    note: null,
    startedAt: 1,
    ...extra,
  }) as Goal;
const list = (...goals: Goal[]): GoalsResponse => ({ goals });

function harness() {
  const state = { focused: false };
  const deps = { chatFocused: () => state.focused, notify: vi.fn(), openChat: vi.fn() };
  return { alerts: new GoalAlerts(deps), deps, state };
}

describe("the tray's goal alerts", () => {
  it("tells a goal that passed or stopped, and opens its chat on a click", () => {
    const { alerts, deps } = harness();
    alerts.onGoals(list(goal({}), goal({ sessionID: "ses_2", status: "checking" })));
    alerts.onGoals(
      list(goal({ status: "passed" }), goal({ sessionID: "ses_2", status: "gaveUp", note: "`npm test` failed." })),
    );
    expect(deps.notify.mock.calls.map((call) => call[0])).toEqual([
      { title: "Goal reached", body: "Fix the adder\nnpm test passed." },
      { title: "Goal stopped", body: "Fix the adder\n`npm test` failed." },
    ]);
    deps.notify.mock.calls[1]?.[1]();
    expect(deps.openChat).toHaveBeenCalledWith({ projectId: "p1", sessionId: "ses_2" });
  });

  it("says nothing of the user's own Pause, nor while the chat window is in front", () => {
    const { alerts, deps, state } = harness();
    alerts.onGoals(list(goal({})));
    alerts.onGoals(list(goal({ status: "paused", note: pausedByUser })));
    state.focused = true;
    alerts.onGoals(list(goal({ status: "checking" })));
    alerts.onGoals(list(goal({ status: "passed" })));
    expect(deps.notify).not.toHaveBeenCalled();
  });
});

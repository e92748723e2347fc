// @vitest-environment happy-dom
// The goal in the session panel and above the box: the form starts from what the box holds and the
// last check typed, sends the chat's model and agent, and empties the box once the task went; a
// refused start keeps the form and the text; a turn, a check and the end arrive as events; Pause,
// Resume and End act at once; the line above the box shows a goal going and nothing once it ended.
import { cleanup, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { TurnkeyApiError } from "@turnkey/client";
import type { Goal, GoalsResponse } from "@turnkey/contracts";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { loadDraft, saveDraft } from "../drafts.ts";
import { fake } from "../testHarness.tsx";
import { GoalPanel } from "./GoalPanel.tsx";
import { GoalStrip } from "./GoalStrip.tsx";
import { publishGoals } from "./goalsFeed.ts";

vi.mock("../../shared/api.ts", async () => (await import("../testHarness.tsx")).apiModule());

const api = fake.api as typeof fake.api & Record<string, ReturnType<typeof vi.fn>>;
const calls = { startGoal: vi.fn(), pauseGoal: vi.fn(), resumeGoal: vi.fn(), endGoal: vi.fn() };
const choice = { model: { providerID: "stub", modelID: "fast/v2" }, agent: "build" };

const goal = (extra: Partial<Goal> = {}): Goal => ({
  objective: "Fix the adder",
  check: "npm test",
  maxTurns: 10,
  checkMinutes: 10,
  ...choice,
  sessionID: "ses_1",
  folder: "/work/app",
  projectId: "p1",
  status: "working",
  turns: 0,
  checksRun: 0,
  lastCheck: null,
  note: null,
  startedAt: 1,
  endedAt: null,
  ...extra,
});
const answer = (goals: Goal[]): GoalsResponse => ({ goals });

beforeEach(() => {
  fake.reset();
  localStorage.clear();
  for (const call of Object.values(calls)) call.mockReset();
  Object.assign(api, calls);
  publishGoals(answer([])); // the feed lives for the page: no test sees the one before's goals
});
afterEach(cleanup);

const show = async (goals: Goal[], live = true) => {
  api.goals.mockResolvedValue(answer(goals));
  render(
    <>
      <GoalStrip sessionID="ses_1" reconnects={0} />
      <GoalPanel sessionID="ses_1" live={live} choice={choice} />
    </>,
  );
  await waitFor(() => expect(api.goals).toHaveBeenCalled());
  return screen.findByRole("region", { name: "Goal" });
};

describe("the goal panel", () => {
  it("starts a goal from the box's text and the last check, with the chat's model and agent, and empties the box", async () => {
    saveDraft("ses_1", "Make the parser accept week dates");
    localStorage.setItem("turnkey.goal.check", "npm run test:unit");
    const panel = await show([]);
    calls.startGoal.mockResolvedValue(goal({ objective: "Make the parser accept week dates" }));
    fireEvent.click(within(panel).getByRole("button", { name: "Work until a check passes…" }));
    const form = screen.getByRole("form", { name: "Start a goal" });
    expect((within(form).getByLabelText(/^Task/) as HTMLTextAreaElement).value).toBe(
      "Make the parser accept week dates",
    );
    expect((within(form).getByLabelText(/^Done when this passes/) as HTMLInputElement).value).toBe("npm run test:unit");
    fireEvent.change(within(form).getByLabelText(/^More turns/), { target: { value: "4" } });
    fireEvent.click(within(form).getByRole("button", { name: "Start the goal" }));
    await waitFor(() => expect(calls.startGoal).toHaveBeenCalled());
    expect(calls.startGoal.mock.calls[0]).toEqual([
      "ses_1",
      {
        objective: "Make the parser accept week dates",
        check: "npm run test:unit",
        maxTurns: 4,
        checkMinutes: 10,
        ...choice,
      },
    ]);
    expect(await within(panel).findByText("Working on the task")).toBeTruthy();
    expect(screen.queryByRole("form", { name: "Start a goal" })).toBeNull();
    expect(loadDraft("ses_1")).toBe("");
    expect(screen.getByRole("region", { name: "Goal in progress" }).textContent).toContain("Working on the task");
  });

  it("offers the project's actions and package.json scripts as checks", async () => {
    api.actions.mockResolvedValueOnce({
      actions: [{ id: "a1", name: "Tests", command: "cargo test" }],
      suggestions: [{ name: "test", command: "npm test", from: "package.json", script: "vitest" }],
      suggestionsProblem: null,
    });
    const panel = await show([]);
    fireEvent.click(within(panel).getByRole("button", { name: "Work until a check passes…" }));
    const form = screen.getByRole("form", { name: "Start a goal" });
    const field = within(form).getByLabelText(/^Done when this passes/);
    const list = form.querySelector(`datalist#${field.getAttribute("list")}`);
    await waitFor(() =>
      expect([...(list?.querySelectorAll("option") ?? [])].map((o) => o.value)).toEqual(["cargo test", "npm test"]),
    );
    expect(api.actions).toHaveBeenCalledWith("ses_1");
  });

  it("keeps the form, the text and the box when the start is refused, and says why", async () => {
    saveDraft("ses_1", "Fix it");
    const panel = await show([]);
    calls.startGoal.mockRejectedValue(
      new TurnkeyApiError(400, "invalid_request", "Write the command that says the task is done, like npm test."),
    );
    fireEvent.click(within(panel).getByRole("button", { name: "Work until a check passes…" }));
    const form = screen.getByRole("form", { name: "Start a goal" });
    fireEvent.click(within(form).getByRole("button", { name: "Start the goal" }));
    expect(await within(form).findByText(/Write the command that says the task is done/)).toBeTruthy();
    expect((within(form).getByLabelText(/^Task/) as HTMLTextAreaElement).value).toBe("Fix it");
    expect(loadDraft("ses_1")).toBe("Fix it");
    expect(screen.queryByRole("region", { name: "Goal in progress" })).toBeNull();
  });

  it("follows the goal's events: checking, then passed with the last check's output, then a new goal offered", async () => {
    const panel = await show([goal()]);
    publishGoals(answer([goal({ status: "checking", checksRun: 1 })]));
    expect(await within(panel).findByText("Running the check…")).toBeTruthy();
    const check = { startedAt: 0, endedAt: 2100, exitCode: 0, timedOut: false, output: "12 passed", problem: null };
    publishGoals(answer([goal({ status: "passed", turns: 1, checksRun: 2, lastCheck: check, endedAt: 9 })]));
    expect(await within(panel).findByText("Passed after 1 more turn")).toBeTruthy();
    expect(within(panel).getByText("Last check: passed, 2.1 s")).toBeTruthy();
    expect(within(panel).getByText("12 passed")).toBeTruthy();
    // Ended: nothing above the box, no Pause, and a new goal starts from this one's settings.
    expect(screen.queryByRole("region", { name: "Goal in progress" })).toBeNull();
    expect(within(panel).queryByRole("button", { name: "Pause" })).toBeNull();
    fireEvent.click(within(panel).getByRole("button", { name: "Start a new goal…" }));
    expect((screen.getByLabelText(/^Done when this passes/) as HTMLInputElement).value).toBe("npm test");
    expect((screen.getByLabelText(/^Task/) as HTMLTextAreaElement).value).toBe("Fix the adder");
  });

  it("pauses and resumes from the panel or the line above the box, and ends the goal", async () => {
    const panel = await show([goal({ turns: 2 })]);
    expect(await within(panel).findByText(/2 of 10 more turns used/)).toBeTruthy();
    const note = "Paused. Resume runs the check, then goes on while it fails.";
    calls.pauseGoal.mockResolvedValue(goal({ status: "paused", note }));
    fireEvent.click(
      within(screen.getByRole("region", { name: "Goal in progress" })).getByRole("button", { name: "Pause goal" }),
    );
    expect(await within(panel).findByText(note)).toBeTruthy();
    expect(calls.pauseGoal).toHaveBeenCalledWith("ses_1");
    calls.resumeGoal.mockResolvedValue(goal({ status: "checking" }));
    fireEvent.click(within(panel).getByRole("button", { name: "Resume" }));
    expect(await within(panel).findByText("Running the check…")).toBeTruthy();
    calls.endGoal.mockResolvedValue(answer([]));
    fireEvent.click(within(panel).getByRole("button", { name: "End the goal" }));
    expect(await within(panel).findByRole("button", { name: "Work until a check passes…" })).toBeTruthy();
    expect(screen.queryByRole("region", { name: "Goal in progress" })).toBeNull();
  });

  it("offers no start while OpenCode is not running", async () => {
    const panel = await show([], false);
    expect(
      (within(panel).getByRole("button", { name: "Work until a check passes…" }) as HTMLButtonElement).disabled,
    ).toBe(true);
  });

  it("shows a goals event that came before an action's answer, not the older answer over it", async () => {
    const panel = await show([
      goal({ status: "paused", note: "Paused. Resume runs the check, then goes on while it fails." }),
    ]);
    let answerResume: (goal: Goal) => void = () => undefined;
    calls.resumeGoal.mockReturnValue(new Promise<Goal>((resolve) => (answerResume = resolve)));
    fireEvent.click(await within(panel).findByRole("button", { name: "Resume" }));
    // The check could not run (the folder is no longer trusted): the event says paused again at once.
    const again = "The check could not run: This folder's OpenCode config changed. Resume tries again.";
    publishGoals(answer([goal({ status: "paused", note: again, checksRun: 1 })]));
    answerResume(goal({ status: "checking", checksRun: 1 }));
    await waitFor(() => expect(calls.resumeGoal).toHaveBeenCalled());
    expect(await within(panel).findByText(again)).toBeTruthy();
    await waitFor(() =>
      expect((within(panel).getByRole("button", { name: "Resume" }) as HTMLButtonElement).disabled).toBe(false),
    );
    expect(within(panel).queryByText("Running the check…")).toBeNull();
  });
});

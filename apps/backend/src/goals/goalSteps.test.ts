// The goal's loop as a table: what each happening does to a goal in each state, and the work it
// starts. The keeper only carries these out, so here is where the loop's rules are proven.
import type { Goal, GoalCheck } from "@turnkey/contracts";
import { goalsSettled, pausedByUser, stoppedByUser } from "@turnkey/contracts";
import { describe, expect, it } from "vitest";
import { firstPrompt, goalStep, nextTurnPrompt, restartedNote } from "./goalSteps.ts";

const goal = (change: Partial<Goal> = {}): Goal => ({
  objective: "Fix the adder",
  check: "npm test",
  maxTurns: 2,
  checkMinutes: 10,
  model: null,
  agent: null,
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
  ...change,
});

const check = (change: Partial<GoalCheck> = {}): GoalCheck => ({
  startedAt: 10,
  endedAt: 20,
  exitCode: 1,
  timedOut: false,
  output: "1 failed",
  problem: null,
  ...change,
});

describe("goalStep", () => {
  it("runs the check when the reply ends, then sends the output back while turns are left", () => {
    const ended = goalStep(goal(), { type: "replyEnded" }, 5);
    expect(ended.goal).toMatchObject({ status: "checking", checksRun: 1 });
    expect(ended.work).toEqual([{ type: "runCheck", serial: 1 }]);
    const failed = goalStep(ended.goal, { type: "checkEnded", serial: 1, check: check() }, 30);
    expect(failed.goal).toMatchObject({ status: "working", turns: 1, lastCheck: check() });
    expect(failed.work).toEqual([{ type: "send", prompt: nextTurnPrompt(ended.goal, check()) }]);
  });

  it("passes on exit code 0, and gives up when the turns are spent", () => {
    const checking = goal({ status: "checking", checksRun: 3, turns: 2 });
    expect(goalStep(checking, { type: "checkEnded", serial: 3, check: check({ exitCode: 0 }) }, 40).goal).toMatchObject(
      {
        status: "passed",
        endedAt: 40,
      },
    );
    const spent = goalStep(checking, { type: "checkEnded", serial: 3, check: check({ exitCode: 2 }) }, 40);
    expect(spent.goal).toMatchObject({ status: "gaveUp", endedAt: 40, turns: 2 });
    expect(spent.goal.note).toBe(
      "`npm test` failed (exit code 2) after 2 more turns, so the goal stopped. Read the chat, then start the goal again to go on.",
    );
    expect(spent.work).toEqual([]);
  });

  it("counts a check stopped at its time limit as failed, and one that could not run as a pause", () => {
    const checking = goal({ status: "checking", checksRun: 1 });
    const late = goalStep(
      checking,
      { type: "checkEnded", serial: 1, check: check({ exitCode: null, timedOut: true }) },
      9,
    );
    expect(late.goal.status).toBe("working");
    expect(late.work[0]).toMatchObject({ prompt: expect.stringMatching(/^`npm test` did not finish within 10 min/) });
    const problem = check({ exitCode: null, problem: "The folder is not trusted." });
    const cannot = goalStep(checking, { type: "checkEnded", serial: 1, check: problem }, 9);
    expect(cannot.goal).toMatchObject({
      status: "paused",
      note: "The check could not run: The folder is not trusted. Resume tries again.",
    });
  });

  it("ignores a check that is not the latest, and one that ends after the goal left checking", () => {
    const checking = goal({ status: "checking", checksRun: 2 });
    expect(goalStep(checking, { type: "checkEnded", serial: 1, check: check({ exitCode: 0 }) }, 9).goal).toBe(checking);
    const paused = goal({ status: "paused", checksRun: 2 });
    expect(goalStep(paused, { type: "checkEnded", serial: 2, check: check({ exitCode: 0 }) }, 9).goal).toBe(paused);
  });

  it("a reply the user starts during the check cancels it; the check runs again after that reply", () => {
    const step = goalStep(goal({ status: "checking", checksRun: 1 }), { type: "replyStarted" }, 9);
    expect(step).toEqual({ goal: expect.objectContaining({ status: "working" }), work: [{ type: "cancelCheck" }] });
    expect(goalStep(step.goal, { type: "replyEnded" }, 10).work).toEqual([{ type: "runCheck", serial: 2 }]);
  });

  it("pauses on a stopped or failed reply, and on a turn OpenCode did not take", () => {
    expect(goalStep(goal(), { type: "replyFailed", message: "x", stoppedByUser: true }, 9).goal).toMatchObject({
      status: "paused",
      note: stoppedByUser,
    });
    expect(goalStep(goal(), { type: "replyFailed", message: "Rate limited.", stoppedByUser: false }, 9).goal.note).toBe(
      "The reply failed: Rate limited. Resume tries again: the check runs first.",
    );
    expect(goalStep(goal(), { type: "sendFailed", message: "OpenCode is stopped." }, 9).goal.note).toBe(
      "OpenCode is stopped. Resume tries again: the check runs first.",
    );
  });

  it("Pause stops the reply or the check; Resume checks first, or waits for a reply going on", () => {
    expect(goalStep(goal(), { type: "pause" }, 9)).toEqual({
      goal: expect.objectContaining({ status: "paused", note: pausedByUser }),
      work: [{ type: "stopReply" }],
    });
    expect(goalStep(goal({ status: "checking" }), { type: "pause" }, 9).work).toEqual([{ type: "cancelCheck" }]);
    const paused = goal({ status: "paused", note: pausedByUser, checksRun: 4 });
    expect(goalStep(paused, { type: "resume", replying: false }, 9)).toEqual({
      goal: expect.objectContaining({ status: "checking", checksRun: 5, note: null }),
      work: [{ type: "runCheck", serial: 5 }],
    });
    expect(goalStep(paused, { type: "resume", replying: true }, 9)).toEqual({
      goal: expect.objectContaining({ status: "working", note: null }),
      work: [],
    });
    // Paused, the user chats as usual: their replies do not move the goal.
    expect(goalStep(paused, { type: "replyEnded" }, 9).goal).toBe(paused);
  });

  it("an ended goal does nothing; one going when the app closed is paused at the next start", () => {
    const passed = goal({ status: "passed", endedAt: 5 });
    for (const event of [{ type: "resume", replying: false }, { type: "replyEnded" }, { type: "restarted" }] as const)
      expect(goalStep(passed, event, 9)).toEqual({ goal: passed, work: [] });
    expect(goalStep(goal({ status: "checking" }), { type: "restarted" }, 9).goal).toMatchObject({
      status: "paused",
      note: restartedNote,
    });
  });

  it("writes the prompts: the task with what happens next, and a failed check's output fenced safely", () => {
    expect(firstPrompt(goal(), "linux")).toBe(
      "Fix the adder\n\n(This chat has a goal: when you stop, `npm test` runs in the project folder by /bin/sh, and while it fails you are asked to go on. Run it yourself to see where you are.)",
    );
    expect(firstPrompt(goal(), "win32")).toContain("runs in the project folder by cmd.exe,");
    const fenced = nextTurnPrompt(goal(), check({ output: "got ```js\nfoo``` and ````" }));
    expect(fenced).toContain("Its output ends with:\n\n`````\ngot ```js\nfoo``` and ````\n`````");
    expect(nextTurnPrompt(goal(), check({ output: "" }))).toMatch(/failed \(exit code 1\)\. It wrote nothing\./);
  });
});

describe("goalsSettled", () => {
  it("tells of goals that passed, gave up or paused by themselves, not of the user's Pause", () => {
    const going = {
      goals: [
        goal({ sessionID: "a" }),
        goal({ sessionID: "b" }),
        goal({ sessionID: "c", status: "checking" }),
        goal({ sessionID: "d" }),
      ],
    };
    const after = {
      goals: [
        goal({ sessionID: "a", status: "passed" }),
        goal({ sessionID: "b", status: "paused", note: pausedByUser }),
        goal({ sessionID: "c", status: "paused", note: "The check could not run: gone." }),
        goal({ sessionID: "d", status: "paused", note: stoppedByUser }),
      ],
    };
    expect(goalsSettled(going, after).map((g) => g.sessionID)).toEqual(["a", "c"]);
    expect(goalsSettled(null, after)).toEqual([]);
    expect(goalsSettled(after, after)).toEqual([]);
  });
});

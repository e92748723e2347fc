// Goals through the backend with the real opencode: the task goes as a prompt, the check runs in
// the project folder when the reply ends, a failing check's output goes back as the next turn, and
// the goal passes when the check does; one that keeps failing stops at its turns; Pause and Resume;
// bad input and a second goal in the same chat change nothing.
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { TurnkeyApiError } from "@turnkey/client";
import type { Goal, GoalSettings } from "@turnkey/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { collectEvents, type EventCollector } from "./eventCollector.ts";
import { type RealBackend, startRealBackend } from "./realBackend.ts";

const waitMs = 120_000;

let real: RealBackend;
let events: EventCollector;
let folder: string;

beforeAll(async () => {
  real = await startRealBackend({
    name: "goals",
    backend: { uiDir: null },
    prepare: (root) => {
      folder = join(root, "project");
      mkdirSync(folder);
      return { workdir: folder };
    },
  });
  await real.client.start();
  events = await collectEvents(real.backend);
}, waitMs);
afterAll(async () => {
  events?.close();
  await real?.close();
});

const settings = (change: Partial<GoalSettings> = {}): GoalSettings => ({
  objective: "make the tests pass",
  check: "echo checked",
  maxTurns: 3,
  checkMinutes: 1,
  model: null,
  agent: null,
  ...change,
});

/** The chat's goal as the `goals` event last told every window, once `done` holds for it. */
async function goalWhen(sessionID: string, what: string, done: (goal: Goal) => boolean): Promise<Goal> {
  const latest = () =>
    events.events.flatMap((e) => (e.event === "goals" ? e.data.goals : [])).findLast((g) => g.sessionID === sessionID);
  await events.until(
    () => {
      const goal = latest();
      return goal !== undefined && done(goal);
    },
    what,
    waitMs,
  );
  return latest() as Goal;
}

const refusal = (call: Promise<unknown>) =>
  call.then(
    () => "answered",
    (error: unknown) =>
      error instanceof TurnkeyApiError ? `${error.httpStatus} ${error.code}: ${error.message}` : String(error),
  );

const userTexts = async (sessionID: string) =>
  (await real.client.messages(sessionID))
    .filter((m) => m.role === "user")
    .map((m) => m.parts.map((p) => (p.type === "text" ? p.text : "")).join(""));

describe("goals (real opencode)", () => {
  it(
    "sends the task, runs the check when the reply ends, sends a failed check's output back, and passes",
    async () => {
      // No goal yet: nothing of the keeper was loaded or written at start.
      expect(await real.client.goals()).toEqual({ goals: [] });
      expect(existsSync(join(real.dataDir, "goals.json"))).toBe(false);
      const { id } = (await real.client.createSession()).session;
      // Fails the first time (and leaves a mark), passes the second: one more turn.
      const check =
        'if [ -f goal-mark ]; then echo "all 12 tests passed"; else touch goal-mark; echo "1 of 12 tests failed: adds"; exit 1; fi';
      const started = await real.client.startGoal(id, settings({ check }));
      expect(started).toMatchObject({ sessionID: id, status: "working", turns: 0, folder });

      const passed = await goalWhen(id, "the goal to pass", (g) => g.status === "passed");
      expect(passed).toMatchObject({ turns: 1, checksRun: 2, note: null });
      expect(passed.lastCheck).toMatchObject({ exitCode: 0, timedOut: false, output: "all 12 tests passed" });
      expect(passed.endedAt).toBeGreaterThanOrEqual(started.startedAt);

      const [first, second, ...more] = await userTexts(id);
      expect(first).toMatch(/^make the tests pass\n\n\(This chat has a goal: when you stop, `if \[ -f goal-mark \]/);
      expect(second).toContain("failed (exit code 1). Its output ends with:");
      expect(second).toContain("1 of 12 tests failed: adds");
      expect(second).toMatch(/Keep working until `.*` passes\. The task:\n\nmake the tests pass$/);
      expect(more).toEqual([]);
      // The check ran in the chat's project folder, and the goal is kept in the data folder.
      expect(existsSync(join(folder, "goal-mark"))).toBe(true);
      const kept = JSON.parse(readFileSync(join(real.dataDir, "goals.json"), "utf8"));
      expect(kept.goals).toEqual([expect.objectContaining({ sessionID: id, status: "passed" })]);
    },
    waitMs,
  );

  it(
    "stops when the check still fails after its turns, and says so",
    async () => {
      const { id } = (await real.client.createSession()).session;
      await real.client.startGoal(id, settings({ check: "echo still red; exit 3", maxTurns: 1 }));
      const gaveUp = await goalWhen(id, "the goal to give up", (g) => g.status === "gaveUp");
      expect(gaveUp).toMatchObject({ turns: 1, checksRun: 2 });
      expect(gaveUp.lastCheck).toMatchObject({ exitCode: 3, output: "still red" });
      expect(gaveUp.note).toMatch(/failed \(exit code 3\) after 1 more turn, so the goal stopped/);
      expect(await userTexts(id)).toHaveLength(2);
      // An ended goal takes no Pause, and a new one may take its chat.
      expect(await refusal(real.client.pauseGoal(id))).toMatch(/^409 goal_ended: This goal has ended/);
    },
    waitMs,
  );

  it(
    "refuses bad input and a second goal in the same chat, changing nothing",
    async () => {
      const { id } = (await real.client.createSession()).session;
      const before = await real.client.goals();
      expect(await refusal(real.client.startGoal(id, settings({ check: "npm test\nrm -rf /" })))).toMatch(
        /^400 invalid_request: .*one line/,
      );
      expect(await refusal(real.client.startGoal(id, settings({ maxTurns: 0 })))).toMatch(
        /^400 .*at least one more turn/,
      );
      expect(await refusal(real.client.startGoal(id, settings({ objective: "  " })))).toMatch(/^400 .*Write the task/);
      expect(await refusal(real.client.pauseGoal(id))).toMatch(/^404 goal_not_found/);
      expect(await real.client.goals()).toEqual(before);

      // A reply that waits for ever ([slow] is 4 s of deltas): the first goal is still working.
      await real.client.startGoal(id, settings({ objective: "[slow] take your time", check: "exit 1" }));
      expect(await refusal(real.client.startGoal(id, settings()))).toMatch(
        /^409 goal_exists: This chat already has a goal/,
      );
      const paused = await real.client.pauseGoal(id);
      expect(paused).toMatchObject({ status: "paused", note: expect.stringMatching(/^Paused\./) });
      // Pause stopped the reply ([slow] alone would run 4 s to its 40th tick), and its end moved
      // nothing: still paused, no check run, no turn sent.
      const statuses = (all: typeof events.events) =>
        all.flatMap((e) =>
          e.event === "chat" && e.data.type === "session.status" && e.data.sessionID === id ? [e.data.status] : [],
        );
      await events.until(
        (all) => statuses(all).lastIndexOf("idle") > statuses(all).indexOf("busy"),
        "the reply's end",
        waitMs,
      );
      const reply = (await real.client.messages(id)).at(-1);
      expect(reply?.error?.name).toBe("MessageAbortedError");
      expect(reply?.text).not.toContain("tick 39");
      expect((await real.client.goals()).goals.find((g) => g.sessionID === id)).toMatchObject({
        status: "paused",
        checksRun: 0,
      });
      expect(await userTexts(id)).toHaveLength(1);
      await real.client.endGoal(id);
      expect((await real.client.goals()).goals.some((g) => g.sessionID === id)).toBe(false);
    },
    waitMs,
  );
});

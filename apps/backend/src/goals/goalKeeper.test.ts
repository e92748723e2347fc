// The goal keeper with a fake OpenCode, a fake check and an injected clock: a refused first prompt
// leaves no goal; a goal going when the app closed is paused, and Resume checks first; a turn
// OpenCode does not take, or a reply that never ends, pauses the goal with why; a reply the user
// starts during the check cancels it; ending a goal stops its check. Nothing is left waiting.
import { type ChatEvent, type Goal, type GoalCheck, type GoalSettings, stoppedByUser } from "@turnkey/contracts";
import { describe, expect, it } from "vitest";
import { FakeClock } from "../../test/fakeClock.ts";
import type { CheckRun } from "./goalCheck.ts";
import { GoalKeeper } from "./goalKeeper.ts";

const settings: GoalSettings = {
  objective: "Fix the adder",
  check: "npm test",
  maxTurns: 3,
  checkMinutes: 5,
  model: null,
  agent: null,
};

class World {
  readonly clock = new FakeClock(1_000);
  saved: Goal[][] = [];
  stored: Goal[] = [];
  failSave = false;
  /** Rejects the next sends with this message. */
  refuse: string | null = null;
  /** While set, a send waits until the test calls it (OpenCode slow to take the prompt). */
  held: (() => void) | null = null;
  holdSends = false;
  sends: string[] = [];
  stops: string[] = [];
  checks: { run: CheckRun; end: (check: Partial<GoalCheck>) => void }[] = [];
  readonly listeners = new Map<string, (event: ChatEvent) => void>();
  readonly log: string[] = [];

  keeper(): GoalKeeper {
    return new GoalKeeper({
      store: {
        load: () => ({ items: this.stored, problem: null }),
        save: (goals) => {
          if (this.failSave) throw new Error("disk full");
          this.saved.push(goals);
        },
      },
      now: () => this.clock.nowMs,
      setTimer: this.clock.setTimer,
      target: {
        send: async (_sessionID, prompt) => {
          if (this.holdSends) await new Promise<void>((resolve) => (this.held = resolve));
          if (this.refuse) throw new Error(this.refuse);
          this.sends.push(prompt);
        },
        onSessionEvent: (sessionID, listener) => {
          this.listeners.set(sessionID, listener);
          return () => this.listeners.delete(sessionID);
        },
      },
      stopReply: async (sessionID) => {
        this.stops.push(sessionID);
      },
      runCheck: (run) =>
        new Promise((resolve) => {
          this.checks.push({
            run,
            end: (check) =>
              resolve({ startedAt: 0, endedAt: 0, exitCode: 1, timedOut: false, output: "", problem: null, ...check }),
          });
        }),
      placeOf: async () => ({ folder: "/work/app", projectId: "p1" }),
      log: (line) => this.log.push(line),
      limits: { callMs: 60_000, replyMs: 3_600_000 },
    });
  }

  status(sessionID: string, status: "busy" | "idle") {
    this.listeners.get(sessionID)?.({ type: "session.status", sessionID, status, attempt: null, message: null });
  }

  reply(sessionID: string) {
    this.status(sessionID, "busy");
    this.status(sessionID, "idle");
  }
}

/** Lets the keeper's promise callbacks (a check's end, a send's answer) run. */
const settle = () => new Promise((resolve) => setImmediate(resolve));

describe("GoalKeeper", () => {
  it("keeps no goal when OpenCode refuses the first prompt, and answers with its error", async () => {
    const world = new World();
    const keeper = world.keeper();
    world.refuse = "This folder's OpenCode config is not trusted.";
    await expect(keeper.start("ses_1", settings)).rejects.toThrow("not trusted");
    expect(keeper.list()).toEqual({ goals: [] });
    expect(world.saved.at(-1)).toEqual([]);
    expect(world.listeners.size).toBe(0);
  });

  it("answers 500 and sends nothing when the goal cannot be saved", async () => {
    const world = new World();
    const keeper = world.keeper();
    world.failSave = true;
    await expect(keeper.start("ses_1", settings)).rejects.toMatchObject({ httpStatus: 500, code: "internal_error" });
    expect(world.sends).toEqual([]);
    expect(keeper.list()).toEqual({ goals: [] });
  });

  it("pauses a goal that was going when the app closed; Resume runs the check first", async () => {
    const world = new World();
    const first = world.keeper();
    await first.start("ses_1", settings);
    world.reply("ses_1");
    await settle();
    expect(first.list().goals[0]?.status).toBe("checking");
    first.close();
    expect(world.checks[0]?.run.signal.aborted).toBe(true);

    world.stored = world.saved.at(-1) ?? [];
    const again = world.keeper();
    expect(again.list().goals[0]).toMatchObject({ status: "paused", note: expect.stringMatching(/^The app closed/) });
    again.resume("ses_1");
    await settle();
    expect(world.checks).toHaveLength(2);
    world.checks[1]?.end({ exitCode: 0 });
    await settle();
    expect(again.list().goals[0]).toMatchObject({ status: "passed", checksRun: 2 });
  });

  it("pauses with why when OpenCode does not take a turn, or a reply never ends", async () => {
    const world = new World();
    const keeper = world.keeper();
    await keeper.start("ses_1", settings);
    world.reply("ses_1");
    await settle();
    world.refuse = "OpenCode is not running.";
    world.checks[0]?.end({ exitCode: 1, output: "1 failed" });
    await settle();
    await settle();
    expect(keeper.list().goals[0]).toMatchObject({
      status: "paused",
      turns: 1,
      note: "OpenCode did not take the next turn: OpenCode is not running. Resume tries again: the check runs first.",
    });

    world.refuse = null;
    keeper.resume("ses_1");
    await settle();
    world.checks[1]?.end({ exitCode: 1 });
    await settle();
    expect(world.sends).toHaveLength(2);
    world.status("ses_1", "busy");
    world.clock.advance(3_600_000);
    expect(keeper.list().goals[0]).toMatchObject({
      status: "paused",
      note: "The reply failed: it had not ended after 1 h, so the goal stopped waiting for it. Resume tries again: the check runs first.",
    });
  });

  it("cancels the check when the user starts a reply, and checks again after it", async () => {
    const world = new World();
    const keeper = world.keeper();
    await keeper.start("ses_1", settings);
    world.reply("ses_1");
    await settle();
    world.status("ses_1", "busy");
    expect(world.checks[0]?.run.signal.aborted).toBe(true);
    expect(keeper.list().goals[0]?.status).toBe("working");
    // The cancelled check's late answer changes nothing.
    world.checks[0]?.end({ exitCode: 0 });
    await settle();
    expect(keeper.list().goals[0]?.status).toBe("working");
    world.status("ses_1", "idle");
    await settle();
    expect(world.checks).toHaveLength(2);
  });

  it("ends a goal: its check stops, its chat is no longer followed, and a second start is allowed", async () => {
    const world = new World();
    const keeper = world.keeper();
    await keeper.start("ses_1", settings);
    await expect(keeper.start("ses_1", settings)).rejects.toMatchObject({ httpStatus: 409, code: "goal_exists" });
    world.reply("ses_1");
    await settle();
    keeper.remove("ses_1");
    expect(world.checks[0]?.run.signal.aborted).toBe(true);
    expect(world.listeners.size).toBe(0);
    expect(keeper.list()).toEqual({ goals: [] });
    await keeper.start("ses_1", settings);
    expect(world.sends).toHaveLength(2);
  });

  it("sends the task once when two starts come at once (two windows, a retry)", async () => {
    const world = new World();
    const keeper = world.keeper();
    const [first, second] = await Promise.allSettled([
      keeper.start("ses_1", settings),
      keeper.start("ses_1", settings),
    ]);
    expect(first.status).toBe("fulfilled");
    expect(second).toMatchObject({ status: "rejected", reason: { code: "goal_exists" } });
    expect(world.sends).toHaveLength(1);
  });

  it("waits for the user's own reply with the same deadline, so a lost end cannot leave it working", async () => {
    const world = new World();
    const keeper = world.keeper();
    await keeper.start("ses_1", settings);
    world.reply("ses_1");
    await settle();
    world.status("ses_1", "busy"); // the user's message, during the check; its end never arrives
    expect(keeper.list().goals[0]?.status).toBe("working");
    world.clock.advance(3_600_000);
    expect(keeper.list().goals[0]).toMatchObject({
      status: "paused",
      note: expect.stringMatching(/had not ended after 1 h/),
    });
  });

  it("stops a turn OpenCode took after the goal was paused", async () => {
    const world = new World();
    const keeper = world.keeper();
    await keeper.start("ses_1", settings);
    world.reply("ses_1");
    await settle();
    world.holdSends = true;
    world.checks[0]?.end({ exitCode: 1 });
    await settle();
    keeper.pause("ses_1");
    expect(world.stops).toEqual(["ses_1"]); // nothing to stop yet: the turn is still on its way
    world.held?.();
    await settle();
    expect(world.sends).toHaveLength(2);
    expect(world.stops).toEqual(["ses_1", "ses_1"]);
    expect(keeper.list().goals[0]?.status).toBe("paused");
  });

  it("answers a start whose goal was ended while its task was sent as ended, not as a goal", async () => {
    const world = new World();
    const keeper = world.keeper();
    world.holdSends = true;
    const starting = keeper.start("ses_1", settings);
    await settle();
    keeper.remove("ses_1");
    world.held?.();
    await expect(starting).rejects.toMatchObject({ httpStatus: 409, code: "goal_ended" });
    expect(keeper.list()).toEqual({ goals: [] });
  });

  it("stops the reply again when it starts after the Pause's stop (a stop before OpenCode's loop stops nothing)", async () => {
    const world = new World();
    const keeper = world.keeper();
    await keeper.start("ses_1", settings);
    keeper.pause("ses_1");
    await settle();
    expect(world.stops).toEqual(["ses_1"]);
    world.status("ses_1", "busy"); // the turn's reply starts after all
    await settle();
    expect(world.stops).toEqual(["ses_1", "ses_1"]);
    world.status("ses_1", "idle");
    world.status("ses_1", "busy"); // the user's own message, later: theirs to run
    await settle();
    expect(world.stops).toHaveLength(2);
    expect(keeper.list().goals[0]?.status).toBe("paused");
  });

  it("pauses when the user stops the reply in the chat (an aborted message, with no session error)", async () => {
    const world = new World();
    const keeper = world.keeper();
    await keeper.start("ses_1", settings);
    world.status("ses_1", "busy");
    const message = { role: "assistant", error: { name: "MessageAbortedError", message: "Aborted" } };
    world.listeners.get("ses_1")?.({ type: "message.updated", sessionID: "ses_1", message } as unknown as ChatEvent);
    world.status("ses_1", "idle");
    await settle();
    expect(keeper.list().goals[0]).toMatchObject({ status: "paused", note: stoppedByUser, checksRun: 0 });
    expect(world.checks).toHaveLength(0);
  });
});

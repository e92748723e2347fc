import { EventEmitter } from "node:events";
import { describe, expect, it } from "vitest";
import {
  firstCheckDelayMs,
  initialUpdateState,
  nextCheckInMs,
  reduceUpdate,
  restartToUpdateLabel,
  retryAfterErrorMs,
  UpdateController,
  type Updater,
  type UpdateState,
  updateCheckIntervalMs,
  updatesEnabled,
} from "./updater.ts";

const day = updateCheckIntervalMs;

describe("update decisions", () => {
  it("checks a few minutes after launch, then once a day, and sooner after a failed check", () => {
    expect(nextCheckInMs(initialUpdateState, 0)).toBe(firstCheckDelayMs);
    const checked: UpdateState = { ...initialUpdateState, lastCheckAt: 1_000 };
    expect(nextCheckInMs(checked, 1_000 + 3_600_000)).toBe(day - 3_600_000);
    expect(nextCheckInMs(checked, 1_000 + 2 * day)).toBe(0);
    expect(nextCheckInMs({ ...checked, phase: "error", error: "offline" }, 1_000)).toBe(retryAfterErrorMs);
  });

  it("offers Restart to update only once the update is downloaded, and keeps offering it", () => {
    let state = reduceUpdate(initialUpdateState, { type: "checking", at: 1 });
    state = reduceUpdate(state, { type: "available", version: "1.2.0" });
    expect(restartToUpdateLabel(state)).toBeNull();
    state = reduceUpdate(state, { type: "downloaded", version: "1.2.0" });
    expect(restartToUpdateLabel(state)).toBe("Restart to update (1.2.0)");
    // A later check that fails, or finds nothing newer, does not take the offer away.
    for (const event of [
      { type: "checking", at: 2 },
      { type: "error", message: "offline" },
      { type: "not-available" },
    ] as const) {
      state = reduceUpdate(state, event);
      expect(restartToUpdateLabel(state)).toBe("Restart to update (1.2.0)");
    }
  });

  it("runs only in a packaged app, and can be switched off", () => {
    expect(updatesEnabled(false, {})).toBe(false);
    expect(updatesEnabled(true, {})).toBe(true);
    expect(updatesEnabled(true, { TURNKEY_DISABLE_UPDATES: "1" })).toBe(false);
  });
});

class FakeUpdater extends EventEmitter implements Updater {
  autoDownload = false;
  autoInstallOnAppQuit = true;
  checks = 0;
  installs: [boolean | undefined, boolean | undefined][] = [];
  next: (() => void) | null = null;
  async checkForUpdates() {
    this.checks++;
    this.next?.();
    return null;
  }
  quitAndInstall(isSilent?: boolean, isForceRunAfter?: boolean) {
    this.installs.push([isSilent, isForceRunAfter]);
  }
}

function harness() {
  const updater = new FakeUpdater();
  const clock = { now: 0 };
  const timers: { at: number; fn: () => void }[] = [];
  const controller = new UpdateController({
    updater,
    now: () => clock.now,
    setTimer: (fn, ms) => {
      const timer = { at: clock.now + ms, fn };
      timers.push(timer);
      return timer;
    },
    clearTimer: (handle) => timers.splice(timers.indexOf(handle as (typeof timers)[0]), 1),
  });
  /** Runs the next timer, moving the clock to it. */
  const tick = async () => {
    timers.sort((a, b) => a.at - b.at);
    const timer = timers.shift()!;
    clock.now = timer.at;
    timer.fn();
    await new Promise((resolve) => setImmediate(resolve));
  };
  return { updater, controller, clock, timers, tick };
}

describe("UpdateController", () => {
  it("downloads in the background, never installs by itself, and installs silently when asked", async () => {
    const { updater, controller, tick, timers } = harness();
    expect(updater.autoDownload).toBe(true);
    expect(updater.autoInstallOnAppQuit).toBe(false);
    controller.start();
    expect(timers[0]!.at).toBe(firstCheckDelayMs);
    updater.next = () => {
      updater.emit("update-available", { version: "1.2.0" });
      updater.emit("update-downloaded", { version: "1.2.0" });
    };
    await tick();
    expect(updater.checks).toBe(1);
    expect(controller.state.phase).toBe("ready");
    expect(updater.installs).toEqual([]);
    expect(controller.install(true)).toBe(true);
    expect(updater.installs).toEqual([[true, true]]);
  });

  it("checks again a day later when nothing was found, and after an hour when the check failed", async () => {
    const { updater, controller, tick, timers, clock } = harness();
    controller.start();
    await tick(); // nothing found (no event at all)
    expect(controller.state.phase).toBe("idle");
    expect(timers.map((t) => t.at - clock.now)).toEqual([day]);
    updater.next = () => updater.emit("error", new Error("getaddrinfo ENOTFOUND"));
    await tick();
    expect(controller.state).toMatchObject({ phase: "error", error: "getaddrinfo ENOTFOUND" });
    expect(timers.map((t) => t.at - clock.now)).toEqual([retryAfterErrorMs]);
    expect(controller.install(true)).toBe(false);
    controller.stop();
    expect(timers).toEqual([]);
  });
});

// The scheduler is loaded only when there are tasks, a load that failed is tried again rather than
// answering 500 until a restart, and a run waits out a restart of OpenCode (stopping, then starting).
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { SchedulesResponse, SidecarStatus } from "@turnkey/contracts";
import type { SidecarSupervisor } from "@turnkey/sidecar";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { LazyFeature } from "../lazyFeature.ts";
import type { Scheduler } from "./scheduler.ts";
import { whenLive } from "./scheduleTarget.ts";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "schedules load-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const fakeScheduler = { list: () => ({ tasks: [], fileProblem: null }), onChange: () => () => undefined, close() {} };

const held = (file: string, load: () => Promise<Scheduler>) =>
  new LazyFeature<Scheduler, SchedulesResponse>(file, load, { tasks: [], fileProblem: null }, () => undefined, "Tasks");

describe("the scheduled tasks, loaded lazily", () => {
  it("loads nothing while there is no tasks' file, and at start once there is", async () => {
    const file = join(dir, "schedules.json");
    const load = vi.fn(async () => fakeScheduler as unknown as Scheduler);
    const none = held(file, load);
    none.start();
    expect(await none.list()).toEqual({ tasks: [], fileProblem: null });
    expect(load).not.toHaveBeenCalled();
    writeFileSync(file, "{}");
    held(file, load).start();
    expect(load).toHaveBeenCalledTimes(1);
  });

  it("tries a failed load again at the next call", async () => {
    const load = vi
      .fn<() => Promise<Scheduler>>()
      .mockRejectedValueOnce(new Error("disk gone"))
      .mockResolvedValue(fakeScheduler as unknown as Scheduler);
    const schedules = held(join(dir, "schedules.json"), load);
    await expect(schedules.get()).rejects.toThrow("disk gone");
    await expect(schedules.get()).resolves.toBe(fakeScheduler);
    expect(load).toHaveBeenCalledTimes(2);
  });
});

function fakeSupervisor(state: SidecarStatus["state"]) {
  const listeners = new Set<(status: SidecarStatus) => void>();
  let current = { state, error: null } as unknown as SidecarStatus;
  return {
    supervisor: {
      status: () => current,
      onStatus: (listener: (status: SidecarStatus) => void) => {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
    } as unknown as SidecarSupervisor,
    become(next: SidecarStatus["state"]) {
      current = { state: next, error: null } as unknown as SidecarStatus;
      for (const listener of listeners) listener(current);
    },
  };
}

describe("whenLive", () => {
  it("waits out a restart (stopping, then starting) and answers once OpenCode runs", async () => {
    const fake = fakeSupervisor("stopping");
    const answer = whenLive(fake.supervisor, 60_000);
    fake.become("starting");
    fake.become("running");
    await expect(answer).resolves.toBeNull();
  });

  it("says what to do when OpenCode is stopped, or a stop ends in stopped", async () => {
    await expect(whenLive(fakeSupervisor("stopped").supervisor, 60_000)).resolves.toMatch(
      /OpenCode was not running \(stopped\)\. Start it from the tray/,
    );
    const fake = fakeSupervisor("stopping");
    const answer = whenLive(fake.supervisor, 60_000);
    fake.become("stopped");
    await expect(answer).resolves.toMatch(/not running \(stopped\)/);
  });
});

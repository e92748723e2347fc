import { EventEmitter } from "node:events";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { type ParentChannel, watchParent } from "./parentWatch.ts";

class FakeChannel extends EventEmitter implements ParentChannel {
  connected = true;
}

describe("watchParent", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  const world = (platform: NodeJS.Platform) => {
    const w = {
      ppid: 100,
      alive: new Set([100]),
      reported: [] as number[],
      channel: new FakeChannel(),
      start: () =>
        watchParent({
          platform,
          getParentPid: () => w.ppid,
          isAlive: (pid) => w.alive.has(pid),
          channel: w.channel,
          intervalMs: 500,
          onOrphaned: (former) => w.reported.push(former),
        }),
    };
    return w;
  };

  it("stays quiet while the launcher lives", () => {
    for (const platform of ["linux", "win32"] as const) {
      const w = world(platform);
      w.start();
      vi.advanceTimersByTime(60_000);
      expect(w.reported).toEqual([]);
    }
  });

  it("on POSIX, notices the re-parenting once, even if pid 100 is reused by another process", () => {
    const w = world("linux");
    w.start();
    w.ppid = 1;
    vi.advanceTimersByTime(5_000);
    expect(w.reported).toEqual([100]);
  });

  it("on Windows, where ppid never changes, notices that the original parent is gone", () => {
    const w = world("win32");
    w.start();
    w.alive.delete(100); // the launcher died; process.ppid still says 100
    vi.advanceTimersByTime(600);
    expect(w.reported).toEqual([100]);
    vi.advanceTimersByTime(5_000);
    expect(w.reported).toEqual([100]);
  });

  it("notices the IPC channel closing at once, and only reports once", () => {
    const w = world("win32");
    w.start();
    w.channel.connected = false;
    w.channel.emit("disconnect");
    expect(w.reported).toEqual([100]);
    w.alive.delete(100);
    vi.advanceTimersByTime(5_000);
    expect(w.reported).toEqual([100]);
  });

  it("stops watching when asked", () => {
    const w = world("win32");
    const stop = w.start();
    stop();
    w.alive.delete(100);
    w.channel.emit("disconnect");
    vi.advanceTimersByTime(5_000);
    expect(w.reported).toEqual([]);
    expect(w.channel.listenerCount("disconnect")).toBe(0);
  });
});

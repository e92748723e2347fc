// When an /api/events subscriber is dropped, with the socket stood in for and the clock faked: a
// reader that takes everything gets a 13 MB burst whole and in order, one that takes nothing is
// dropped a second after it stopped, one busy for half a second is not, a frame larger than the
// in-flight window does not leave the rest waiting, and one that reads slower than the events for
// good is dropped at the queue's cap.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { SubscriberQueue, type SubscriberSink } from "./subscriberQueue.ts";

beforeEach(() => {
  // Immediates stay real (the queue flushes on them); its look a second later is on the fake clock.
  vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "Date"] });
});
afterEach(() => {
  vi.useRealTimers();
});

/** A socket stand-in: `taking` decides whether writes settle at once or wait until `take()`. */
function sink() {
  const state = {
    written: [] as string[],
    taking: true,
    closed: false,
    held: 0,
    waiting: [] as (() => void)[],
    drain: new Set<() => void>(),
  };
  const api: SubscriberSink = {
    write: (chunk) => {
      state.written.push(chunk);
      if (state.taking) return Promise.resolve();
      return new Promise<void>((resolve) => state.waiting.push(resolve));
    },
    writableLength: () => state.held,
    onDrain: (listener) => {
      state.drain.add(listener);
      return () => state.drain.delete(listener);
    },
    close: () => {
      state.closed = true;
    },
  };
  const take = () => {
    state.taking = true;
    for (const settle of state.waiting.splice(0)) settle();
  };
  return { state, api, take };
}

/** Moves the fake clock on by `ms`, then lets flushes and settled writes run (real turns, no time). */
async function run(ms = 0) {
  await vi.advanceTimersByTimeAsync(ms);
  for (let i = 0; i < 300; i++) await new Promise((resolve) => setImmediate(resolve));
}

const frame = (i: number) => `event: chat\ndata: {"n":${i},"pad":"${"x".repeat(300)}"}\n\n`;

describe("an /api/events subscriber's queue", () => {
  it("gives a reader that takes everything a 13 MB burst whole and in order", async () => {
    const { state, api } = sink();
    const queue = new SubscriberQueue(api);
    const frames = Array.from({ length: 40_000 }, (_, i) => frame(i));
    for (const f of frames) queue.push(f);
    await run(5_000);
    expect(queue.dropped).toBe(false);
    expect(state.written.join("")).toBe(frames.join(""));
  });

  it("drops a reader that takes nothing a second after its window filled, not before", async () => {
    const { state, api } = sink();
    state.taking = false;
    const queue = new SubscriberQueue(api);
    for (let i = 0; i < 8_000; i++) queue.push(frame(i)); // 2.5 MB
    await run(900);
    expect(queue.dropped).toBe(false);
    await run(200);
    expect(queue.dropped).toBe(true);
    expect(state.closed).toBe(true);
    expect(state.written.join("").length).toBeLessThanOrEqual(320 * 1024); // one window, not the burst
  });

  it("keeps a reader that stops taking for half a second, and sends it the rest", async () => {
    const { state, api, take } = sink();
    state.taking = false;
    const queue = new SubscriberQueue(api);
    const frames = Array.from({ length: 8_000 }, (_, i) => frame(i));
    for (const f of frames) queue.push(f);
    await run(500);
    take();
    for (let i = 8_000; i < 8_100; i++) {
      frames.push(frame(i));
      queue.push(frame(i));
    }
    await run(5_000);
    expect(queue.dropped).toBe(false);
    expect(state.written.join("")).toBe(frames.join(""));
  });

  it("sends what follows a frame larger than the window once the socket drained it", async () => {
    const { state, api } = sink();
    const queue = new SubscriberQueue(api);
    const big = `event: chat\ndata: "${"d".repeat(300 * 1024)}"\n\n`;
    // The response holds the big frame after taking it from the stream: no write is left to settle.
    const write = api.write;
    api.write = (chunk) => {
      if (chunk.includes("ddd")) state.held = chunk.length;
      return write(chunk);
    };
    queue.push(big);
    queue.push(frame(1));
    await run(0);
    expect(state.written.map((w) => w.length)).toEqual([big.length]);
    state.held = 0;
    for (const listener of state.drain) listener();
    await run(0);
    expect(state.written.join("")).toBe(big + frame(1));
    expect(queue.dropped).toBe(false);
  });

  it("drops a reader that takes, but slower than the events for good, at the queue's cap", async () => {
    const { state, api, take } = sink();
    state.taking = false;
    const queue = new SubscriberQueue(api, {
      maxUnsentBytes: 1024 * 1024,
      maxInFlightBytes: 256 * 1024,
      maxQueuedBytes: 4 * 1024 * 1024,
      stallMs: 1_000,
    });
    for (let round = 0; round < 30 && !queue.dropped; round++) {
      for (let i = 0; i < 1_000; i++) queue.push(frame(i)); // 0.3 MB a round, 64 KiB taken
      await run(500);
      const settle = state.waiting.shift();
      settle?.();
    }
    expect(queue.dropped).toBe(true);
    expect(state.closed).toBe(true);
    take();
  });
});

import { executionAsyncId } from "node:async_hooks";
import { describe, expect, it } from "vitest";
import { callSignal, withCallSignal } from "./callSignal.ts";

/**
 * Whether Node's promise hooks run: with them, a promise's continuation runs as an async resource
 * of its own (a non-zero id); without, as none. What a chat turn outside the deadline pays for.
 */
async function promiseHooksOn(): Promise<boolean> {
  await null;
  return executionAsyncId() !== 0;
}

/** A route's work that waits until released, then says which signal its calls would carry. */
function route() {
  let release: () => void = () => undefined;
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  const seen = async () => {
    await released;
    await null;
    return callSignal();
  };
  return { release: () => release(), seen };
}

describe("the call signal", () => {
  it("follows each request's own work, overlapping ones included, and costs nothing once none is left", async () => {
    expect(await promiseHooksOn()).toBe(false);
    const first = new AbortController();
    const second = new AbortController();
    const a = route();
    const b = route();
    const doneA = withCallSignal(first.signal, a.seen);
    const doneB = withCallSignal(second.signal, b.seen);
    a.release();
    expect(await doneA).toBe(first.signal);
    // The first request is over; the second's work still carries its own signal.
    b.release();
    expect(await doneB).toBe(second.signal);
    expect(await promiseHooksOn()).toBe(false);
    expect(callSignal()).toBeUndefined();
  });

  it("is released by a route that fails", async () => {
    const failed = withCallSignal(new AbortController().signal, async () => {
      await null;
      throw new Error("OpenCode refused");
    });
    await expect(failed).rejects.toThrow("OpenCode refused");
    expect(await promiseHooksOn()).toBe(false);
  });
});

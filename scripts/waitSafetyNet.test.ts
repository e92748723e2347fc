// vitest's own waits default to giving up after 1 s, shorter than a loaded CI machine's pauses;
// the run's setup (scripts/domTestSetup.ts, vitest.config.ts) gives each a 10 s safety net. Here
// each waits for something that comes after 1.5 s: with the defaults, both fail.
import { describe, expect, it, vi } from "vitest";

const readyAfter = (ms: number) => {
  const at = Date.now() + ms;
  return () => Date.now() >= at;
};

describe("the run's wait defaults", () => {
  it("vi.waitFor waits past 1 s for something on its way", async () => {
    const ready = readyAfter(1_500);
    await vi.waitFor(() => expect(ready()).toBe(true), { interval: 100 });
  });

  it("expect.poll waits past 1 s for something on its way", async () => {
    const ready = readyAfter(1_500);
    await expect.poll(ready, { interval: 100 }).toBe(true);
  });
});

import { describe, expect, it } from "vitest";
import { renameWithRetry } from "./renameRetry.ts";

const fsError = (code: string) => Object.assign(new Error(`${code}: operation not permitted, rename`), { code });

describe("renameWithRetry", () => {
  it("retries while a scanner holds the file (EPERM, EBUSY), then succeeds", () => {
    const failures = ["EPERM", "EBUSY", "EPERM"];
    const pauses: number[] = [];
    let renamed = 0;
    renameWithRetry("a.tmp", "a", {
      rename: () => {
        const code = failures.shift();
        if (code) throw fsError(code);
        renamed++;
      },
      pause: (ms) => pauses.push(ms),
    });
    expect(renamed).toBe(1);
    expect(pauses).toEqual([10, 20, 40]);
  });

  it("gives up after its budget with the last error, and never retries a real error", () => {
    let calls = 0;
    const held = () => {
      calls++;
      throw fsError("EBUSY");
    };
    expect(() => renameWithRetry("a.tmp", "a", { rename: held, pause: () => {}, budgetMs: 100 })).toThrow(/EBUSY/);
    expect(calls).toBeGreaterThan(2);
    calls = 0;
    const missing = () => {
      calls++;
      throw fsError("ENOENT");
    };
    expect(() => renameWithRetry("a.tmp", "a", { rename: missing, pause: () => {} })).toThrow(/ENOENT/);
    expect(calls).toBe(1);
  });
});

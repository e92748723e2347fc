// One budget per git action: each step's deadline is its own until the budget has less left, then
// what is left, and a timeout then names the whole budget (the time the person waited).
import { describe, expect, it } from "vitest";
import { GitBudget } from "./gitBudget.ts";

describe("GitBudget", () => {
  it("cuts a step's deadline to what is left, and names the budget when it is the budget that ran out", () => {
    let now = 1_000;
    const budget = new GitBudget(110_000, () => now);
    expect(budget.cut(60_000)).toEqual({ deadlineMs: 60_000, reportMs: 60_000 });
    now += 70_000; // four reads and an add took 70 s: 40 s left for the commit and its hooks
    expect(budget.cut(60_000)).toEqual({ deadlineMs: 40_000, reportMs: 110_000 });
    now += 40_000;
    expect(budget.cut(60_000)).toEqual({ deadlineMs: 0, reportMs: 110_000 });
    now += 5_000;
    expect(budget.leftMs()).toBe(0);
  });
});

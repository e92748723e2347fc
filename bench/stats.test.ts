// Benchmark 5's verdict rests on these estimators: the per-pair ratios' centre by their median and
// by the trimmed mean of their logs, and the split of each turn where opencode asked the model.
import { describe, expect, it } from "vitest";
import { clusters, splitAtModel, splitDifferences } from "./chatTurnSplit.ts";
import {
  bootstrapPairRatio,
  bootstrapTrimmedPairRatio,
  pairRatios,
  quantile,
  trimmedMean,
  trimmedPairRatio,
} from "./stats.ts";

/** Turns like benchmark 5's: each side an independent draw of a noisy OpenCode turn, `factor` apart. */
function noisyPairs(n: number, factor: number): { a: number[]; b: number[] } {
  let state = 7;
  const random = () => {
    state = (state * 48271) % 2147483647;
    return state / 2147483647;
  };
  // A turn of 40–100 ms, sometimes 25 ms slower (the bimodal work opencode does before the model).
  const turn = () => 40 + 60 * random() + (random() < 0.5 ? 25 : 0);
  const a: number[] = [];
  const b: number[] = [];
  for (let i = 0; i < n; i++) {
    a.push(turn() * factor);
    b.push(turn());
  }
  return { a, b };
}

describe("benchmark 5's estimators", () => {
  it("trims the same share off each end before averaging", () => {
    expect(trimmedMean([100, 1, 2, 3, 4], 0.2)).toBe(3);
    expect(trimmedMean([1, 2, 3, 4], 0)).toBe(2.5);
    expect(trimmedMean([], 0.2)).toBeNaN();
  });

  it("reads the ratios' centre on a log scale, so a pair and its mirror cancel", () => {
    expect(trimmedPairRatio([2, 1, 1.02], [1, 2, 1])).toBeCloseTo(1.02 ** (1 / 3), 6);
    // Untrimmed, ln 2 and ln 0.5 cancel; an outlier pair is cut off by the trim.
    expect(trimmedPairRatio([1.02, 1.02, 1.02, 1.02, 50], [1, 1, 1, 1, 1], 0.2)).toBeCloseTo(1.02, 6);
  });

  it("finds the same centre as the median, in a narrower interval for the same pairs", () => {
    const { a, b } = noisyPairs(400, 1.02);
    const median = quantile(pairRatios(a, b), 0.5);
    const trimmed = trimmedPairRatio(a, b);
    expect(Math.abs(trimmed - median)).toBeLessThan(0.03);
    const [mLow, mHigh] = bootstrapPairRatio(a, b, 400);
    const [tLow, tHigh] = bootstrapTrimmedPairRatio(a, b, 400);
    expect(tLow).toBeLessThan(1.02);
    expect(tHigh).toBeGreaterThan(1.02);
    // About a fifth narrower here (0.084 against 0.104); a median of the logs would be as wide.
    expect(tHigh - tLow).toBeLessThan(0.9 * (mHigh - mLow));
  });
});

describe("benchmark 5's split of a turn at the model's call", () => {
  const turns = [
    { startedAt: 100, ms: 60 },
    { startedAt: 300, ms: 50 },
    { startedAt: 500, ms: 40 },
  ];
  const arrivals = [
    { at: 110, title: true }, // a title request inside the first turn is not the turn's call
    { at: 130, title: false },
    { at: 290, title: false }, // before the second turn started
    { at: 320, title: false },
  ];

  it("splits each turn at the first model call inside it, and leaves a turn without one out", () => {
    expect(splitAtModel(turns, arrivals)).toEqual([{ before: 30, after: 30 }, { before: 20, after: 30 }, null]);
  });

  it("compares the parts pair by pair, over the pairs both of whose turns were split", () => {
    const through = [
      { before: 31, after: 32 },
      { before: 21, after: 33 },
      { before: 1, after: 1 },
    ];
    const straight = [{ before: 30, after: 30 }, { before: 20, after: 30 }, null];
    const split = splitDifferences(through, straight);
    expect(split.pairs).toBe(2);
    expect(split.before.median).toBe(1);
    expect(split.after.median).toBe(2.5);
  });

  it("counts the part before the model's call per bin, so two clusters show as two runs of bins", () => {
    expect(clusters([25, 30, 35.9, 50, 60, 71.9, 72], 12)).toBe("24–36: 3, 48–60: 1, 60–72: 2, 72–84: 1");
  });
});

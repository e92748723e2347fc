// Figures for benchmarks: median and spread of samples, alternating A/B runs so drift in the
// machine (other load, caches, CPU clocks) hits both sides alike, and how sure a ratio is.
export interface Summary {
  n: number;
  median: number;
  min: number;
  max: number;
  p90: number;
  p99: number;
}

export function summarize(samples: number[]): Summary {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
  const mid = sorted.length / 2;
  const median = sorted.length % 2 === 1 ? at(0.5) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
  return {
    n: sorted.length,
    median,
    min: sorted[0] ?? Number.NaN,
    max: sorted.at(-1) ?? Number.NaN,
    p90: at(0.9),
    p99: at(0.99),
  };
}

export async function alternate(
  runs: number,
  warmups: number,
  sideA: () => Promise<number>,
  sideB: () => Promise<number>,
): Promise<{ a: number[]; b: number[] }> {
  for (let i = 0; i < warmups; i++) {
    await sideA();
    await sideB();
  }
  const a: number[] = [];
  const b: number[] = [];
  for (let i = 0; i < runs; i++) {
    a.push(await sideA());
    b.push(await sideB());
  }
  return { a, b };
}

export const round = (x: number, digits = 1) => Math.round(x * 10 ** digits) / 10 ** digits;
export const ms = (s: Summary) => `${round(s.median)} ms (${round(s.min)}–${round(s.max)})`;

/** The q-quantile of samples, interpolated between the two nearest ranks. */
export function quantile(samples: number[], q: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const at = q * (sorted.length - 1);
  const low = Math.floor(at);
  const high = Math.min(sorted.length - 1, low + 1);
  return (sorted[low] ?? 0) + ((sorted[high] ?? 0) - (sorted[low] ?? 0)) * (at - low);
}

/** A small seeded generator (mulberry32), so a bootstrap gives the same interval for the same data. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A 95 % bootstrap interval of `statistic(a, b)` for paired samples (a[i] and b[i] were measured
 * side by side): pairs are resampled together, so drift that hits both sides of a pair alike does
 * not widen the interval.
 */
export function bootstrapPaired(
  a: number[],
  b: number[],
  statistic: (a: number[], b: number[]) => number,
  iterations = 2000,
  seed = 1,
): [number, number] {
  const n = Math.min(a.length, b.length);
  const random = seeded(seed);
  const values: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const pickA: number[] = [];
    const pickB: number[] = [];
    for (let j = 0; j < n; j++) {
      const k = Math.floor(random() * n);
      pickA.push(a[k] ?? Number.NaN);
      pickB.push(b[k] ?? Number.NaN);
    }
    values.push(statistic(pickA, pickB));
  }
  return [quantile(values, 0.025), quantile(values, 0.975)];
}

/** A 95 % bootstrap interval of median(a) / median(b) for paired samples (see bootstrapPaired). */
export function bootstrapRatio(a: number[], b: number[], iterations = 2000, seed = 1): [number, number] {
  return bootstrapPaired(a, b, (x, y) => quantile(x, 0.5) / quantile(y, 0.5), iterations, seed);
}

/** The median of the per-pair differences a[i] - b[i]. */
export const medianDifference = (a: number[], b: number[]) =>
  quantile(
    a.map((x, i) => x - (b[i] ?? Number.NaN)),
    0.5,
  );

/**
 * A 95 % bootstrap interval of the median of the per-pair ratios a[i] / b[i] (see bootstrapPaired):
 * each pair's two sides were measured side by side, so drift that hits both alike cancels inside
 * each ratio.
 */
export function bootstrapPairRatio(a: number[], b: number[], iterations = 2000, seed = 1): [number, number] {
  return bootstrapPaired(a, b, (x, y) => quantile(pairRatios(x, y), 0.5), iterations, seed);
}

/** The mean of the samples left once `trim` of them (a fraction) is cut off at each end. */
export function trimmedMean(samples: number[], trim = 0.2): number {
  const sorted = [...samples].sort((x, y) => x - y);
  const cut = Math.floor(sorted.length * trim);
  const kept = sorted.slice(cut, sorted.length - cut);
  return kept.length === 0 ? Number.NaN : kept.reduce((sum, x) => sum + x, 0) / kept.length;
}

/**
 * The centre of the per-pair ratios read on a log scale: exp of the 20 % trimmed mean of
 * ln(a[i] / b[i]). A pair's two turns are two draws of the same OpenCode turn, so the log-ratios
 * spread about alike on both sides of their centre, which this and the median of the ratios both
 * estimate; the median rests on the few pairs in the middle, this on the middle 60 %, so its
 * interval is narrower for the same pairs (benchmark 5, README "Chat turn, issue 13 round 8").
 */
export const trimmedPairRatio = (a: number[], b: number[], trim = 0.2) =>
  Math.exp(trimmedMean(pairRatios(a, b).map(Math.log), trim));

/** A 95 % bootstrap interval of trimmedPairRatio (see bootstrapPaired). */
export function bootstrapTrimmedPairRatio(a: number[], b: number[], iterations = 2000, seed = 1): [number, number] {
  return bootstrapPaired(a, b, (x, y) => trimmedPairRatio(x, y), iterations, seed);
}

/** a[i] / b[i] for each pair. */
export const pairRatios = (a: number[], b: number[]) => a.map((x, i) => x / (b[i] ?? Number.NaN));

/** `median (IQR q1–q3)`: the middle half of the samples, less swayed by one stalled turn than min–max. */
export const withIqr = (samples: number[], unit = "ms") =>
  `${round(quantile(samples, 0.5))} ${unit} (IQR ${round(quantile(samples, 0.25))}–${round(quantile(samples, 0.75))})`;

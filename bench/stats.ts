// Figures for benchmarks: median and spread of samples, and alternating A/B runs so drift in the
// machine (other load, caches, CPU clocks) hits both sides alike.
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

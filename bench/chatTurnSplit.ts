// Benchmark 5's split of each turn at the moment opencode asked the model. The stub provider runs
// in the bench's own process and stamps each request's arrival on the clock the turns are timed
// with, so a turn falls into the part before (the client's request, the backend's route and its
// call to opencode, opencode preparing the model's call) and the part after (the stub's reply,
// opencode finishing the turn, the answer's way back to the client). What a turn through the
// backend adds lies in one part or the other, and the per-pair differences say which.
import { bootstrapPaired, medianDifference, round } from "./stats.ts";

export interface TimedTurn {
  /** performance.now() at the turn's start. */
  startedAt: number;
  ms: number;
}

export interface Split {
  before: number;
  after: number;
}

/**
 * Each turn's split at the first model request (not a title request) that arrived inside it;
 * null when none did (a turn retried after a restart, say).
 */
export function splitAtModel(turns: TimedTurn[], arrivals: { at: number; title: boolean }[]): (Split | null)[] {
  return turns.map((turn) => {
    const hit = arrivals.find((a) => !a.title && a.at >= turn.startedAt && a.at <= turn.startedAt + turn.ms);
    return hit ? { before: hit.at - turn.startedAt, after: turn.startedAt + turn.ms - hit.at } : null;
  });
}

/**
 * The median per-pair difference (through − straight) of each part, with a 95 % bootstrap
 * interval over the pairs both of whose turns were split.
 */
export function splitDifferences(through: (Split | null)[], straight: (Split | null)[]) {
  const pairs = through.flatMap((t, i) => {
    const s = straight[i];
    return t && s ? [{ t, s }] : [];
  });
  const part = (key: keyof Split) => {
    const a = pairs.map((p) => p.t[key]);
    const b = pairs.map((p) => p.s[key]);
    const [low, high] = bootstrapPaired(a, b, medianDifference).map((x) => round(x, 2));
    return { median: round(medianDifference(a, b), 2), low, high, a, b };
  };
  return { pairs: pairs.length, before: part("before"), after: part("after") };
}

/**
 * Counts per `binMs`-wide bin, as "24–36: 180, 36–48: 12": opencode's time before the model's call
 * has been bimodal, and the bins show its clusters where quantiles would hide them.
 */
export function clusters(values: number[], binMs: number): string {
  const counts = new Map<number, number>();
  for (const v of values) {
    const bin = Math.floor(v / binMs) * binMs;
    counts.set(bin, (counts.get(bin) ?? 0) + 1);
  }
  return [...counts.entries()]
    .sort(([a], [b]) => a - b)
    .map(([bin, n]) => `${bin}–${bin + binMs}: ${n}`)
    .join(", ");
}

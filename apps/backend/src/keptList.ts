// A list the backend keeps for the user in its data folder (the scheduled tasks, the goals, the
// project actions): `{ "version": 1, "<key>": [...] }` in a KeptFile (private, written whole, an
// unreadable file moved aside and named). An empty list removes the file.
import { z } from "zod";
import { KeptFile } from "./keptFile.ts";

export interface KeptListShape<T> {
  /** The items' key in the file: `{ "version": 1, "<key>": [...] }`. */
  key: string;
  item: z.ZodType<T>;
  max: number;
  /** What the file holds, for its sentences: "scheduled tasks". */
  what: string;
}

export class KeptList<T> {
  private readonly kept: KeptFile<Record<string, unknown>>;

  constructor(
    file: string,
    private readonly shape: KeptListShape<T>,
    now: () => number = Date.now,
  ) {
    const schema = z.object({ version: z.literal(1), [shape.key]: z.array(shape.item).max(shape.max) });
    this.kept = new KeptFile(file, schema, shape.what, now);
  }

  load(): { items: T[]; problem: string | null } {
    const { value, problem } = this.kept.load();
    return { items: (value?.[this.shape.key] as T[] | undefined) ?? [], problem };
  }

  /** Writes the list; an empty one removes the file, so the next start loads nothing for it (lazyFeature.ts). */
  save(items: T[]): void {
    this.kept.save(items.length === 0 ? null : { version: 1, [this.shape.key]: items });
  }
}

/**
 * Runs a change to what a kept list holds, `work` saving it at its end: when saving (or anything
 * else in it) throws, the map is as it was before, and the error goes on. A setting is never in
 * force that the file does not hold.
 */
export function changeOrRestore<K, V>(map: Map<K, V>, work: () => void): void {
  const before = new Map(map);
  try {
    work();
  } catch (error) {
    map.clear();
    for (const [key, value] of before) map.set(key, value);
    throw error;
  }
}

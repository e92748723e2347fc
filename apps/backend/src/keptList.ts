// A list the backend keeps for the user in its data folder (the scheduled tasks, the goals): one
// JSON file, private, written whole and renamed into place. Unlike settings.json (SettingsFile), a
// file that cannot be read is not replaced by defaults: the user's work is in it, so it is moved
// aside as <name>.unreadable-<time>.json, kept, and named.
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { privateDirMode, privateFileMode, renameWithRetry } from "@turnkey/sidecar";
import { z } from "zod";

export interface KeptListShape<T> {
  /** The items' key in the file: `{ "version": 1, "<key>": [...] }`. */
  key: string;
  item: z.ZodType<T>;
  max: number;
  /** What the file holds, for its sentences: "scheduled tasks". */
  what: string;
}

export class KeptList<T> {
  /** Set when an unreadable file could not be moved aside: writing would lose it. */
  private blocked: string | null = null;
  private readonly schema: z.ZodType<{ version: 1; items: T[] }>;

  constructor(
    private readonly file: string,
    private readonly shape: KeptListShape<T>,
    private readonly now: () => number = Date.now,
  ) {
    this.schema = z
      .object({ version: z.literal(1), [shape.key]: z.array(shape.item).max(shape.max) })
      .transform((kept) => ({ version: 1 as const, items: kept[shape.key] as T[] }));
  }

  load(): { items: T[]; problem: string | null } {
    if (!existsSync(this.file)) return { items: [], problem: null };
    let why: string;
    try {
      const parsed = this.schema.safeParse(JSON.parse(readFileSync(this.file, "utf8")));
      if (parsed.success) return { items: parsed.data.items, problem: null };
      why = `it does not hold ${this.shape.what} as this version writes them (${parsed.error.issues[0]?.message ?? "unknown"})`;
    } catch (error) {
      why = (error as Error).message;
    }
    const name = basename(this.file).replace(/\.json$/, "");
    const aside = join(dirname(this.file), `${name}.unreadable-${this.now()}.json`);
    try {
      renameWithRetry(this.file, aside);
    } catch (error) {
      this.blocked = `The ${this.shape.what} file ${this.file} cannot be read (${why}), nor moved aside (${(error as Error).message}). Move or fix it, then restart the app; until then nothing can be saved to it.`;
      return { items: [], problem: this.blocked };
    }
    return {
      items: [],
      problem: `The ${this.shape.what} file could not be read (${why}). It is kept as ${basename(aside)} in the app's data folder, and the list started again.`,
    };
  }

  /** Writes the list; an empty one removes the file, so the next start loads nothing for it (lazyFeature.ts). */
  save(items: T[]): void {
    if (this.blocked) throw new Error(this.blocked);
    if (items.length === 0) {
      rmSync(this.file, { force: true });
      return;
    }
    mkdirSync(dirname(this.file), { recursive: true, mode: privateDirMode });
    const temp = `${this.file}.tmp`;
    writeFileSync(temp, `${JSON.stringify({ version: 1, [this.shape.key]: items }, null, 2)}\n`, {
      mode: privateFileMode,
    });
    renameWithRetry(temp, this.file);
  }
}

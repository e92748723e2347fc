// A JSON file the backend keeps for the user in its data folder (a list of scheduled tasks, a
// project's notes): private, written whole and renamed into place. Unlike settings.json
// (SettingsFile), a file that cannot be read is not replaced by defaults: the user's work is in it,
// so it is moved aside as <name>.unreadable-<time>.json, kept, and named.
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { privateDirMode, privateFileMode, renameWithRetry } from "@turnkey/sidecar";
import type { z } from "zod";
import { ApiRefusal } from "./apiError.ts";

export class KeptFile<T> {
  /** Set when an unreadable file could not be moved aside: writing would lose it. */
  private blocked: string | null = null;

  constructor(
    private readonly file: string,
    /** The file's shape, and what it holds for its sentences ("scheduled tasks"). */
    private readonly schema: z.ZodType<T, unknown>,
    private readonly what: string,
    private readonly now: () => number = Date.now,
  ) {}

  /** The kept value (null when there is no file), or why it could not be read and where it went. */
  load(): { value: T | null; problem: string | null } {
    if (!existsSync(this.file)) return { value: null, problem: null };
    let why: string;
    try {
      const parsed = this.schema.safeParse(JSON.parse(readFileSync(this.file, "utf8")));
      if (parsed.success) return { value: parsed.data, problem: null };
      why = `it does not hold ${this.what} as this version writes them (${parsed.error.issues[0]?.message ?? "unknown"})`;
    } catch (error) {
      why = (error as Error).message;
    }
    const name = basename(this.file).replace(/\.json$/, "");
    const aside = join(dirname(this.file), `${name}.unreadable-${this.now()}.json`);
    try {
      renameWithRetry(this.file, aside);
    } catch (error) {
      this.blocked = `The ${this.what} file ${this.file} cannot be read (${why}), nor moved aside (${(error as Error).message}). Move or fix it, then restart the app; until then nothing can be saved to it.`;
      return { value: null, problem: this.blocked };
    }
    return {
      value: null,
      problem: `The ${this.what} file could not be read (${why}). It is kept as ${basename(aside)} in the app's data folder, and a new one was started.`,
    };
  }

  /** Writes the value whole; null removes the file, so the next start loads nothing for it (lazyFeature.ts). */
  save(value: T | null): void {
    // A refusal with its sentence (a plain Error was an "internal error" to the window: review 27, L1).
    if (this.blocked) throw new ApiRefusal(409, "kept_file_blocked", this.blocked);
    if (value === null) {
      rmSync(this.file, { force: true });
      return;
    }
    mkdirSync(dirname(this.file), { recursive: true, mode: privateDirMode });
    const temp = `${this.file}.tmp`;
    writeFileSync(temp, `${JSON.stringify(value, null, 2)}\n`, { mode: privateFileMode });
    renameWithRetry(temp, this.file);
  }
}

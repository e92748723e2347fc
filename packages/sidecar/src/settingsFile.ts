// A small JSON settings file validated by a zod schema: a missing or broken file means the
// schema's defaults, and writes are atomic. Used for the backend's settings.json and the
// desktop's own preferences (so it lives here, shared, not in either app). Never for secrets.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import type { z } from "zod";
import { privateDirMode, privateFileMode } from "./privateFiles.ts";
import { renameWithRetry } from "./renameRetry.ts";

export class SettingsFile<Schema extends z.ZodType<object>> {
  private value: z.infer<Schema>;
  readonly existed: boolean;

  constructor(
    private readonly file: string,
    private readonly schema: Schema,
  ) {
    let raw: unknown = {};
    let existed = false;
    try {
      raw = JSON.parse(readFileSync(file, "utf8"));
      existed = true;
    } catch {
      // first run, or a broken file: defaults
    }
    const parsed = schema.safeParse(raw);
    this.existed = existed && parsed.success;
    this.value = parsed.success ? parsed.data : schema.parse({});
  }

  get(): z.infer<Schema> {
    return this.value;
  }

  update(patch: Partial<z.infer<Schema>>): z.infer<Schema> {
    this.value = this.schema.parse({ ...this.value, ...patch });
    mkdirSync(dirname(this.file), { recursive: true, mode: privateDirMode });
    writeFileSync(`${this.file}.tmp`, `${JSON.stringify(this.value, null, 2)}\n`, { mode: privateFileMode });
    renameWithRetry(`${this.file}.tmp`, this.file);
    return this.value;
  }
}

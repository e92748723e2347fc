// The desktop's own preferences, in <userData>/desktop.json. Never secrets. A missing or broken
// file means defaults: launch at login stays off until the user turns it on.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { z } from "zod";

export const DesktopSettings = z.object({
  startAtLogin: z.boolean().default(false),
  firstRunDone: z.boolean().default(false),
});
export type DesktopSettings = z.infer<typeof DesktopSettings>;

export class SettingsFile {
  private value: DesktopSettings;

  constructor(private readonly file: string) {
    let raw: unknown = {};
    try {
      raw = JSON.parse(readFileSync(file, "utf8"));
    } catch {
      // first run, or a broken file: defaults
    }
    const parsed = DesktopSettings.safeParse(raw);
    this.value = parsed.success ? parsed.data : DesktopSettings.parse({});
  }

  get(): DesktopSettings {
    return this.value;
  }

  update(patch: Partial<DesktopSettings>): DesktopSettings {
    this.value = { ...this.value, ...patch };
    mkdirSync(dirname(this.file), { recursive: true });
    writeFileSync(`${this.file}.tmp`, JSON.stringify(this.value, null, 2));
    renameSync(`${this.file}.tmp`, this.file);
    return this.value;
  }
}

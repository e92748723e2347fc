// The desktop's own preferences, in <userData>/desktop.json: launch at login stays off until the
// user turns it on.
import { SettingsFile } from "@turnkey/sidecar";
import { z } from "zod";

export const DesktopSettings = z.object({
  startAtLogin: z.boolean().default(false),
  firstRunDone: z.boolean().default(false),
});
export type DesktopSettings = z.infer<typeof DesktopSettings>;

export function desktopSettings(file: string) {
  return new SettingsFile(file, DesktopSettings);
}

// Payloads for keeping an install healthy: the managed runtime, settings and profiles, repair,
// and the diagnostics bundle for bug reports.
import { z } from "zod";
import { LogLine } from "./api.ts";
import { DoctorReport } from "./doctor.ts";
import { SidecarStatus } from "./status.ts";

export const RuntimeStatus = z.object({
  phase: z.enum(["unavailable", "checking", "copying", "ready", "failed"]),
  progress: z.number().min(0).max(1).nullable(),
  message: z.string(),
  version: z.string().nullable(),
  path: z.string().nullable(),
});
export type RuntimeStatus = z.infer<typeof RuntimeStatus>;

export const RuntimeProfile = z.enum(["managed", "inherit"]);
export type RuntimeProfile = z.infer<typeof RuntimeProfile>;

/** <dataDir>/settings.json. Never secrets. */
export const Settings = z.object({ profile: RuntimeProfile });
export type Settings = z.infer<typeof Settings>;
export const SettingsResponse = z.object({
  settings: Settings,
  /** Where the active profile came from: a command-line flag, the saved settings, or first-run detection. */
  profileSource: z.enum(["flag", "settings", "detected"]),
});
export type SettingsResponse = z.infer<typeof SettingsResponse>;
export const UpdateSettingsRequest = z.object({ profile: RuntimeProfile }).strict();

export const RepairStep = z.object({
  step: z.enum(["stop", "verify", "clear_record", "start"]),
  ok: z.boolean(),
  detail: z.string(),
});
export const RepairResponse = z.object({ steps: z.array(RepairStep), status: SidecarStatus });
export type RepairResponse = z.infer<typeof RepairResponse>;

export const Diagnostics = z.object({
  generatedAt: z.string(),
  versions: z.object({
    app: z.string(),
    opencodePinned: z.string(),
    opencodeRunning: z.string().nullable(),
    node: z.string(),
    electron: z.string().nullable(),
  }),
  os: z.object({
    platform: z.string(),
    release: z.string(),
    arch: z.string(),
    cpus: z.number(),
    memoryMiB: z.number(),
  }),
  /** The backend process itself, in MiB. */
  backend: z.object({
    pid: z.number(),
    uptimeSeconds: z.number(),
    rssMiB: z.number(),
    heapUsedMiB: z.number(),
    heapTotalMiB: z.number(),
    externalMiB: z.number(),
  }),
  settings: SettingsResponse,
  status: SidecarStatus,
  runtime: RuntimeStatus,
  logs: z.array(LogLine),
  /** The doctor's checks at the time of the bundle. */
  doctor: DoctorReport.optional(),
});
export type Diagnostics = z.infer<typeof Diagnostics>;

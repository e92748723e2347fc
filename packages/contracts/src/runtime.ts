// OpenCode's versions: the manifest beside each copy of the executable (written by staging and
// by the managed runtime, read by both), what GET /api/runtime reports, and the update requests.
import { z } from "zod";
import { RuntimeStatus } from "./maintenance.ts";

/** An opencode release version, e.g. 1.18.33 or 1.2.0-beta.1; also a folder name in the runtime store. */
export const OpencodeVersion = z
  .string()
  .regex(/^\d+\.\d+\.\d+([-+][0-9A-Za-z.-]+)?$/, "must be a version like 1.18.33");

/** Where a copy of opencode came from. */
export const RuntimeOrigin = z.enum(["registry", "bundled"]);
export type RuntimeOrigin = z.infer<typeof RuntimeOrigin>;

/** `manifest.json` beside a staged or managed opencode executable. */
export const RuntimeManifest = z.object({
  /** The npm platform package it came from, e.g. `opencode-linux-x64-baseline`. */
  package: z.string().regex(/^opencode-[a-z0-9-]+$/),
  version: OpencodeVersion,
  file: z.string().regex(/^opencode(\.exe)?$/),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  size: z.number().int().positive(),
  /** Absent in manifests written before versions lived side by side. */
  source: RuntimeOrigin.optional(),
});
export type RuntimeManifest = z.infer<typeof RuntimeManifest>;

export const RuntimeVersionSource = z.enum(["managed", "node_modules", "path", "override"]);

export const InstalledRuntime = z.object({
  version: z.string(),
  package: z.string().nullable(),
  /** managed: in <dataDir>/runtime/opencode/<version>; node_modules: the app's own dependency. */
  source: RuntimeVersionSource,
  origin: RuntimeOrigin.nullable(),
  active: z.boolean(),
});
export type InstalledRuntime = z.infer<typeof InstalledRuntime>;

export const updatePhases = [
  "checking",
  "downloading",
  "verifying",
  "installing",
  "restarting",
  "watching",
  "updated",
  "rolled_back",
  "failed",
] as const;
export const RuntimeUpdatePhase = z.enum(updatePhases);
export type RuntimeUpdatePhase = z.infer<typeof RuntimeUpdatePhase>;

/** The last or current update; `message` is a sentence for people. */
export const RuntimeUpdate = z.object({
  phase: RuntimeUpdatePhase,
  from: z.string().nullable(),
  to: z.string().nullable(),
  /** 0..1 while downloading or verifying. */
  progress: z.number().min(0).max(1).nullable(),
  message: z.string(),
  startedAt: z.number(),
  finishedAt: z.number().nullable(),
});
export type RuntimeUpdate = z.infer<typeof RuntimeUpdate>;

export const AvailableRuntime = z.object({
  version: z.string(),
  package: z.string(),
  changelogUrl: z.string(),
  checkedAt: z.number(),
});
export type AvailableRuntime = z.infer<typeof AvailableRuntime>;

export const RuntimeVersions = z.object({
  /** The version the next start runs; null when it is not known (PATH, an override). */
  active: z.string().nullable(),
  activeSource: RuntimeVersionSource.nullable(),
  /** Pinned by `--opencode-version` for this run, which wins over the saved choice. */
  pinnedByFlag: z.boolean(),
  installed: z.array(InstalledRuntime),
  latest: AvailableRuntime.nullable(),
  updateAvailable: z.boolean(),
  /** Why the last check for a newer version failed, as a sentence. */
  checkError: z.string().nullable(),
  update: RuntimeUpdate.nullable(),
});
export type RuntimeVersions = z.infer<typeof RuntimeVersions>;

export const RuntimeUpdateRequest = z
  .object({
    version: OpencodeVersion.optional(),
  })
  .strict();
export const RuntimeUseRequest = z.object({ version: OpencodeVersion }).strict();

/** GET /api/runtime and the `runtime` events: the active copy's preparation, and the versions. */
export const RuntimeInfo = RuntimeStatus.extend(RuntimeVersions.shape);
export type RuntimeInfo = z.infer<typeof RuntimeInfo>;

// The sidecar status: the one shape every process boundary (API, SSE, tray, windows) shows.
import { z } from "zod";
import { ErrorCode } from "./errors.ts";

export const sidecarStates = ["stopped", "starting", "running", "degraded", "backoff", "stopping", "failed"] as const;
export const SidecarState = z.enum(sidecarStates);
export type SidecarState = z.infer<typeof SidecarState>;

export const binarySources = ["override", "managed", "bundled", "node_modules", "path"] as const;
export const BinarySource = z.enum(binarySources);
export type BinarySource = z.infer<typeof BinarySource>;

export const SidecarError = z.object({
  code: ErrorCode,
  message: z.string(),
});
export type SidecarError = z.infer<typeof SidecarError>;

export const SidecarExit = z.object({
  code: z.number().int().nullable(),
  signal: z.string().nullable(),
  at: z.number(),
});
export type SidecarExit = z.infer<typeof SidecarExit>;

export const HealthResult = z.object({
  ok: z.boolean(),
  latencyMs: z.number().nullable(),
  checkedAt: z.number(),
  consecutiveFailures: z.number().int(),
});
export type HealthResult = z.infer<typeof HealthResult>;

export const BinaryInfo = z.object({
  path: z.string(),
  source: BinarySource,
  version: z.string().nullable(),
});
export type BinaryInfo = z.infer<typeof BinaryInfo>;

/**
 * The step before a start attempt's process exists: finding, installing and verifying OpenCode's
 * program. `progress` is 0..1 when known (copying, hashing), null while it cannot be measured.
 */
export const PreparingStatus = z.object({
  progress: z.number().min(0).max(1).nullable(),
  message: z.string(),
});
export type PreparingStatus = z.infer<typeof PreparingStatus>;

/** Times are epoch milliseconds. Never carries the sidecar password. */
export const SidecarStatus = z.object({
  state: SidecarState,
  pid: z.number().int().nullable(),
  port: z.number().int().nullable(),
  version: z.string().nullable(),
  startedAt: z.number().nullable(),
  readyAt: z.number().nullable(),
  uptimeMs: z.number().nullable(),
  restarts: z.number().int(),
  nextRestartAt: z.number().nullable(),
  lastExit: SidecarExit.nullable(),
  error: SidecarError.nullable(),
  health: HealthResult.nullable(),
  binary: BinaryInfo.nullable(),
  /** While `starting`: the binary is being prepared (no process yet, no startup timer running). */
  preparing: PreparingStatus.nullable().optional(),
  /** Pids the last stop could not end (normally empty); `error` says what to do about them. */
  survivors: z.array(z.number().int()).optional(),
});
export type SidecarStatus = z.infer<typeof SidecarStatus>;

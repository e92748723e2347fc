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
});
export type SidecarStatus = z.infer<typeof SidecarStatus>;

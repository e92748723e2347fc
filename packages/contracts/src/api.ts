// Payloads of the backend control API and its event stream. Parsed with these schemas on both
// sides, so a change here is a change the compiler shows everywhere it matters.
import { z } from "zod";
import { ErrorCode } from "./errors.ts";
import { SidecarStatus } from "./status.ts";

export const ApiError = z.object({
  error: z.object({ code: ErrorCode, message: z.string() }),
});
export type ApiError = z.infer<typeof ApiError>;

/** Lifecycle answers that could not reach the goal still carry the status, to show why. */
export const SidecarActionError = ApiError.extend({ status: SidecarStatus });
export type SidecarActionError = z.infer<typeof SidecarActionError>;

export const HealthResponse = z.object({ ok: z.literal(true), version: z.string() });
export type HealthResponse = z.infer<typeof HealthResponse>;

export const LogStream = z.enum(["stdout", "stderr", "supervisor"]);
export type LogStream = z.infer<typeof LogStream>;

export const LogLine = z.object({ at: z.number(), stream: LogStream, line: z.string() });
export type LogLine = z.infer<typeof LogLine>;

export const LogsQuery = z.object({
  limit: z.coerce.number().int().min(1).max(1000).default(200),
});
export const LogsResponse = z.object({ lines: z.array(LogLine) });
export type LogsResponse = z.infer<typeof LogsResponse>;

/** Lifecycle posts take no parameters; an empty body or `{}` both mean "do it". */
export const EmptyRequest = z.object({}).strict();

// A refused change to an agent or command file: its HTTP status, error code and the sentence the
// window shows. Kept apart from customFiles.ts so the routes know it without loading that.
import type { ErrorCode } from "@turnkey/contracts";

export class CustomizeError extends Error {
  constructor(
    readonly httpStatus: 400 | 404 | 409,
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
  }
}

// A refused change to an agent or command file: its HTTP status, error code and the sentence the
// window shows (an ApiRefusal). Kept apart from customFiles.ts, which is loaded on first use.
import type { ErrorCode } from "@turnkey/contracts";
import { ApiRefusal } from "../apiError.ts";

export class CustomizeError extends ApiRefusal {
  declare readonly httpStatus: 400 | 404 | 409;
  declare readonly code: ErrorCode;
  constructor(httpStatus: 400 | 404 | 409, code: ErrorCode, message: string) {
    super(httpStatus, code, message);
  }
}

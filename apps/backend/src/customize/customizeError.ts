// A refused change to an agent or command file: its HTTP status, error code and the sentence the
// window shows. Kept apart from customFiles.ts so the routes know it without loading that.
import type { ErrorCode } from "@turnkey/contracts";
import { ApiRefusal } from "../apiError.ts";

export class CustomizeError extends ApiRefusal {
  declare readonly httpStatus: 400 | 404 | 409;
  declare readonly code: ErrorCode;
  constructor(httpStatus: 400 | 404 | 409, code: ErrorCode, message: string) {
    super(httpStatus, code, message);
  }
}

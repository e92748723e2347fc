// A refused change to an MCP server's config entry: its HTTP status, error code and the sentence
// the window shows (an ApiRefusal). Kept apart from mcpConfigs.ts, which is loaded on first use.
import type { ErrorCode } from "@turnkey/contracts";
import { ApiRefusal } from "../apiError.ts";

export class McpConfigError extends ApiRefusal {
  declare readonly httpStatus: 400 | 404 | 409 | 500;
  declare readonly code: ErrorCode;
  constructor(httpStatus: 400 | 404 | 409 | 500, code: ErrorCode, message: string) {
    super(httpStatus, code, message);
  }
}

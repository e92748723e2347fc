// A refused change to an MCP server's config entry: its HTTP status, error code and the sentence
// the window shows. Kept apart from mcpConfigs.ts so the routes know it without loading that.
import type { ErrorCode } from "@turnkey/contracts";

export class McpConfigError extends Error {
  constructor(
    readonly httpStatus: 400 | 404 | 409 | 500,
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
  }
}

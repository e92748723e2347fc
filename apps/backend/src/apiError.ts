// The one error shape of the API: { error: { code, message } }, message a sentence for people.
import type { ErrorCode } from "@turnkey/contracts";
import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { z } from "zod";

/**
 * A request refused with a sentence: its HTTP status and error code go into the answer as they are.
 * Each area's refusal (a project's, a path's, git's, a search's, the MCP form's, a provider's, an
 * "Open in", an agent or command file) is one of these, so `answer` (routes/chat.ts) turns every
 * one into the API's error shape and no route has to catch its own kind again.
 */
export class ApiRefusal extends Error {
  constructor(
    readonly httpStatus: ContentfulStatusCode,
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export function apiError(
  c: Context,
  status: ContentfulStatusCode,
  code: ErrorCode,
  message: string,
  extra: Record<string, unknown> = {},
): Response {
  return c.json({ error: { code, message }, ...extra }, status);
}

/** Reads a JSON body (empty means `{}`) and validates it; returns the value or a 400 response. */
export async function readJsonBody<T extends z.ZodType>(
  c: Context,
  schema: T,
): Promise<{ ok: true; value: z.infer<T> } | { ok: false; response: Response }> {
  let raw: unknown = {};
  const text = await c.req.text();
  if (text.trim() !== "") {
    try {
      raw = JSON.parse(text);
    } catch {
      return { ok: false, response: apiError(c, 400, "invalid_json", "The request body is not valid JSON.") };
    }
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const detail = parsed.error.issues
      .map((issue) => `${issue.path.length > 0 ? issue.path.join(".") : "body"}: ${issue.message}`)
      .join("; ");
    // Our own sentences end with their stop; zod's do not.
    const stop = /[.!?]$/.test(detail) ? "" : ".";
    return { ok: false, response: apiError(c, 400, "invalid_request", `The request is not valid: ${detail}${stop}`) };
  }
  return { ok: true, value: parsed.data };
}

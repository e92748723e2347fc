// The control API's guards. The backend can start programs on this machine, so anything a web
// page in any browser tab could send it is hostile: DNS rebinding (foreign Host), cross-site
// requests (foreign Origin, form posts), and plain guessing (no or wrong token).
import { createHash, timingSafeEqual } from "node:crypto";
import type { Context, MiddlewareHandler } from "hono";
import { apiError } from "./apiError.ts";

export const maxBodyBytes = 1024 * 1024;

export function allowedHosts(port: number): Set<string> {
  return new Set([`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`]);
}

/**
 * A constant-time check against the launch token, also across lengths: both sides are hashed
 * to the same size first. The token's own digest is computed once, not per request.
 */
export function tokenChecker(expected: string): (given: string) => boolean {
  const digest = createHash("sha256").update(expected).digest();
  return (given) => timingSafeEqual(createHash("sha256").update(given).digest(), digest);
}

/** Why a request's address is refused; the middlewares below and the terminal's upgrade share it. */
export type AddressRefusal = readonly [code: "forbidden_host" | "forbidden_origin", message: string];

/** DNS-rebinding defence: only loopback names with our own port may address us. */
export function hostRefusal(host: string | undefined, allowed: Set<string>): AddressRefusal | null {
  return allowed.has((host ?? "").toLowerCase())
    ? null
    : ["forbidden_host", "This server only answers requests addressed to 127.0.0.1 or localhost."];
}

/** No CORS: a present Origin must be our own (the one the Host names). `null` is not ours. */
export function originRefusal(host: string | undefined, origin: string | undefined): AddressRefusal | null {
  if (origin === undefined || origin.toLowerCase() === `http://${(host ?? "").toLowerCase()}`) return null;
  return ["forbidden_origin", "Requests from other web pages are not allowed."];
}

export function requireLoopbackHost(port: () => number): MiddlewareHandler {
  // The port is known only once listening, then never changes: build the set once per port.
  let hosts = { port: -1, allowed: new Set<string>() };
  return async (c, next) => {
    if (hosts.port !== port()) hosts = { port: port(), allowed: allowedHosts(port()) };
    const refused = hostRefusal(c.req.header("host"), hosts.allowed);
    if (refused) return apiError(c, 403, ...refused);
    await next();
  };
}

export function requireSameOrigin(): MiddlewareHandler {
  return async (c, next) => {
    const refused = originRefusal(c.req.header("host"), c.req.header("origin"));
    if (refused) return apiError(c, 403, ...refused);
    await next();
  };
}

/** Only the Authorization header counts: a cookie could come from any other loopback port. */
export function presentedToken(c: Context): string | null {
  const header = c.req.header("authorization");
  if (!header) return null;
  const match = /^Bearer\s+(.+)$/i.exec(header.trim());
  return match?.[1]?.trim() ?? null;
}

export function requireToken(
  isToken: (given: string) => boolean,
  isPublic: (c: Context) => boolean,
): MiddlewareHandler {
  return async (c, next) => {
    if (isPublic(c)) return next();
    const given = presentedToken(c);
    if (given === null || !isToken(given)) {
      return apiError(
        c,
        401,
        "unauthorized",
        given === null
          ? "A launch token is required. Open the link the app printed at start-up."
          : "The launch token is not valid. Open the link the app printed at start-up.",
      );
    }
    await next();
  };
}

const bodyMethods = new Set(["POST", "PUT", "PATCH"]);

/** JSON-only mutations: a cross-site <form> cannot send application/json without a preflight. */
export function requireJsonBody(): MiddlewareHandler {
  return async (c, next) => {
    const hasBody = bodyMethods.has(c.req.method) || c.req.header("content-length") !== undefined;
    if (c.req.method !== "GET" && c.req.method !== "HEAD" && hasBody) {
      const type = (c.req.header("content-type") ?? "").split(";")[0]?.trim().toLowerCase();
      if (type !== "application/json") {
        return apiError(
          c,
          415,
          "unsupported_media_type",
          "Send the request body as JSON (Content-Type: application/json).",
        );
      }
      const length = Number(c.req.header("content-length") ?? "0");
      if (Number.isFinite(length) && length > maxBodyBytes) return tooLarge(c);
    }
    await next();
  };
}

export function tooLarge(c: Context): Response {
  return apiError(c, 413, "payload_too_large", "The request body is larger than 1 MiB.");
}

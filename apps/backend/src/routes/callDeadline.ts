// A request that waits on OpenCode answers within a deadline, whatever OpenCode does: a sidecar
// whose health check answers while a call hangs (it waited on a dead process's lock for more than
// 30 s, see staleLocks.ts) is never restarted, so without this the request would wait for ever.
// The call itself goes on; the person gets a sentence. Not for a prompt sent with `?wait=1`,
// which waits for the whole reply by design.
import { formatDuration } from "@turnkey/contracts";
import type { MiddlewareHandler } from "hono";
import { apiError } from "../apiError.ts";

/** Long enough for any single call (a revert of a large project, a session's diffs). */
export const defaultSidecarCallDeadlineMs = 120_000;

/** The routes whose answers come from OpenCode (Hono's `/x/*` matches `/x` itself too). */
export const sidecarCallPaths = ["/api/sessions/*", "/api/models", "/api/providers/*", "/api/workbench"];

export function sidecarCallDeadline(deadlineMs: number): MiddlewareHandler {
  return async (c, next) => {
    if (c.req.query("wait") !== undefined && c.req.method === "POST") return next();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const handled = next();
    handled.catch(() => undefined); // answered by the deadline: a later failure has nobody to tell
    const late = new Promise<Response>((resolve) => {
      timer = setTimeout(() => {
        resolve(
          apiError(
            c,
            504,
            "sidecar_timeout",
            `OpenCode did not answer within ${formatDuration(deadlineMs)}. It may still be loading the project: try again in a moment, or restart OpenCode from the status window if it keeps happening.`,
          ),
        );
      }, deadlineMs);
    });
    try {
      return await Promise.race([handled.then(() => undefined), late]);
    } finally {
      clearTimeout(timer);
    }
  };
}

// A request that waits on OpenCode answers within a deadline, whatever OpenCode does: a sidecar
// whose health check answers while a call hangs (it waited on a dead process's lock for more than
// 30 s, see staleLocks.ts) is never restarted, so without this the request would wait for ever.
// When the deadline answers, the request's calls to OpenCode are aborted (chat/callSignal.ts): a
// prompt not yet sent is never sent after the person was told it failed, and a call given up on
// frees its socket. One already sent may still be acted on, so anything but a read says so, and
// says to check before doing it again rather than to resend. Not for a prompt sent with `?wait=1`,
// which waits for the whole reply by design (waitsForReply, the route's own rule), nor for the Files
// tab's git routes: their time is git's, one budget per action with its own sentence, and their one
// OpenCode call (the chat's folder) has a deadline of its own (git/gitBudget.ts, git/folderLookup.ts).
import { formatDuration, sidecarCallDeadlineMs } from "@turnkey/contracts";
import type { Context, MiddlewareHandler } from "hono";
import { apiError } from "../apiError.ts";
import { withCallSignal } from "../chat/callSignal.ts";
import { waitsForReply } from "./chat.ts";

/** Long enough for any single call; the windows' client waits longer (contracts' deadlines.ts). */
export const defaultSidecarCallDeadlineMs = sidecarCallDeadlineMs;

/** The routes whose answers come from OpenCode (Hono's `/x/*` matches `/x` itself too). */
export const sidecarCallPaths = ["/api/sessions/*", "/api/models", "/api/providers/*", "/api/workbench"];

/** The Files tab's git routes: their work is git's (a hook, a push), not OpenCode's (review 5, L5). */
const gitRoute = /^\/api\/sessions\/[^/]+\/git(?:\/|$)/;

function lateSentence(c: Context, deadlineMs: number): string {
  const late = `OpenCode did not answer within ${formatDuration(deadlineMs)}.`;
  const restart = "restart OpenCode from the status window if it keeps happening.";
  if (c.req.method === "GET" || c.req.method === "HEAD")
    return `${late} It may still be loading the project: try again in a moment, or ${restart}`;
  return `${late} It may still have received this and act on it later: check the chat before doing it again, and ${restart}`;
}

export function sidecarCallDeadline(deadlineMs: number): MiddlewareHandler {
  return async (c, next) => {
    if (waitsForReply(c) || gitRoute.test(c.req.path)) return next();
    const upstream = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const handled = withCallSignal(upstream.signal, next);
    handled.catch(() => undefined); // answered by the deadline: a later failure has nobody to tell
    const late = new Promise<Response>((resolve) => {
      timer = setTimeout(() => {
        const answer = apiError(c, 504, "sidecar_timeout", lateSentence(c, deadlineMs));
        upstream.abort();
        resolve(answer);
      }, deadlineMs);
    });
    try {
      return await Promise.race([handled.then(() => undefined), late]);
    } finally {
      clearTimeout(timer);
    }
  };
}

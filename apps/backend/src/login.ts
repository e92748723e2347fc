// The browser login, without a cookie: cookies are not port-scoped, so a cookie on 127.0.0.1 or
// localhost would go to every other loopback server (and any of them could overwrite it). The
// token travels in the URL fragment, which a browser never sends; the page keeps it in
// sessionStorage (per origin, so per port) and sends it as a Bearer header. A `?token=` link
// (what earlier builds printed) is moved into the fragment on one of our own views, never onto a
// path taken from the request (`//evil.com?token=T` must not become `Location: //evil.com`).
import type { MiddlewareHandler } from "hono";
import { apiError } from "./apiError.ts";

/** The name the cookie login of earlier builds used; it is cleared wherever it still shows up. */
export const oldTokenCookieName = "turnkey_token";

export function loginUrl(base: string, token: string, view: "/" | "/chat" = "/"): string {
  return `${base}${view}#token=${encodeURIComponent(token)}`;
}

export function tokenLinkLogin(isToken: (given: string) => boolean): MiddlewareHandler {
  return async (c, next) => {
    if (hasOldCookie(c.req.header("cookie"))) {
      // Expire it: the API no longer reads cookies, but an old one must not linger in the jar.
      c.header("set-cookie", `${oldTokenCookieName}=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict`);
    }
    // The query is read only where a link can land (every API call, a chat turn's, skips it).
    if (c.req.method !== "GET" || c.req.path.startsWith("/api/")) return next();
    const given = c.req.query("token");
    if (given === undefined) return next();
    if (!isToken(given)) {
      return apiError(
        c,
        401,
        "unauthorized",
        "The launch token in this link is not valid. Open the link the app printed at start-up.",
      );
    }
    const view = c.req.path === "/chat" ? "/chat" : "/";
    c.header("cache-control", "no-store");
    return c.redirect(loginUrl("", given, view), 302);
  };
}

function hasOldCookie(header: string | undefined): boolean {
  if (!header) return false;
  return header.split(";").some((part) => part.trim().startsWith(`${oldTokenCookieName}=`));
}

// Where an MCP sign-in page sends the browser back, and whether something already listens there.
// opencode 1.18.33 (McpOAuthCallback.ensureRunning, read in the binary's strings) first connects to
// 127.0.0.1:<port> and, when anything answers, takes it for its own listener and starts none, so
// the browser's return (the authorization code and state) would go to whatever program got there
// first: another user's, another loopback web server (review 7, S4). The backend checks before it
// asks OpenCode to sign in, and refuses with this sentence instead.
import { createConnection } from "node:net";

/** opencode's default return port and path (`c3=19876`, `Q3="/mcp/oauth/callback"` in 1.18.33). */
export const defaultReturnPort = 19876;

/**
 * The port of a server's return address as opencode derives it: `oauth.redirectUri` (its URL's
 * port, else 443 or 80 by scheme), else `oauth.callbackPort`, else 19876. opencode listens on
 * 127.0.0.1 at that port whatever host the address names.
 */
export function signInReturnPort(entry: unknown): number {
  const oauth = (entry as { oauth?: unknown } | null)?.oauth;
  const settings = typeof oauth === "object" && oauth !== null ? (oauth as Record<string, unknown>) : {};
  if (typeof settings.redirectUri === "string") {
    try {
      const url = new URL(settings.redirectUri);
      return url.port ? Number(url.port) : url.protocol === "https:" ? 443 : 80;
    } catch {
      return defaultReturnPort; // opencode's own fallback for an address it cannot read
    }
  }
  return typeof settings.callbackPort === "number" ? settings.callbackPort : defaultReturnPort;
}

/**
 * Whether something accepts a connection on 127.0.0.1:`port`, as opencode's own test does. On
 * Windows a connect to a port nobody listens on fails only after Winsock has re-sent the SYN
 * (3 extra times by default, "INFO: Winsock TCP Connection Performance to Unused Ports",
 * support.microsoft.com KB 175523; about 2 s to localhost, daniel.haxx.se "slow TCP connect on
 * Windows", 2024), not at once, hence the generous deadline. No answer by then counts as
 * something there: opencode's own check, which has no deadline, would hang on it.
 */
export function somethingListens(port: number, deadlineMs = 10_000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ port, host: "127.0.0.1" });
    const done = (answer: boolean) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(answer);
    };
    const timer = setTimeout(() => done(true), deadlineMs);
    socket.once("connect", () => done(true));
    socket.once("error", () => done(false));
  });
}

export function portTakenSentence(name: string, port: number): string {
  return `Another program already listens on 127.0.0.1:${port}, where the sign-in page sends you back, so the sign-in to "${name}" was not started (that program would get your sign-in). Close that program, or set "oauth": {"callbackPort": …} to a free port for "${name}" in opencode.json, then press Sign in again.`;
}

// The environment a sidecar starts with, and what a failed spawn says: our own variables stay
// with us, loopback bypasses proxies, npm gives up on an unreachable registry at once
// (npmRetries.ts), and the password is the only credential handed over.
import type { SidecarError } from "@turnkey/contracts";
import { npmRetriesFor } from "./npmRetries.ts";
import { sidecarUsername } from "./password.ts";

export function sidecarProcessEnv(
  base: NodeJS.ProcessEnv,
  extra: Record<string, string | undefined>,
  password: string,
): NodeJS.ProcessEnv {
  return {
    ...npmRetriesFor({ ...base, ...extra }),
    ...inheritableEnv(base),
    ...extra,
    OPENCODE_SERVER_USERNAME: sidecarUsername,
    OPENCODE_SERVER_PASSWORD: password,
    ...loopbackNoProxy(base),
  };
}

/**
 * Our own variables (TURNKEY_TOKEN above all) stay with us: opencode's tools run commands that
 * inherit the sidecar's environment, and the launch token must never reach them.
 */
export function inheritableEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([name]) => !name.toUpperCase().startsWith("TURNKEY_")));
}

/** The names loopback goes by: kept away from any proxy (NO_PROXY) for us, OpenCode and its tools. */
export const loopbackHosts = ["127.0.0.1", "localhost", "::1"] as const;
/** The variables that set a proxy, as curl and npm read them (either case). */
export const proxyVariableNames = ["HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy", "ALL_PROXY", "all_proxy"];

/** NO_PROXY and no_proxy (tools read either) with the loopback hosts added to what is set. */
export function loopbackNoProxy(env: NodeJS.ProcessEnv): { NO_PROXY: string; no_proxy: string } {
  const entries = new Set(
    [env.NO_PROXY, env.no_proxy]
      .flatMap((value) => (value ?? "").split(","))
      .map((s) => s.trim())
      .filter(Boolean),
  );
  for (const host of loopbackHosts) entries.add(host);
  const value = [...entries].join(",");
  return { NO_PROXY: value, no_proxy: value };
}

export function spawnError(file: string, error: unknown): SidecarError {
  const code = (error as NodeJS.ErrnoException).code;
  // A program another process holds open for writing (an antivirus scan of a new file, a copy
  // still running): ETXTBSY on POSIX, EBUSY on Windows.
  if (code === "EBUSY" || code === "ETXTBSY") {
    return {
      code: "binary_locked",
      message: `OpenCode could not be started from ${file}: another program holds the file (often an antivirus scan of a new program). Wait a moment and press Start, or press Repair.`,
    };
  }
  const why =
    code === "EACCES"
      ? "permission was denied (is it executable?)"
      : code === "ENOENT"
        ? "the program or the working folder does not exist"
        : (error as Error).message;
  return {
    code: code === "EACCES" ? "binary_not_executable" : "spawn_failed",
    message: `OpenCode could not be started from ${file}: ${why}. Check the path, or reinstall OpenCode Turnkey.`,
  };
}

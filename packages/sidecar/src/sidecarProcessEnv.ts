// The environment a sidecar starts with, and what a failed spawn says: our own variables stay
// with us, loopback bypasses proxies, and the password is the only credential handed over.
import type { SidecarError } from "@turnkey/contracts";
import { sidecarUsername } from "./password.ts";

export function sidecarProcessEnv(
  base: NodeJS.ProcessEnv,
  extra: Record<string, string | undefined>,
  password: string,
): NodeJS.ProcessEnv {
  return {
    ...inheritableEnv(base),
    ...extra,
    OPENCODE_SERVER_USERNAME: sidecarUsername,
    OPENCODE_SERVER_PASSWORD: password,
    NO_PROXY: withLoopback(base.NO_PROXY ?? base.no_proxy),
    no_proxy: withLoopback(base.no_proxy ?? base.NO_PROXY),
  };
}

/**
 * Our own variables (TURNKEY_TOKEN above all) stay with us: opencode's tools run commands that
 * inherit the sidecar's environment, and the launch token must never reach them.
 */
export function inheritableEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([name]) => !name.toUpperCase().startsWith("TURNKEY_")));
}

function withLoopback(value: string | undefined): string {
  const entries = new Set(
    (value ?? "")
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean),
  );
  for (const host of ["127.0.0.1", "localhost", "::1"]) entries.add(host);
  return [...entries].join(",");
}

export function spawnError(file: string, error: unknown): SidecarError {
  const code = (error as NodeJS.ErrnoException).code;
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

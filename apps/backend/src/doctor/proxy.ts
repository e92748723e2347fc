// Proxy variables that would catch loopback requests: OpenCode Turnkey adds loopback to NO_PROXY
// for itself and for OpenCode, but the user's environment as it was says whether other tools
// (and anything started outside the app) send 127.0.0.1 through the proxy.
import { loopbackHosts, proxyVariableNames } from "@turnkey/sidecar";

export function proxyProblem(env: Record<string, string | undefined>): string | null {
  const proxy = proxyVariableNames.find((name) => env[name]?.trim());
  if (!proxy) return null;
  const noProxy = `${env.NO_PROXY ?? ""},${env.no_proxy ?? ""}`
    .split(",")
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean);
  if (noProxy.includes("*")) return null;
  const missing = loopbackHosts.filter((host) => !noProxy.includes(host));
  if (missing.length === 0) return null;
  return `${proxy} is set and NO_PROXY does not list ${missing.join(", ")}, so loopback requests go to the proxy. OpenCode Turnkey bypasses it for itself and OpenCode; add ${missing.join(",")} to NO_PROXY so other tools do too.`;
}

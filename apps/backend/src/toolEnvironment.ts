// The environment of a program the backend runs in a project for the user's work (git, a goal's
// check): the user's own, minus what is ours to keep, by the rule the secrets plugin applies to
// every tool the agent runs (secretsPlugin.ts's shell.env), so nothing the backend starts sees
// more than the agent's bash tool does. Ours to keep: the launch token (every TURNKEY_* variable,
// sidecarProcessEnv's inheritableEnv), the sidecar password and the plugin config (contracts'
// hiddenFromTools), and provider keys: the names opencode's provider list gave plus every
// *_API_KEY once those names are known, and until then every name that looks like a secret.
import { apiKeyName, hiddenFromTools, secretName } from "@turnkey/contracts";
import { inheritableEnv } from "@turnkey/sidecar";

/**
 * `base`: the backend's environment; `providerKeyNames`: the names the secrets plugin learnt from
 * opencode (null while unknown); `alsoHidden`: more names the caller keeps out (git's redirections).
 */
export function toolEnvironment(
  base: NodeJS.ProcessEnv,
  providerKeyNames: readonly string[] | null,
  alsoHidden: readonly string[] = [],
): NodeJS.ProcessEnv {
  const known = providerKeyNames ? new Set(providerKeyNames.map((n) => n.toUpperCase())) : null;
  const hidden = new Set<string>([...hiddenFromTools, ...alsoHidden].map((n) => n.toUpperCase()));
  const isSecret = (name: string) =>
    hidden.has(name.toUpperCase()) || (known ? known.has(name.toUpperCase()) || apiKeyName(name) : secretName(name));
  // Windows variable names ignore case (Path, PATH): compared in upper case throughout.
  return Object.fromEntries(
    Object.entries(inheritableEnv(base)).filter(([name, value]) => value !== undefined && !isSecret(name)),
  );
}

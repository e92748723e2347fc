// The environment variables the secrets plugin's config hook empties in every MCP server's entry,
// so the form can warn before saving a `{env:NAME}` that would reach the server empty. The same
// rule as the plugin's namesToHide (secretsPlugin.ts, which runs inside OpenCode as source text and
// cannot be imported): our own names, OpenCode's provider key names once learnt, and the variables
// named like an API key (like any secret, before the names are learnt).
import { apiKeyName, hiddenFromTools, secretName } from "@turnkey/contracts";

export function emptiedNames(known: readonly string[] | null, env: Record<string, string | undefined>): string[] {
  const named = Object.keys(env).filter(
    (name) => env[name] !== undefined && (known ? apiKeyName(name) : secretName(name)),
  );
  return [...new Set([...hiddenFromTools, ...(known ?? []), ...named])].sort();
}

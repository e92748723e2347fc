// What opencode's config may not carry: the secrets opencode itself holds. opencode fills
// `{env:NAME}` in every config file it reads, a project's own opencode.json too (a cloned
// repository's, or one the agent's edit tool wrote), and it reads the first folder's files while
// the sidecar's password is still in its environment. So `"environment": {"X":
// "{env:OPENCODE_SERVER_PASSWORD}"}` handed a local MCP server the password, and
// `{env:OPENAI_API_KEY}` a provider key (review 7, S1). The secrets plugin's `config` hook runs
// this on the merged config opencode is about to use: the password and the console token are
// taken out of every string (no setting ever needs them), a provider key out of what starts a
// program or reaches a host the config names (MCP servers, formatters, LSP servers). Taken out by
// value, so the name a server uses does not matter; a value the user wrote there themselves is not
// one opencode holds and stays. Self-contained: the plugin embeds it with Function#toString.

/**
 * Removes each secret from every string under `config` (in place); `everywhere` from the whole
 * config, `inTools` from the sections that start programs or name hosts
 * (mcp, formatter, lsp). Values shorter than 12 characters are not secrets
 * worth the false matches. Returns how many strings changed.
 */
export function removeSecretValues(config: unknown, everywhere: unknown[], inTools: unknown[]): number {
  const usable = (values: unknown[]) =>
    [...new Set(values)].filter((value): value is string => typeof value === "string" && value.length >= 12);
  let changed = 0;
  const clean = (text: string, secrets: string[]) => {
    let out = text;
    for (const secret of secrets) if (out.includes(secret)) out = out.split(secret).join("");
    if (out !== text) changed += 1;
    return out;
  };
  const walk = (node: unknown, secrets: string[]) => {
    if (secrets.length === 0 || node === null || typeof node !== "object") return;
    const record = node as Record<string, unknown>;
    for (const key of Object.keys(record)) {
      const value = record[key];
      if (typeof value === "string") record[key] = clean(value, secrets);
      else walk(value, secrets);
    }
  };
  const all = usable(everywhere);
  walk(config, all);
  const tools = usable([...all, ...inTools]);
  if (tools.length > all.length && config !== null && typeof config === "object") {
    const record = config as Record<string, unknown>;
    for (const section of ["mcp", "formatter", "lsp"]) walk(record[section], tools);
  }
  return changed;
}

// What opencode's config may not carry: the secrets opencode itself holds. opencode fills
// `{env:NAME}` in the raw text of every config file it reads (keys as well as values), a project's
// own opencode.json too (a cloned repository's, or one the agent's edit tool wrote), and it reads
// the first folder's files while the sidecar's password is still in its environment. So
// `"environment": {"X": "{env:OPENCODE_SERVER_PASSWORD}"}` handed a local MCP server the password,
// and `{env:OPENAI_API_KEY}` a provider key (review 7, S1); a header NAME `x-pw-{env:…}` sent them
// to a remote host (review 8, S1a). The secrets plugin's `config` hook runs this on the merged
// config opencode is about to use: the password and the console token are taken out of every
// string and every key (no setting ever needs them), a provider key out of everything but the
// `provider` section, where a provider's own options are how opencode uses it (an `instructions`
// URL, an agent's prompt, an MCP server, a formatter reached a host or a program with it). Taken
// out by value, so the name a setting uses does not matter; a value the user wrote there themselves
// is not one opencode holds and stays. Not covered, and not coverable by values: `{file:PATH}` (a
// file's text, auth.json's saved keys among them), a project's plugins and a project's own
// `provider` options; the trust step keeps a folder's config from running before the user says so.
// Self-contained: the plugin embeds it with Function#toString.

/**
 * Removes each secret from every string and key under `config` (in place); `everywhere` from the
 * whole config, `outsideProviders` from all of it but the top-level `provider` section. Values
 * shorter than 12 characters are not secrets worth the false matches. Returns how many strings and
 * keys changed.
 */
export function removeSecretValues(config: unknown, everywhere: unknown[], outsideProviders: unknown[]): number {
  const usable = (values: unknown[]) =>
    [...new Set(values)].filter((value): value is string => typeof value === "string" && value.length >= 12);
  let changed = 0;
  const clean = (text: string, secrets: string[]) => {
    let out = text;
    for (const secret of secrets) if (out.includes(secret)) out = out.split(secret).join("");
    if (out !== text) changed += 1;
    return out;
  };
  const walk = (node: unknown, secrets: string[], skip: string | null) => {
    if (node === null || typeof node !== "object") return;
    const record = node as Record<string, unknown>;
    for (const key of Object.keys(record)) {
      if (key === skip) continue;
      const value = record[key];
      const cleanKey = clean(key, secrets);
      if (cleanKey !== key) {
        // A key of ours in a name: the entry keeps its value under the cleaned name.
        delete record[key];
        record[cleanKey] = value;
      }
      if (typeof value === "string") record[cleanKey] = clean(value, secrets);
      else walk(value, secrets, null);
    }
  };
  const all = usable(everywhere);
  const wider = usable([...all, ...outsideProviders]);
  if (all.length > 0 && config !== null && typeof config === "object") {
    walk((config as Record<string, unknown>).provider, all, null);
  }
  if (wider.length > 0) walk(config, wider, "provider");
  return changed;
}

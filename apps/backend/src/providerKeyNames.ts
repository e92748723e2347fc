// Which environment variables hold provider keys (ANTHROPIC_API_KEY, AWS_SECRET_ACCESS_KEY…)
// only opencode knows: each provider of its ~6 MB provider list (GET /provider) names its own.
// Reading that list in the backend cost an idle backend 10–40 MB of RSS for good (the answer's
// buffers and strings grow heaps that are never handed back), so the secrets plugin learns the
// names inside opencode, which builds the list anyway, and writes only the names to a 0600 file
// next to itself; the backend reads that small file (providerSecrets.ts). Both functions run in
// the plugin as source text (secretsPlugin.ts), so they reference nothing but their parameters and
// globals: the name rules of @turnkey/contracts come in as parameters (an import's binding is
// spelt differently in each build); the backend's tests run them under Node.

/** What the plugin's file holds: the names, and which opencode program they were learnt from. */
export interface HiddenEnvFile {
  opencode: string;
  names: string[];
}

/** The file and the provider list, passed in so the function's text stands alone. */
export interface ProviderNamesIo {
  /** The file's text; throws when there is none. */
  read(): string;
  /** Replaces the file (0600, atomically: the backend may be reading it). */
  write(text: string): void;
  /** opencode's provider list (GET /provider), as text. */
  list(): Promise<string>;
}

/** How names are read and judged, passed in so the function's text stands alone. */
export interface ProviderNameRules {
  /** The env names in the provider list's text (envNamesInProviderList). */
  namesIn(text: string): string[];
  /** contracts' ordinaryVariableName: never a key's name. */
  ordinary(name: string): boolean;
  /** contracts' secretName: a name the file may keep after opencode's list stops naming it. */
  secret(name: string): boolean;
}

/**
 * The names opencode's provider list gives now, written for the backend, with those of the
 * file's earlier names that look like a secret. Asked at every opencode start. A name opencode no
 * longer lists is dropped unless it looks like a secret: the file is writable by any tool (it runs
 * as the user), so a name kept for good would let a tool hide (and mask the value of) any variable
 * until the user resets the list (the doctor's "hidden_names" check), while a secret-looking name
 * kept only hides more (a key of a provider that only another project's opencode.json declares,
 * learnt when that folder asked first). Nothing a tool writes can take away a name the list gives.
 */
export async function learnProviderKeyNames(
  opencode: string,
  io: ProviderNamesIo,
  rules: ProviderNameRules,
): Promise<string[]> {
  const listed = rules.namesIn(await io.list()).filter((name) => !rules.ordinary(name));
  // opencode lists every provider with the variables of its key: a list that yields none is one
  // this reading no longer understands (a renamed field, another shape), not "no keys to hide".
  if (listed.length === 0) throw new Error("opencode's provider list named no key variables (has its shape changed?)");
  let before: string[] = [];
  try {
    const known = JSON.parse(io.read());
    if (Array.isArray(known?.names))
      before = known.names.filter(
        (name: unknown) => typeof name === "string" && !rules.ordinary(name) && rules.secret(name),
      );
  } catch {
    // No file yet, or not ours: the list alone.
  }
  const names = [...new Set([...before, ...listed])].sort();
  io.write(`${JSON.stringify({ opencode, names } satisfies HiddenEnvFile)}\n`);
  return names;
}

/**
 * The env names in opencode's provider list, read from its text: only the small `"env":[…]`
 * arrays are parsed, not the whole answer. A stray match only hides one more variable from
 * tools (the safe side); ordinary variables are left out by learnProviderKeyNames.
 */
export function envNamesInProviderList(text: string): string[] {
  const names = new Set<string>();
  for (const match of text.matchAll(/"env":\s*(\[[^\]]*\])/g)) {
    let list: unknown;
    try {
      list = JSON.parse(match[1] ?? "[]");
    } catch {
      continue;
    }
    if (!Array.isArray(list)) continue;
    for (const name of list) if (typeof name === "string" && /^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) names.add(name);
  }
  return [...names].sort();
}

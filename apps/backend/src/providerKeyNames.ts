// Which environment variables hold provider keys (ANTHROPIC_API_KEY, AWS_SECRET_ACCESS_KEY…)
// only opencode knows: each provider of its ~6 MB provider list (GET /provider) names its own.
// Reading that list in the backend cost an idle backend 10–40 MB of RSS for good (the answer's
// buffers and strings grow heaps that are never handed back), so the secrets plugin learns the
// names inside opencode, which builds the list anyway, and writes only the names to a 0600 file
// next to itself; the backend reads that small file (providerSecrets.ts). Both functions run in
// the plugin as source text (secretsPlugin.ts), so they reference nothing but their parameters and
// globals; the backend's tests run them under Node.

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

/**
 * The names opencode's provider list gives now, with every name the file held before, written
 * back for the backend. Asked at every opencode start: the file is writable by any tool (it runs
 * as the user), so it may add names (hiding more is the safe side) but never take one away.
 */
export async function learnProviderKeyNames(
  opencode: string,
  io: ProviderNamesIo,
  namesIn: (text: string) => string[],
): Promise<string[]> {
  const listed = namesIn(await io.list()).filter((name) => !ordinaryVariableName(name));
  // opencode lists every provider with the variables of its key: a list that yields none is one
  // this reading no longer understands (a renamed field, another shape), not "no keys to hide".
  if (listed.length === 0) throw new Error("opencode's provider list named no key variables (has its shape changed?)");
  let before: string[] = [];
  try {
    const known = JSON.parse(io.read());
    if (Array.isArray(known?.names))
      before = known.names.filter((name: unknown) => typeof name === "string" && !ordinaryVariableName(name));
  } catch {
    // No file yet, or not ours: the list alone.
  }
  const names = [...new Set([...before, ...listed])].sort();
  io.write(`${JSON.stringify({ opencode, names } satisfies HiddenEnvFile)}\n`);
  return names;
}

/**
 * Variables every program needs or that name a place (PATH, HOME, TMPDIR, SystemRoot, XDG_…): never
 * a provider key, whatever the names file (any tool can write it) or a provider list says. Hiding
 * one would break every tool, and masking its value would mask the home folder in every answer.
 * Windows names are case-insensitive, hence the flag.
 */
export function ordinaryVariableName(name: string): boolean {
  return /^(PATH|PATHEXT|HOME|HOMEDRIVE|HOMEPATH|USER|USERNAME|USERDOMAIN|LOGNAME|SHELL|PWD|OLDPWD|SHLVL|TMPDIR|TEMP|TMP|LANG|LANGUAGE|LC_[A-Z_]+|TERM|COLORTERM|TZ|DISPLAY|HOSTNAME|EDITOR|VISUAL|PAGER|SYSTEMROOT|SYSTEMDRIVE|WINDIR|COMSPEC|USERPROFILE|APPDATA|LOCALAPPDATA|PROGRAMDATA|PROGRAMFILES[A-Z0-9_()]*|COMMONPROGRAMFILES[A-Z0-9_()]*|ALLUSERSPROFILE|PUBLIC|OS|NUMBER_OF_PROCESSORS|PROCESSOR_[A-Z_]+|XDG_[A-Z_]+)$/i.test(
    name,
  );
}

/**
 * Whether a variable's name says it holds a secret (GITHUB_TOKEN, AWS_SECRET_ACCESS_KEY,
 * AWS_BEARER_TOKEN_BEDROCK, DB_PASSWORD…): hidden from tools while opencode's own names are not
 * known (failing closed), and masked outward by the backend from the start.
 */
export function looksLikeSecretName(name: string): boolean {
  return /(^|_)(API_?KEY|KEY|TOKEN|SECRET|PASSWORD|PASSWD|CREDENTIALS?)(_|$)/i.test(name);
}

/**
 * The env names in opencode's provider list, read from its text: only the small `"env":[…]`
 * arrays are parsed, not the whole answer. A stray match only hides one more variable from
 * tools (the safe side).
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
    for (const name of list)
      if (typeof name === "string" && /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) && !ordinaryVariableName(name))
        names.add(name);
  }
  return [...names].sort();
}

// Which names say they hold a secret, for environment variables and JSON fields alike: the
// secrets plugin hides such variables from tools while opencode's key names are not known, the
// backend masks their values outward from each start, and the diagnostics bundle blanks such
// fields. Decided once here, so a name one place hides is never shown by another. It lives in
// contracts, not beside the plugin, because the sidecar's redaction (packages/sidecar) and the
// backend both apply it and neither may import the other's internals. The secrets plugin runs
// these functions inside opencode as source text (apps/backend/src/secretsPlugin.ts), so each
// references nothing but its parameter and the language's globals.

/**
 * What no tool may see (the secrets plugin hides them; git, terminals and launched programs never get
 * them): the password and the plugin config, with which a tool could drive
 * OpenCode, and the token opencode itself puts in its environment when the user is logged in to
 * an OpenCode console organisation (it fetches the organisation's config with it), with which a
 * tool could act as the user there. That one is named nowhere OpenCode lists its providers' keys,
 * so once those names are learnt nothing else would hide it (review 6, S5).
 */
export const hiddenFromTools = [
  "OPENCODE_SERVER_PASSWORD",
  "OPENCODE_CONFIG_CONTENT",
  "OPENCODE_CONSOLE_TOKEN",
] as const;

/**
 * Whether a name says it holds a secret: one of its words (split at `_`, `-`, `.` and camelCase)
 * is a key, token, secret, password or credential, an authorization, or a PAT (personal access
 * token: CLARIFAI_PAT, SNOWFLAKE_CORTEX_PAT in opencode's provider list). GITHUB_TOKEN,
 * AWS_SECRET_ACCESS_KEY, DB_PASSWORD, GOOGLE_APPLICATION_CREDENTIALS, APIKEY; fields apiKey,
 * x-api-key, privateKey, awsCredentials, Authorization. Not KEYBOARD_LAYOUT, SSH_AUTH_SOCK,
 * TOKENIZERS_PARALLELISM: whole words only.
 */
export function secretName(name: string): boolean {
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .replace(/([A-Z])([A-Z][a-z])/g, "$1_$2")
    .toLowerCase()
    .split(/[^a-z0-9]+/);
  return words.some((word) =>
    /^(keys?|apikeys?|tokens?|secrets?|passwords?|passwd|passphrase|credentials?|authorization|pats?)$/.test(word),
  );
}

/**
 * A variable named like a provider's API key (OPENAI_API_KEY, PATHWAY_API_KEY): hidden from tools
 * even once opencode's own key names are known, as a provider opencode's list does not name yet
 * is most likely keyed this way. Other secret names (GITHUB_TOKEN…) stay usable by tools then.
 */
export function apiKeyName(name: string): boolean {
  return /(^|_)API_?KEY$/i.test(name);
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
 * Whether a value could be a key: 16 characters or more with no white space, and not a path
 * (`/…`, `~…`, `.…`, `C:…`, `\\…`), a URL (`…://…`) or options (`-…`). A key is one long random
 * word; JAVA_HOME, SSL_CERT_FILE, SSH_AUTH_SOCK, HTTPS_PROXY, GIT_SSH_COMMAND, NODE_OPTIONS hold
 * paths, URLs and command lines.
 */
export function keyLikeValue(value: string | undefined): boolean {
  return (
    typeof value === "string" &&
    value.length >= 16 &&
    !/\s/.test(value) &&
    !/^([-~./\\]|[A-Za-z]:)/.test(value) &&
    !value.includes("://")
  );
}

/**
 * Whether a name the provider key names file gives is taken as a key's name, given the variable's
 * value. The secrets plugin writes that file, but any tool can (it runs as the user), so the file's
 * word alone would let a tool hide JAVA_HOME or SSH_AUTH_SOCK from every tool and mask its value in
 * every answer: the name must look like a secret's, or the value like a key. What opencode's own
 * provider list names is taken from its answer (providerKeyNames.ts), not from here.
 */
export function keyNameFromFile(name: string, value: string | undefined): boolean {
  return !ordinaryVariableName(name) && (secretName(name) || keyLikeValue(value));
}

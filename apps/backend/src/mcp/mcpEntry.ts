// An MCP server's entry between the chat window's form and the config file. Out: the file's entry
// as the form shows it, with every value that may be a secret (each environment value, a header
// such as Authorization) hidden as null unless it is an `{env:NAME}` reference, and a secret in
// the address or the arguments as `{hidden}` (mcpHiddenParts.ts). In: the edits that
// turn the file's entry into the form's, key by key, so comments and keys the form does not know
// (`cwd`, `oauth.scope`…) stay; a hidden value the form sends back as null is the file's own.
import {
  envReferencePattern,
  isSecretHeader,
  keyLikeValue,
  type McpEntry,
  type McpNamedValue,
  type McpRemoteEntry,
  secretName,
} from "@turnkey/contracts";
import { maskUrl, unmaskUrl } from "./hiddenAddress.ts";
import type { ConfigEdit } from "./mcpConfigFiles.ts";
import { maskCommand, unmaskCommand } from "./mcpHiddenParts.ts";
import { hiddenMark } from "./secretLook.ts";

const record = (value: unknown): Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};

const text = (value: unknown) => (typeof value === "string" ? value : JSON.stringify(value ?? ""));

/** Whether a value may be shown: a reference to an environment variable always may. */
const shown = (value: string, secret: boolean) => !secret || envReferencePattern.test(value.trim());

function masked(values: unknown, secret: (name: string, value: string) => boolean): McpNamedValue[] {
  return Object.entries(record(values)).map(([name, value]) => ({
    name,
    value: shown(text(value), secret(name, text(value))) ? text(value) : null,
  }));
}

/** A media type and its parameters (`application/json`, `text/event-stream; charset=utf-8`). */
const mediaType = /^[\w.+-]+\/[\w.+-]+(\s*;.*)?$/;

/**
 * Whether a header's value is a secret whatever the header is called: a key-like value of letters
 * and digits that is not a media type (headers hold long plain words such as `text/event-stream`,
 * which keyLikeValue alone would take for a key), also after a scheme word (`Bearer sk-…`,
 * `Token …`), or an address with a password. The form hides, and a committed file refuses, the
 * same values (review 12, MCP F6).
 */
export function secretHeaderValue(value: string): boolean {
  const keyLike = (part: string) =>
    keyLikeValue(part) && /\d/.test(part) && /[A-Za-z]/.test(part) && !mediaType.test(part);
  const afterScheme = /^[A-Za-z][\w-]*\s+(\S+)$/.exec(value.trim())?.[1];
  return keyLike(value) || (afterScheme !== undefined && keyLike(afterScheme)) || maskUrl(value) !== value;
}

const secretHeader = (name: string, value: string) => isSecretHeader(name) || secretHeaderValue(value);

/** The file's entry as the form shows it, literal secrets hidden. */
export function entryForForm(entry: Record<string, unknown>): McpEntry {
  const enabled = entry.enabled !== false;
  const timeoutMs = typeof entry.timeout === "number" ? entry.timeout : null;
  if (entry.type === "remote" || (entry.type !== "local" && typeof entry.url === "string")) {
    const oauth = record(entry.oauth);
    return {
      type: "remote",
      url: maskUrl(text(entry.url ?? "")),
      headers: masked(entry.headers, secretHeader),
      clientId: typeof oauth.clientId === "string" ? oauth.clientId : null,
      enabled,
      timeoutMs,
    };
  }
  return {
    type: "local",
    command: maskCommand(Array.isArray(entry.command) ? entry.command.map(text) : []),
    environment: masked(entry.environment, () => true),
    enabled,
    timeoutMs,
  };
}

/**
 * What the form's entry would write into a file as a literal secret, said as a person would read
 * it ("the value of API_TOKEN"): a credential header, an environment value named like a secret,
 * looking like a key or holding an address with a password (`PORT=3000` is none), a secret in the
 * address or the arguments. One taken from a variable (`{env:NAME}`) never is; one kept hidden
 * (null, `{hidden}`) is only when `moving`: it is then copied from the entry's old file into the
 * new one, so its value there (`before`, the old file's entry) is what is judged: the form never
 * saw it (review 10, B6: a `DATABASE_URL` with a password moved unjudged).
 */
export function typedSecrets(entry: McpEntry, moving = false, before: Record<string, unknown> = {}): string[] {
  const literal = (value: string | null, secret: boolean) =>
    value === null ? moving && secret : secret && !envReferencePattern.test(value.trim());
  const secretValue = (value: string) => keyLikeValue(value) || maskUrl(value) !== value;
  const oldEnvironment = record(before.environment);
  const oldHeaders = record(before.headers);
  const kept = (text: string) => moving && text.includes(hiddenMark);
  const unseen = moving ? unseenSecrets(before) : [];
  if (entry.type === "remote")
    return [
      ...unseen,
      ...(maskUrl(entry.url) !== entry.url || kept(entry.url) ? ["the secret in the address"] : []),
      // A header is judged by its name, and by its value (a hidden one's in the old file), so a key
      // under a name of the server's own making still counts (secretHeaderValue).
      ...entry.headers
        .filter(({ name, value }) => literal(value, secretHeader(name, value ?? text(oldHeaders[name] ?? ""))))
        .map(({ name }) => `the ${name} header`),
    ];
  const { command } = entry;
  const masked = maskCommand(command);
  const inArguments = command.some((argument, i) => masked[i] !== argument || kept(argument));
  return [
    ...unseen,
    ...(inArguments ? ["the secret in the arguments"] : []),
    ...entry.environment
      .filter(({ name, value }) =>
        literal(value, secretName(name) || secretValue(value ?? text(oldEnvironment[name] ?? ""))),
      )
      .map(({ name }) => `the value of ${name}`),
  ];
}

/** What the form shows and typedSecrets judges itself; oauth's clientId is shown too. */
const formKeys = new Set(["type", "url", "headers", "command", "environment", "enabled", "timeout"]);

/**
 * Settings a moved entry carries into its new file that the form never showed (oauth's
 * clientSecret, keys of opencode's the form does not know), judged by name and value (review 12,
 * MCP F1: an oauth.clientSecret was moved into a committed project file unjudged).
 */
function unseenSecrets(before: Record<string, unknown>): string[] {
  const found: string[] = [];
  const walk = (value: unknown, path: string[]) => {
    const name = path[path.length - 1] ?? "";
    if (typeof value === "string") {
      const shownClientId = path.join(".") === "oauth.clientId";
      const secret = secretName(name) || (!shownClientId && (keyLikeValue(value) || maskUrl(value) !== value));
      if (secret && !envReferencePattern.test(value.trim())) found.push(`the ${path.join(".")} setting`);
    } else if (typeof value === "object" && value !== null)
      // An array's items by index, an object's members by key.
      for (const [key, inner] of Object.entries(value)) walk(inner, [...path, key]);
  };
  for (const [key, value] of Object.entries(before)) if (!formKeys.has(key)) walk(value, [key]);
  return found;
}

/** A named value the form left hidden (null) that the file has no value for. */
export class MissingKeptValueError extends Error {}

/** The form's values as the file's object, hidden ones taken from the file; undefined when empty. */
function values(given: McpNamedValue[], before: unknown, kind: string): Record<string, string> | undefined {
  const old = record(before);
  const out: Record<string, string> = {};
  for (const { name, value } of given) {
    if (value !== null) out[name] = value;
    else if (name in old) out[name] = text(old[name]);
    else
      throw new MissingKeptValueError(
        `The ${kind} "${name}" has no value in the file to keep. Type its value, or {env:NAME} to take it from an environment variable.`,
      );
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

function oauthValue(entry: McpRemoteEntry, before: unknown): unknown {
  const old = before === false ? {} : record(before);
  const { clientId: _old, ...rest } = old;
  const next = entry.clientId?.trim() ? { ...rest, clientId: entry.clientId.trim() } : rest;
  if (Object.keys(next).length > 0) return next;
  return before === false ? false : undefined;
}

/**
 * The edits (paths under `mcp.<name>`) that make the file's entry say what the form says. `before`
 * is the entry as it was (null: a new server), the source of hidden values and unknown keys; when
 * the target file does not hold it (`inFile` false: a new server, or one moved to the other
 * scope) the edit writes the whole entry. `enabled: true` is opencode's default, so turning a
 * server on removes a `false`.
 */
export function entryEdits(
  name: string,
  entry: McpEntry,
  before: Record<string, unknown> | null,
  inFile = before !== null,
): ConfigEdit[] {
  const old = before ?? {};
  const wanted: Record<string, unknown> =
    entry.type === "local"
      ? {
          type: "local",
          command: unmaskCommand(entry.command, old.command),
          environment: values(entry.environment, old.environment, "environment variable"),
          url: undefined,
          headers: undefined,
          oauth: undefined,
        }
      : {
          type: "remote",
          url: unmaskUrl(entry.url, old.url),
          headers: values(entry.headers, old.headers, "header"),
          oauth: oauthValue(entry, old.oauth),
          command: undefined,
          environment: undefined,
          cwd: undefined,
        };
  wanted.enabled = entry.enabled ? (old.enabled === true ? true : undefined) : false;
  wanted.timeout = entry.timeoutMs ?? undefined;
  if (!inFile) {
    const fresh = Object.fromEntries(Object.entries({ ...old, ...wanted }).filter(([, value]) => value !== undefined));
    return [{ path: ["mcp", name], value: fresh }];
  }
  const edits: ConfigEdit[] = [];
  for (const [key, value] of Object.entries(wanted)) {
    const was = old[key];
    if (same(was, value)) continue;
    // Both objects (environment, headers, oauth): only the keys that changed, so the rest of the
    // object keeps its layout and comments.
    if (isObject(was) && isObject(value)) {
      for (const sub of new Set([...Object.keys(was), ...Object.keys(value)]))
        if (!same(was[sub], value[sub])) edits.push({ path: ["mcp", name, key, sub], value: value[sub] });
    } else edits.push({ path: ["mcp", name, key], value });
  }
  return edits;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

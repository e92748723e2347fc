// Secrets written inside a remote server's address or a local server's arguments, hidden the way
// environment values and credential headers are (mcpEntry.ts): a token in the address's query
// (`?api_key=…`), a password in it (`https://user:pass@host`), a credential flag's value
// (`--token=…`, `--api-key …`), a credential header given as an argument (`Authorization: Bearer
// …`, as mcp-remote takes it), an address among the arguments, and a token that stands alone (a
// path segment of the address, as Zapier's `…/api/mcp/s/<secret>/mcp`, or an argument such as a
// `ghp_…` key; tokenLike). Each such value is answered as
// `{hidden}` and never reaches the window; the form sends the mark back unchanged to keep the
// file's value, which is put back in its place. A reference (`{env:NAME}`) is not a secret and
// shows as it is.
import { envReferencePattern, isSecretHeader, secretName } from "@turnkey/contracts";
import { SidecarCallError, type SidecarResult, unwrap } from "../chat/sidecarClient.ts";

/** What stands for a hidden value in an address or an argument, both ways. */
export const hiddenMark = "{hidden}";

/** A value the file has and the form left as the mark, which the file cannot supply. */
export class MissingHiddenPartError extends Error {}

const hides = (value: string) => value !== "" && value !== hiddenMark && !envReferencePattern.test(value.trim());
/** A flag's or a query parameter's name that says it holds a secret: whole words (not --keyboard). */
const secretWord = (name: string) => {
  const bare = name.replace(/^-+/, "");
  return secretName(bare) || /(^|[^a-z])(auth|pass|pwd|sig)([^a-z]|$)/i.test(bare);
};
const decoded = (text: string) => {
  try {
    return decodeURIComponent(text.replaceAll("+", " "));
  } catch {
    return text;
  }
};

/**
 * Prefixes of well-known keys (GitHub, GitLab, Slack, OpenAI and Anthropic, Stripe, npm, Hugging
 * Face, Google, AWS) before 16+ random characters, a digit among them (`sk-mcp-server-tools` is a
 * package's name).
 */
const knownKey =
  /^(gh[pousr]_|github_pat_|glpat-|xox[abprs]-|sk-|sk_(live|test)_|rk_(live|test)_|npm_|hf_|AIza|AKIA)(?=[A-Za-z_-]*\d)[A-Za-z0-9_-]{16,}$/;

/**
 * Whether a text with no name beside it (a path segment, a lone argument) is a token: a well-known
 * key's prefix, or 20+ characters of the base64url alphabet mixing upper case, lower case and
 * digits, or 32+ hexadecimal digits (a UUID's too). Names, versions and kebab-case words
 * (`server-github`, `2024-11-05`, `v2`) are none: they lack one of the three kinds or the length.
 */
export function tokenLike(text: string): boolean {
  if (knownKey.test(text)) return true;
  const base64url =
    /^[A-Za-z0-9_-]{20,}={0,2}$/.test(text) && /[a-z]/.test(text) && /[A-Z]/.test(text) && /\d/.test(text);
  const hex = /^[0-9a-f-]{32,}$/i.test(text) && (text.match(/[0-9a-f]/gi)?.length ?? 0) >= 32 && /\d/.test(text);
  return base64url || hex;
}

const userinfo = /^([a-z][a-z0-9+.-]*:\/\/[^/?#@:]*):([^/?#@]*)@/i;
const queryPart = /([?&;])([^=&#;]+)=([^&#;]*)/g;
/** The scheme and authority, then the path up to the query or fragment. */
const pathPart = /^([a-z][a-z0-9+.-]*:\/\/[^/?#]*)([^?#]*)/i;

const pathSegments = (url: string) => pathPart.exec(url)?.[2]?.split("/") ?? [];
const hiddenSegment = (segment: string) => tokenLike(decoded(segment)) && hides(decoded(segment));

/** The address with each secret query value, its password and each token in its path replaced by the mark. */
export function maskUrl(url: string): string {
  return url
    .replace(userinfo, (all, head: string, password: string) => (hides(password) ? `${head}:${hiddenMark}@` : all))
    .replace(
      pathPart,
      (_all, head: string, path: string) =>
        head +
        path
          .split("/")
          .map((segment) => (hiddenSegment(segment) ? hiddenMark : segment))
          .join("/"),
    )
    .replace(queryPart, (all, sep: string, name: string, value: string) =>
      (secretWord(decoded(name)) || tokenLike(decoded(value))) && hides(decoded(value))
        ? `${sep}${name}=${hiddenMark}`
        : all,
    );
}

/** The form's address with each mark replaced by the file's value of the same part. */
export function unmaskUrl(url: string, before: unknown): string {
  if (!url.includes(hiddenMark)) return url;
  const old = typeof before === "string" ? before : "";
  const oldValues = new Map<string, string>();
  for (const [, , name, value] of old.matchAll(queryPart))
    if (name !== undefined && value !== undefined && !oldValues.has(name)) oldValues.set(name, value);
  const missing = (part: string) =>
    new MissingHiddenPartError(
      `The address's ${part} is hidden, and the file has no value for it to keep. Type it, or {env:NAME} to take it from an environment variable.`,
    );
  const withPassword = url.replace(userinfo, (all, head: string, password: string) => {
    if (password !== hiddenMark) return all;
    const kept = userinfo.exec(old)?.[2];
    if (kept === undefined) throw missing("password");
    return `${head}:${kept}@`;
  });
  // A path segment by its place: the file's segment at the same place, if it was hidden there too.
  const oldSegments = pathSegments(old);
  const withPath = withPassword.replace(
    pathPart,
    (_all, head: string, path: string) =>
      head +
      path
        .split("/")
        .map((segment, at) => {
          if (segment !== hiddenMark) return segment;
          const kept = oldSegments[at];
          if (kept === undefined || !hiddenSegment(kept)) throw missing(`path part ${at}`);
          return kept;
        })
        .join("/"),
  );
  const out = withPath.replace(queryPart, (all, sep: string, name: string, value: string) => {
    if (value !== hiddenMark) return all;
    const kept = oldValues.get(name);
    if (kept === undefined) throw missing(`"${decoded(name)}"`);
    return `${sep}${name}=${kept}`;
  });
  if (out.includes(hiddenMark)) throw missing("value");
  return out;
}

const flagWithValue = /^(--?[A-Za-z][\w.-]*)=(.*)$/s;
const bareFlag = /^--?[A-Za-z][\w.-]*$/;
const headerArgument = /^([!#$%&'*+.^_`|~0-9A-Za-z-]+):[ \t]*(.+)$/s;

/** The arguments with each secret part replaced by the mark (the program, item 0, is left alone). */
export function maskCommand(command: readonly string[]): string[] {
  return command.map((argument, index) => {
    if (index === 0) return argument;
    const previous = command[index - 1] ?? "";
    if (index > 1 && bareFlag.test(previous) && secretWord(previous) && !argument.startsWith("-"))
      return hides(argument) ? hiddenMark : argument;
    const flag = flagWithValue.exec(argument);
    if (flag?.[1] !== undefined && flag[2] !== undefined)
      return (secretWord(flag[1]) || tokenLike(flag[2])) && hides(flag[2]) ? `${flag[1]}=${hiddenMark}` : argument;
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(argument)) return maskUrl(argument);
    const header = headerArgument.exec(argument);
    if (header?.[1] !== undefined && header[2] !== undefined && isSecretHeader(header[1]) && hides(header[2].trim()))
      return `${header[1]}: ${hiddenMark}`;
    return tokenLike(argument) ? hiddenMark : argument;
  });
}

/**
 * The form's arguments with each one holding the mark replaced by the file's argument that hides
 * to the same text (after the same argument, for a flag's value), each used once.
 */
export function unmaskCommand(command: readonly string[], before: unknown): string[] {
  const old = Array.isArray(before) ? before.map(String) : [];
  const masked = maskCommand(old);
  const used = new Set<number>();
  return command.map((argument, index) => {
    if (!argument.includes(hiddenMark)) return argument;
    const match = (alsoPrevious: boolean) =>
      masked.findIndex(
        (text, at) =>
          at > 0 &&
          !used.has(at) &&
          text === argument &&
          (!alsoPrevious || masked[at - 1] === maskCommand(command)[index - 1]),
      );
    const at = argument === hiddenMark ? match(true) : match(false);
    if (at < 0)
      throw new MissingHiddenPartError(
        `Argument ${index} ("${argument.slice(0, 80)}") holds a hidden value the file has no match for. Type the value again, or {env:NAME} to take it from an environment variable.`,
      );
    used.add(at);
    return old[at] ?? argument;
  });
}

/** Every address in a text (OpenCode's own error words, say) with its secret parts hidden. */
export function maskUrlsIn(text: string): string {
  return text.replace(/[a-z][a-z0-9+.-]*:\/\/[^\s"'<>`]+/gi, (url) => maskUrl(url));
}

/** unwrap, with every address in OpenCode's answer masked: an MCP server's URL can carry a token. */
export function unwrapMasked<T>(result: SidecarResult<T>, what: string): T {
  try {
    return unwrap(result, what);
  } catch (error) {
    if (error instanceof SidecarCallError) throw new SidecarCallError(error.httpStatus, maskUrlsIn(error.message));
    throw error;
  }
}

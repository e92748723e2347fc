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
import { visit } from "jsonc-parser";
import { SidecarCallError, type SidecarResult, unwrap } from "../chat/sidecarClient.ts";

/** What stands for a hidden value in an address or an argument, both ways. */
export const hiddenMark = "{hidden}";

/** A value the file has and the form left as the mark, which the file cannot supply. */
export class MissingHiddenPartError extends Error {}

const hides = (value: string) => value !== "" && value !== hiddenMark && !envReferencePattern.test(value.trim());
/**
 * A flag's, a query parameter's or a JSON member's name that says it holds a secret: whole words
 * (not --keyboard), and not an amount of one (`--max-tokens 4096`, `"tokenLimit"`: review 15, L3).
 */
const secretWord = (name: string) => {
  const bare = name.replace(/^-+/, "");
  if (amountName(bare)) return false;
  return secretName(bare) || /(^|[^a-z])(auth|pass|pwd|sig)([^a-z]|$)/i.test(bare);
};
/**
 * A name that counts or limits something: its first or last word says so (`max_tokens`,
 * `tokenLimit`), not a word inside (`MiniMaxApiKey` is a MiniMax key: review 15 round 3).
 */
const amountName = (name: string) => {
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((word) => word !== "");
  return [words[0], words.at(-1)].some(
    (word) => word !== undefined && /^(max|min|limit|count|budget|num|size|length|timeout|ttl)$/.test(word),
  );
};
const decoded = (text: string) => {
  try {
    return decodeURIComponent(text.replaceAll("+", " "));
  } catch {
    return text;
  }
};

/**
 * Well-known keys: a prefix (GitHub, GitLab, Slack, OpenAI and Anthropic, Stripe, npm, Hugging Face,
 * Google, AWS, Shopify, Databricks, DigitalOcean, Linear, Supabase, Firecrawl, Tavily, Perplexity,
 * Groq, Notion, Figma, Atlassian, xAI, Brave, Mailgun) before 16+ random characters with a digit
 * among them (`sk-mcp-server-tools` is a package's name), a JWT (a Supabase service key), a
 * SendGrid key.
 */
const knownKey =
  /^(gh[pousr]_|github_pat_|glpat-|xox[abprs]-|xapp-|sk-|sk_(live|test)_|rk_(live|test)_|whsec_|npm_|hf_|AIza|AKIA|GOCSPX-|shpat_|dapi|dop_v1_|lin_api_|sbp_|fc-|tvly-|pplx-|gsk_|ntn_|secret_|figd_|ATATT|xai-|BSA|key-)(?=[A-Za-z_-]*\d)[A-Za-z0-9_-]{16,}$|^eyJ[\w-]{8,}\.eyJ[\w-]{8,}\.[\w-]{8,}$|^SG\.[\w-]{16,}\.[\w-]{16,}$/;

/**
 * How often a text switches between lower case, upper case and digits, per character, inside the
 * parts `-`, `_`, `+`, `/` and `=` separate (a model name's `-30B-A3B-` would count each separator
 * twice otherwise, review 14 round 2).
 */
function classSwitches(text: string): number {
  const kind = (c: string) => (c >= "a" && c <= "z" ? 0 : c >= "A" && c <= "Z" ? 1 : 2);
  let switches = 0;
  let pairs = 0;
  for (const part of text.split(/[-_+/=]+/)) {
    for (let i = 1; i < part.length; i += 1) if (kind(part[i - 1] as string) !== kind(part[i] as string)) switches += 1;
    pairs += Math.max(0, part.length - 1);
  }
  return switches / Math.max(1, pairs);
}

/**
 * Whether a text with no name beside it (a path segment, a lone argument, a flag's value) is a
 * token: a well-known key (knownKey), or 32+ characters of the base64url alphabet (40+ of base64's)
 * mixing upper case, lower case and digits that switch between them as random text does (about 6
 * switches in 10; words in PascalCase, about 3: `MyCompanyInternalToolsServer2024Prod`). Names, model names,
 * versions, dates, hashes and UUIDs are none (`Qwen3-Coder-30B-A3B-Instruct`, a git commit's 40
 * hexadecimal digits, an Azure tenant's GUID): hiding one would also refuse a project save.
 */
export function tokenLike(text: string): boolean {
  if (knownKey.test(text)) return true;
  return (
    (/^[A-Za-z0-9_-]{32,}={0,2}$/.test(text) || /^[A-Za-z0-9+/]{40,}={0,2}$/.test(text)) &&
    /[a-z]/.test(text) &&
    /[A-Z]/.test(text) &&
    /\d/.test(text) &&
    classSwitches(text) >= 0.45
  );
}

// The password runs to the authority's last `@`, as WHATWG's parser reads `https://u:p@ss@h.com`.
const userinfo = /^([a-z][a-z0-9+.-]*:\/\/[^/?#@:]*):([^/?#]*)@/i;
// The name stops at a `?` too: a run of `?` with no `=` was tried from each one to the end (quadratic).
// A fragment's `#access_token=…` (OAuth's implicit flow writes keys there) is read as a query's.
const queryPart = /([?&;#])([^=&#;?]+)=([^&#;]*)/g;
/** The scheme and authority, then the path up to the query or fragment. */
const pathPart = /^([a-z][a-z0-9+.-]*:\/\/[^/?#]*)([^?#]*)/i;

/**
 * Where an address sends what it carries, as the program that fetches it reads it (WHATWG's URL
 * parser, Node's fetch's and OpenCode's): scheme and host, lower case, a default port dropped
 * (`HTTPS://H.com:443` is `https://h.com`). Read by hand, `https://evil.com\@h.com` was h.com,
 * while the parser takes `\` for `/` and sends to evil.com (review 15, H2). Text the parser
 * refuses (`https://{env:HOST}/x`) is its own place: what comes before its path, as written.
 */
function originOf(url: string): string {
  const head = pathPart.exec(url)?.[1];
  // OpenCode expands {env:…} and {file:…} as text before the address is read: one in the authority
  // may hold a `/` or `\` that moves the host (`https://{env:HOME}@h.com` goes to `home`), so such an
  // authority is its own place, compared exactly as written (review 15 round 6, H1/M1).
  if (head !== undefined && !head.replaceAll(hiddenMark, "").includes("{"))
    try {
      const parsed = new URL(url);
      // Lower case: WHATWG keeps an opaque host's case (`postgres://DB.example`), DNS does not care.
      if (parsed.host !== "") return `${parsed.protocol}//${parsed.host}`.toLowerCase();
    } catch {
      // refused by the parser: compared as written below
    }
  // As written, a typed password replaced (it would reach a message): never equal to an address the parser reads.
  const place = head?.replace(userinfo, (all, start: string, password: string) =>
    envReferencePattern.test(password.trim()) ? all : `${start}:*@`,
  );
  return `written:${place ?? url.split(/[/?#]/, 1)[0] ?? ""}`;
}

const pathSegments = (url: string) => pathPart.exec(url)?.[2]?.split("/") ?? [];

/**
 * Which of an address's path segments is hidden: a token by its look, except a Google document's
 * or folder's id (`docs.google.com/spreadsheets/d/<id>`, `drive.google.com/drive/folders/<id>`),
 * random-looking but no key: hidden, a project save of a Sheets server was refused as a secret.
 */
const hiddenSegmentOf = (url: string) => {
  const google = /^https:\/\/(docs|drive)\.google\.com$/.test(originOf(url));
  return (segment: string, index: number, all: readonly string[]) =>
    tokenLike(decoded(segment)) &&
    hides(decoded(segment)) &&
    !(google && (all[index - 1] === "d" || all[index - 1] === "folders") && !knownKey.test(decoded(segment)));
};

/**
 * A value its name calls an id (`--folder-id`, `spreadsheetId=`, `"fileId":`, `client_id`): shown
 * though random-looking (a document's or an app's id is no secret), unless it is a well-known key.
 */
const namedId = (name: string) => /(^|[-_.])ids?$/i.test(name.replace(/^-+/, "")) || /[a-z0-9]Ids?$/.test(name);
/** Whether a value is hidden by its look, given its name (none: an argument or segment alone). */
const keyByLook = (value: string, name?: string) =>
  name !== undefined && namedId(name) ? knownKey.test(value) : tokenLike(value);

/**
 * The address with each secret query value, its password and each token in its path replaced by the
 * mark. `byName` false (the trust card): only what looks like a key, never a value for its name alone.
 */
export function maskUrl(url: string, byName = true): string {
  const hiddenSegment = hiddenSegmentOf(url);
  const withoutPassword = url.replace(userinfo, (all, head: string, password: string) =>
    hides(password) && (byName || tokenLike(decoded(password))) ? `${head}:${hiddenMark}@` : all,
  );
  const withoutPath = withoutPassword.replace(
    pathPart,
    (_all, head: string, path: string) =>
      head +
      path
        .split("/")
        .map((segment, index, all) =>
          hiddenSegment(segment, index, all)
            ? hiddenMark
            : // A path parameter (`/mcp;token=…`) inside its own segment, never across a `/`.
              segment.replace(pathParameter, (whole, sep: string, name: string, value: string) =>
                hiddenQueryValue(name, value, byName) ? `${sep}${name}=${hiddenMark}` : whole,
              ),
        )
        .join("/"),
  );
  return replaceQuery(withoutPath, ({ sep, name, value }) =>
    hiddenQueryValue(name, value, byName) ? `${sep}${name}=${hiddenMark}` : `${sep}${name}=${value}`,
  );
}

/**
 * Each `name=value` of an address's query and fragment, in order: only after the first `?` or `#`
 * (a `;token=` path parameter swallowed a path mark, and `&token=` written in the user part took a
 * query's key there: review 15 round 4, M1/M2), with where it is (`#`: never sent) and its offset.
 */
function queryParts(url: string): { at: number; sep: string; name: string; value: string; region: "?" | "#" }[] {
  const start = url.search(/[?#]/);
  if (start === -1) return [];
  const hash = url.indexOf("#");
  return [...url.slice(start).matchAll(queryPart)].map((match) => {
    const [, sep = "", name = "", value = ""] = match;
    const at = start + match.index;
    return { at, sep, name, value, region: hash !== -1 && at >= hash ? ("#" as const) : ("?" as const) };
  });
}

/** `url` with each query or fragment part replaced by what `change` gives for it. */
function replaceQuery(url: string, change: (part: ReturnType<typeof queryParts>[number]) => string): string {
  let out = "";
  let copied = 0;
  for (const part of queryParts(url)) {
    out += url.slice(copied, part.at) + change(part);
    copied = part.at + part.sep.length + part.name.length + 1 + part.value.length;
  }
  return out + url.slice(copied);
}

/** A `;name=value` or `&name=value` inside one path segment. */
const pathParameter = /([;&])([^=;&]+)=([^;&]*)/g;

/** Whether maskUrl hides a query value: by its name (the form only) or its look. */
const hiddenQueryValue = (name: string, value: string, byName: boolean) =>
  ((byName && secretWord(decoded(name))) || keyByLook(decoded(value), decoded(name))) && hides(decoded(value));

/** The form's address with each mark replaced by the file's value of the same part. */
export function unmaskUrl(url: string, before: unknown): string {
  if (!url.includes(hiddenMark)) return url;
  const old = typeof before === "string" ? before : "";
  // Sent back as shown: the file's address, whatever it holds (a path parameter's key, a `\`).
  if (old !== "" && url === maskUrl(old)) return old;
  // A query's hidden values by name, each name's in order (`?token=A&token=B` keeps both), the
  // fragment's apart: a key moved from `#` (never sent) to `?` (sent) is not put back (review 15, L2).
  // Only the values maskUrl hid: `?k=abc&k=<key>` gave its mark `abc` (round 4, H3).
  const oldValues = new Map<string, { values: string[]; next: number }>();
  for (const { name, value, region } of queryParts(old)) {
    if (!hiddenQueryValue(name, value, true)) continue;
    const key = `${region}${name}`;
    const kept = oldValues.get(key);
    if (kept) kept.values.push(value);
    else oldValues.set(key, { values: [value], next: 0 });
  }
  const missing = (part: string) =>
    new MissingHiddenPartError(
      `The address's ${part} is hidden, and the file has no value for it to keep. Type it, or {env:NAME} to take it from an environment variable.`,
    );
  // A hidden part goes to the place it was written for only: an address changed to another scheme,
  // host or port would carry the key there unseen (review 14, M8 and round 2).
  if (old !== "" && originOf(old) !== originOf(url))
    throw new MissingHiddenPartError(
      `The address now points elsewhere than the file's (${originOf(old).replace(/^written:/, "")}), so its hidden parts are not carried over. Type them again, or {env:NAME} to take them from an environment variable.`,
    );
  const withPassword = url.replace(userinfo, (all, head: string, password: string) => {
    if (password !== hiddenMark) return all;
    const kept = userinfo.exec(old)?.[2];
    if (kept === undefined) throw missing("password");
    return `${head}:${kept}@`;
  });
  // Path marks in order: the first mark is the file's first hidden segment, and so on. Their number
  // must be the file's, or which is which cannot be told (a mark removed, one key kept in place of
  // another, review 14 M2).
  const oldHidden = pathSegments(old).filter(hiddenSegmentOf(old));
  const marks = pathSegments(withPassword).filter((segment) => segment === hiddenMark).length;
  if (marks > 0 && marks !== oldHidden.length)
    throw new MissingHiddenPartError(
      `The address's path has ${marks} hidden part${marks === 1 ? "" : "s"} and the file ${oldHidden.length}: which is which cannot be told. Type ${marks === 1 ? "it" : "them"} again, or {env:NAME} to take ${marks === 1 ? "it" : "them"} from an environment variable, or change the address in the file itself.`,
    );
  let nextHidden = 0;
  const withPath = withPassword.replace(
    pathPart,
    (_all, head: string, path: string) =>
      head +
      path
        .split("/")
        .map((segment) => (segment === hiddenMark ? (oldHidden[nextHidden++] as string) : segment))
        .join("/"),
  );
  const out = replaceQuery(withPath, ({ sep, name, value, region }) => {
    if (value !== hiddenMark) return `${sep}${name}=${value}`;
    const values = oldValues.get(`${region}${name}`);
    const kept = values?.values[values.next++];
    if (kept === undefined) throw missing(`"${decoded(name)}"`);
    return `${sep}${name}=${kept}`;
  });
  if (out.includes(hiddenMark)) throw missing("value");
  // What was put back must not move the address either (a key holding `/` written into the user part).
  if (old !== "" && originOf(out) !== originOf(old))
    throw new MissingHiddenPartError(
      "Putting the hidden values back would send the address elsewhere than the file's: type them again, or {env:NAME} to take them from an environment variable.",
    );
  return out;
}

const isAddress = (argument: string) => /^[a-z][a-z0-9+.-]{0,31}:\/\//i.test(argument);
const flagWithValue = /^(--?[A-Za-z][\w.-]*)=(.*)$/s;
const bareFlag = /^--?[A-Za-z][\w.-]*$/;
const headerArgument = /^([!#$%&'*+.^_`|~0-9A-Za-z-]+):[ \t]*(.+)$/s;

/** JSON nested deeper than this is not looked into: jsonc-parser's visit is recursive (20,000 levels overflowed it). */
const maxJsonDepth = 64;

/** How deep a JSON text's objects and arrays nest (one pass, strings skipped). */
function jsonDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let at = 0; at < text.length; at++) {
    const c = text.charCodeAt(at);
    if (inString) {
      if (c === 92)
        at++; // a backslash: the next character is escaped
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 || c === 91) deepest = Math.max(deepest, ++depth);
    else if (c === 125 || c === 93) depth--;
  }
  return deepest;
}

/** maskJson's answer for JSON too deep to look into: the form hides it whole, the card shows it. */
const tooDeep = Symbol("too deep");

/**
 * Settings given as JSON (`--config {"apiKey":"…"}`, a server's options as one argument) with each
 * secret inside hidden in place, the rest exactly as written: a string or number under a secret
 * name at any depth (`byName`: the edit form; never on the trust card), a string that looks like a
 * key, an address's secret parts (on the card by look only). Replaced at the values' offsets
 * (jsonc-parser's visit), never written again: a rewrite dropped a duplicate key's payload from the
 * trust card and changed numbers and escapes (review 15 round 3, H1/H2); a pattern missed long
 * values, arrays and numbers and took a second on a hostile argument (round 2, H1/M2/M3).
 * Null when the text is no JSON or holds nothing to hide.
 */
function maskJson(text: string, byName: boolean): string | null | typeof tooDeep {
  const first = text.trimStart()[0];
  if (first !== "{" && first !== "[") return null;
  try {
    JSON.parse(text); // strict JSON only: jsonc-parser would take comments and trailing commas
  } catch {
    return null;
  }
  if (jsonDepth(text) > maxJsonDepth) return tooDeep;
  const parts: string[] = [];
  let copied = 0;
  // Each member name judged once: judged again for every value under it was quadratic (400 KB: 29 s,
  // review 15 round 4, H1).
  const judged = new Map<string, boolean>();
  const secretNamed = (name: string) => {
    const known = judged.get(name);
    if (known !== undefined) return known;
    const secret = secretWord(name);
    judged.set(name, secret);
    return secret;
  };
  const replace = (offset: number, length: number, value: string) => {
    parts.push(text.slice(copied, offset), JSON.stringify(value));
    copied = offset + length;
  };
  visit(text, {
    onLiteralValue: (value: unknown, offset, length, _line, _column, pathSupplier) => {
      if (typeof value !== "number" && typeof value !== "string") return;
      const names = pathSupplier().filter((segment): segment is string => typeof segment === "string");
      const name = names.at(-1);
      const underSecret = byName && names.some(secretNamed);
      if (typeof value === "number") {
        if (underSecret) replace(offset, length, hiddenMark);
        return;
      }
      if (typeof value !== "string" || !hides(value)) return;
      if (underSecret || keyByLook(value, name)) return replace(offset, length, hiddenMark);
      if (!isAddress(value)) return;
      const masked = maskUrl(value, byName);
      if (masked !== value) replace(offset, length, masked);
    },
  });
  if (parts.length === 0) return null;
  return parts.join("") + text.slice(copied);
}

/** A value given after `--flag=` or `NAME=` with its secrets hidden (an address's, a header's, JSON's), or null. */
function maskValue(value: string, byName: boolean): string | null {
  const trimmed = value.trimStart();
  if (isAddress(trimmed)) {
    const masked = value.slice(0, value.length - trimmed.length) + maskUrl(trimmed, byName);
    return masked === value ? null : masked;
  }
  const header = headerArgument.exec(value);
  if (byName && header?.[1] !== undefined && header[2] !== undefined && isSecretHeader(header[1]))
    return hides(header[2].trim()) ? `${header[1]}: ${hiddenMark}` : null;
  const json = maskJson(value, byName);
  return json === tooDeep ? (byName ? hiddenMark : null) : json;
}

/**
 * The arguments with each secret part replaced by the mark (the program, item 0, is left alone).
 * A value a secret name stands before is hidden whole first (JSON or not); JSON is looked into only
 * under another name, and an address is an address (its query's keys), not JSON.
 */
export function maskCommand(command: readonly string[]): string[] {
  return command.map((argument, index) => {
    if (index === 0) return argument;
    const previous = command[index - 1] ?? "";
    if (index > 1 && bareFlag.test(previous) && secretWord(previous) && !argument.startsWith("-"))
      return hides(argument) ? hiddenMark : argument;
    const flag = flagWithValue.exec(argument);
    if (flag?.[1] !== undefined && flag[2] !== undefined) {
      if (secretWord(flag[1]) && hides(flag[2])) return `${flag[1]}=${hiddenMark}`;
      // An address, a header or JSON after the flag (`--url=https://…?token=…`, review 15 round 3, H5).
      const inner = maskValue(flag[2], true);
      if (inner !== null) return `${flag[1]}=${inner}`;
      return keyByLook(flag[2], flag[1]) && hides(flag[2]) ? `${flag[1]}=${hiddenMark}` : argument;
    }
    // `NAME=value`, as docker's `-e` and env(1) take a variable (review 14 round 2).
    const assignment = /^([A-Za-z_][A-Za-z0-9_]*)=(.+)$/s.exec(argument);
    if (assignment?.[1] !== undefined && assignment[2] !== undefined) {
      if (secretName(assignment[1]) && !amountName(assignment[1]) && hides(assignment[2]))
        return `${assignment[1]}=${hiddenMark}`;
      // `DATABASE_URL=postgres://app:pw@db/app`, docker's most common form (review 15 round 3, H5).
      const inner = maskValue(assignment[2], true);
      if (inner !== null) return `${assignment[1]}=${inner}`;
      return keyByLook(assignment[2], assignment[1]) && hides(assignment[2])
        ? `${assignment[1]}=${hiddenMark}`
        : argument;
    }
    if (isAddress(argument)) return maskUrl(argument);
    // The URL parser skips leading spaces: ` https://u:pw@h…` is an address too (matched back by its text).
    const trimmed = argument.trimStart();
    if (trimmed !== argument && isAddress(trimmed))
      return argument.slice(0, argument.length - trimmed.length) + maskUrl(trimmed);
    const header = headerArgument.exec(argument);
    if (header?.[1] !== undefined && header[2] !== undefined && isSecretHeader(header[1]) && hides(header[2].trim()))
      return `${header[1]}: ${hiddenMark}`;
    // Settings given as JSON: matched back by their masked text, as a header argument is.
    const json = maskJson(argument, true);
    if (json === tooDeep) return hiddenMark;
    if (json !== null) return json;
    // A value after a flag that names an id (`--spreadsheet-id 1BxiMVs0…`) is judged as that id.
    return keyByLook(argument, bareFlag.test(previous) ? previous : undefined) ? hiddenMark : argument;
  });
}

/**
 * A bare mark after a flag named like a secret (`--api-key {hidden}`) is that flag's value, as
 * maskCommand hides it; any other bare mark (a key after `--verbose` too) stands alone.
 */
const lone = (list: readonly string[], at: number) =>
  list[at] === hiddenMark && !(at > 1 && bareFlag.test(list[at - 1] ?? "") && secretWord(list[at - 1] ?? ""));

/**
 * The form's arguments with each mark replaced by the file's value (review 14, M1, M3, M4 and round 2):
 * - marks standing alone in order, the first the file's first hidden lone argument and so on, so
 *   a changed argument beside one (a package's version) keeps it;
 * - an address by the file's address with hidden parts that points to the same place (the one
 *   hiding to the same text first, then the one at the same place), part by part (unmaskUrl), so
 *   its path or query can be edited around the marks;
 * - any other (`--api-key {hidden}`, `--token={hidden}`, `Authorization: {hidden}`) by the file's
 *   arguments hiding to the same text (after the same flag, for a flag's value), in order.
 * Each kind's marks must be as many as the file's, or which is which cannot be told (one removed
 * of two): the save is refused with a sentence. Each of the file's arguments is used once.
 */
export function unmaskCommand(command: readonly string[], before: unknown): string[] {
  const old = Array.isArray(before) ? before.map(String) : [];
  const masked = maskCommand(old);
  // Sent back as shown: the file's arguments, whatever they hold (a literal `{hidden}` among them).
  if (masked.length === command.length && masked.every((text, at) => text === command[at])) return [...old];
  const used = new Set<number>();
  // Each of the file's addresses' places, worked out once (a URL parse each: review 15 round 4, H2).
  // The file's addresses with hidden parts, by place: each form address looks only at its own place's
  // (every one of the file's was compared with every form address: 4,000 took 4.4 s, round 6 M2).
  const addressesByPlace = new Map<string, number[]>();
  old.forEach((text, at) => {
    if (at === 0 || !isAddress(text) || masked[at] === text) return;
    const place = originOf(text);
    const list = addressesByPlace.get(place);
    if (list) list.push(at);
    else addressesByPlace.set(place, [at]);
  });
  /** Which of the file's arguments a mark can take: lone marks together, the others by their text (and flag). */
  const kindOf = (list: readonly string[], at: number) =>
    lone(list, at) ? "lone" : list[at] === hiddenMark ? `${list[at - 1]}\n${hiddenMark}` : (list[at] as string);
  const oldOfKind = new Map<string, number[]>();
  const takenOfKind = new Map<string, number>(); // read by index: shift() was quadratic over 25k arguments
  masked.forEach((text, at) => {
    if (at === 0 || !text.includes(hiddenMark) || isAddress(text)) return;
    const kind = kindOf(masked, at);
    const ofKind = oldOfKind.get(kind);
    if (ofKind) ofKind.push(at);
    else oldOfKind.set(kind, [at]);
  });
  const formCounts = new Map<string, number>();
  command.forEach((argument, at) => {
    if (at === 0 || !argument.includes(hiddenMark) || isAddress(argument)) return;
    const kind = kindOf(command, at);
    formCounts.set(kind, (formCounts.get(kind) ?? 0) + 1);
  });
  for (const [kind, count] of formCounts) {
    const inFile = oldOfKind.get(kind)?.length ?? 0;
    if (inFile === count) continue;
    const what = kind === "lone" ? "standing alone" : `like "${kind.replace("\n", " ").slice(0, 80)}"`;
    throw new MissingHiddenPartError(
      inFile === 0
        ? `An argument ${what} holds a hidden value the file has no value for. Type the value, or {env:NAME} to take it from an environment variable.`
        : `The arguments hold ${count} hidden value${count === 1 ? "" : "s"} ${what} and the file ${inFile}: which is which cannot be told. Type ${count === 1 ? "it" : "them"} again, or {env:NAME} to take ${count === 1 ? "it" : "them"} from an environment variable, or change the arguments in the file itself.`,
    );
  }
  return command.map((argument, index) => {
    if (index === 0 || !argument.includes(hiddenMark)) return argument;
    if (isAddress(argument)) {
      const candidates = (addressesByPlace.get(originOf(argument)) ?? []).filter((at) => !used.has(at));
      const same = candidates.filter((at) => masked[at] === argument);
      const at =
        same.length === 1
          ? same[0]
          : candidates.length === 1
            ? candidates[0]
            : candidates.includes(index)
              ? index
              : undefined;
      if (at === undefined)
        throw new MissingHiddenPartError(
          candidates.length === 0
            ? `Argument ${index} ("${argument.slice(0, 80)}") holds a hidden value, and the file has no address to the same place to keep it from. Type the value, or {env:NAME} to take it from an environment variable.`
            : `Argument ${index} ("${argument.slice(0, 80)}") could be any of ${candidates.length} addresses of the file: which is which cannot be told. Type its hidden values again, or change the arguments in the file itself.`,
        );
      used.add(at);
      return unmaskUrl(argument, old[at]);
    }
    const kind = kindOf(command, index);
    const taken = takenOfKind.get(kind) ?? 0;
    takenOfKind.set(kind, taken + 1);
    const at = oldOfKind.get(kind)?.[taken] as number;
    used.add(at);
    return old[at] as string;
  });
}

/**
 * A command with only the values that themselves look like keys hidden (tokenLike, alone or after
 * `NAME=`/`--flag=`), for the trust card. Hiding by a flag's name there, as the edit form does,
 * would let a folder's config hide a payload from the person deciding whether to trust it:
 * `sh -c $1 --api-key "curl … | sh"` (review 14, H1). A key has no spaces, `$`, `|` or `://`.
 */
export function hideKeyValues(command: readonly string[]): string[] {
  return command.map((argument, index) => {
    if (index === 0) return argument;
    if (tokenLike(argument)) return hiddenMark;
    const json = maskJson(argument, false);
    if (typeof json === "string") return json;
    const assignment = /^(-{0,2}[A-Za-z_][\w.-]*)=(.+)$/s.exec(argument);
    if (assignment?.[1] === undefined || assignment[2] === undefined) return argument;
    if (keyByLook(assignment[2], assignment[1])) return `${assignment[1]}=${hiddenMark}`;
    const inner = maskValue(assignment[2], false);
    return inner === null ? argument : `${assignment[1]}=${inner}`;
  });
}

/**
 * A text from OpenCode (its error words, a server's stderr it quotes) with every address's secret
 * parts hidden, and every other word that is a key by its look (`ghp_…` in "spawn npx … ghp_…
 * ENOENT", a JWT in a 401's body): those words reach the window, the log and a screenshot.
 */
export function maskSecretsIn(text: string): string {
  // A scheme of 32 characters at most: an unbounded one was tried from every letter to the end of a long word.
  const addresses = text.replace(/[a-z][a-z0-9+.-]{0,31}:\/\/[^\s"'<>`]+/gi, (url) => maskUrl(url));
  // Runs of key characters (no `=` inside: `TOKEN=value` is two), each judged whole (a JWT keeps its
  // dots, a base64 key its slashes), else each part between `.` and `/` (a path, a sentence's end).
  const judged = (word: string) => {
    // A sentence's full stop, or dots around the word, are not part of a key (counted, not matched:
    // a lazy pattern over a long run of dots was quadratic, review 15 round 3, M1).
    let from = 0;
    let to = word.length;
    while (from < to && word[from] === ".") from++;
    while (to > from && word[to - 1] === ".") to--;
    if (tokenLike(word.slice(from, to))) return `${word.slice(0, from)}${hiddenMark}${word.slice(to)}`;
    return word.replace(/[A-Za-z0-9_+-]{16,}={0,2}/g, (part) => (tokenLike(part) ? hiddenMark : part));
  };
  return addresses.replace(/[A-Za-z0-9_+/.-]{16,}={0,2}/g, (word, offset: number, text: string) =>
    // `\nAKIA…` in quoted output: the escape's letter is not the key's.
    text[offset - 1] === "\\" && /^[nrt]/.test(word) ? `${word[0]}${judged(word.slice(1))}` : judged(word),
  );
}

/** unwrap, with every address in OpenCode's answer masked: an MCP server's URL can carry a token. */
export function unwrapMasked<T>(result: SidecarResult<T>, what: string): T {
  try {
    return unwrap(result, what);
  } catch (error) {
    if (error instanceof SidecarCallError) throw new SidecarCallError(error.httpStatus, maskSecretsIn(error.message));
    throw error;
  }
}

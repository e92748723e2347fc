// Secrets inside an address (an MCP server's URL, or one among its arguments): its password, its
// query's and fragment's keys, a token as a path segment (Zapier's `…/api/mcp/s/<secret>/mcp`),
// hidden as `{hidden}`; and put back from the file's address when the form sends a mark back, only
// to the place the file's address points to, as the URL parser reads it.
import { envReferencePattern } from "@turnkey/contracts";
import {
  decoded,
  hiddenMark,
  hides,
  keyByLook,
  knownKey,
  MissingHiddenPartError,
  secretWord,
  tokenLike,
} from "./secretLook.ts";

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
export function originOf(url: string): string {
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

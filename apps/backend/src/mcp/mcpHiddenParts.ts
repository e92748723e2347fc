// Secrets written inside a local server's arguments, hidden the way environment values and
// credential headers are (mcpEntry.ts): a credential flag's value (`--token=…`, `--api-key …`), a
// credential header given as an argument (`Authorization: Bearer …`, as mcp-remote takes it), an
// address among the arguments (hiddenAddress.ts), JSON settings (hiddenJson.ts), and a token that
// stands alone (a `ghp_…` key; secretLook.ts). Each such value is answered as `{hidden}` and never
// reaches the window; the form sends the mark back unchanged to keep the file's value, which is put
// back in its place. A reference (`{env:NAME}`) is not a secret and shows as it is. Also here: the
// trust card's view of a command, and OpenCode's own words with their keys hidden.
import { isSecretHeader, secretName } from "@turnkey/contracts";
import { SidecarCallError, type SidecarResult, unwrap } from "../chat/sidecarClient.ts";
import { maskUrl, originOf, unmaskUrl } from "./hiddenAddress.ts";
import { maskJson, tooDeep } from "./hiddenJson.ts";
import {
  amountName,
  hiddenMark,
  hides,
  isAddress,
  keyByLook,
  MissingHiddenPartError,
  secretWord,
  tokenLike,
} from "./secretLook.ts";

const flagWithValue = /^(--?[A-Za-z][\w.-]*)=(.*)$/s;
const bareFlag = /^--?[A-Za-z][\w.-]*$/;
const headerArgument = /^([!#$%&'*+.^_`|~0-9A-Za-z-]+):[ \t]*(.+)$/s;

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

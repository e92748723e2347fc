// Secrets inside JSON given as one argument of an MCP server (`--config {"apiKey":"…"}`), hidden in
// place, the rest exactly as written.
import { visit } from "jsonc-parser";
import { maskUrl } from "./hiddenAddress.ts";
import { hiddenMark, hides, isAddress, keyByLook, secretWord } from "./secretLook.ts";

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
export const tooDeep = Symbol("too deep");

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
export function maskJson(text: string, byName: boolean): string | null | typeof tooDeep {
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

// opencode reads its config as JSONC (comments and trailing commas allowed). Everything here that
// reads opencode config (the doctor, --opencode-config, OPENCODE_CONFIG_CONTENT) reads it the
// same way, so a broken file is named with where it breaks before opencode is ever started.
import { readFileSync } from "node:fs";

/** The text with comments and trailing commas removed, strings untouched. */
export function stripJsonc(text: string): string {
  let out = "";
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === '"') {
      const start = i;
      for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === "\\") i++;
      out += text.slice(start, i + 1);
    } else if (ch === "/" && text[i + 1] === "/") {
      while (i < text.length && text[i] !== "\n") i++;
      out += "\n";
    } else if (ch === "/" && text[i + 1] === "*") {
      const end = text.indexOf("*/", i + 2);
      const comment = text.slice(i, end === -1 ? text.length : end + 2);
      out += comment.replace(/[^\n]/g, " "); // keep line numbers
      i = end === -1 ? text.length : end + 1;
    } else out += ch;
  }
  return out.replace(/,(\s*[}\]])/g, "$1");
}

export type JsoncParse = { ok: true; value: unknown } | { ok: false; problem: string };

/** The one reader of opencode config text: JSONC, a leading BOM allowed; a problem names its line. */
export function parseJsonc(text: string): JsoncParse {
  const stripped = stripJsonc(text.replace(/^\uFEFF/, ""));
  try {
    return { ok: true, value: JSON.parse(stripped) };
  } catch (error) {
    const position = Number(/position (\d+)/.exec((error as Error).message)?.[1]);
    const line = Number.isFinite(position) ? stripped.slice(0, position).split("\n").length : null;
    return { ok: false, problem: `${(error as Error).message}${line ? ` (line ${line})` : ""}` };
  }
}

/** Why the file is not valid JSONC (with the line), or null when it is. */
export function configProblem(file: string): string | null {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    return `it cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`;
  }
  const parsed = parseJsonc(text);
  return parsed.ok ? null : parsed.problem;
}

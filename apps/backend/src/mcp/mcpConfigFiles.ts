// The opencode config files an MCP server's entry can live in, read and written the way a person
// would edit them: comments, order and indentation kept (jsonc-parser's modify/applyEdits, the same
// edits opencode 1.18.33 makes to a .jsonc global config), one key changed at a time, the file
// replaced in one rename. The order is opencode's (Config.loadInstanceState): the global folder's
// config.json, opencode.json, opencode.jsonc, then the project's files (share/projectShare.ts), the
// later winning. A file that does not parse is never written: its own problem is said instead.
import { existsSync, lstatSync, readFileSync, realpathSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { McpScope } from "@turnkey/contracts";
import { renameWithRetry } from "@turnkey/sidecar";
import { applyEdits, type JSONPath, modify, type ParseError, parse, printParseErrorCode } from "jsonc-parser";
import { projectConfigFiles, projectConfigOff } from "../share/projectShare.ts";

/** opencode's own folders for a project (its `GET /path`). */
export interface OpencodePaths {
  directory: string;
  worktree: string;
  home: string;
  /** The global config folder (`~/.config/opencode`, or the managed profile's). */
  config: string;
}

export interface ConfigFile {
  file: string;
  scope: McpScope;
}

/** Every file that may hold an MCP entry, in opencode's merge order (the later wins). */
export function configFiles(paths: OpencodePaths, env: NodeJS.ProcessEnv): ConfigFile[] {
  const global = ["config.json", "opencode.json", "opencode.jsonc"].map((name) => ({
    file: join(paths.config, name),
    scope: "global" as const,
  }));
  if (projectConfigOff(env)) return global;
  return [...global, ...projectConfigFiles(paths).map((file) => ({ file, scope: "project" as const }))];
}

/** Where a new server goes: the file of that scope opencode reads last that exists, else a new one. */
export function newEntryFile(scope: McpScope, paths: OpencodePaths): string {
  const candidates =
    scope === "global"
      ? ["opencode.jsonc", "opencode.json", "config.json"].map((name) => join(paths.config, name))
      : ["opencode.jsonc", "opencode.json"].map((name) => join(paths.directory, name));
  return (
    candidates.find((file) => existsSync(file)) ??
    join(scope === "global" ? paths.config : paths.directory, "opencode.json")
  );
}

export type ReadConfig =
  | { ok: true; text: string; value: Record<string, unknown> }
  | { ok: false; text: string; problem: string };

/** The file's text and value (a missing file reads as empty); a parse problem names its line. */
export function readConfig(file: string): ReadConfig {
  let text = "";
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== "ENOENT") return { ok: false, text, problem: `it cannot be read (${code ?? String(error)})` };
  }
  if (text.trim() === "") return { ok: true, text, value: {} };
  const errors: ParseError[] = [];
  const value: unknown = parse(text.replace(/^\uFEFF/, ""), errors, { allowTrailingComma: true });
  const first = errors[0];
  if (first) {
    const line = text.slice(0, first.offset).split("\n").length;
    return { ok: false, text, problem: `${printParseErrorCode(first.error)} at line ${line}` };
  }
  if (typeof value !== "object" || value === null || Array.isArray(value))
    return { ok: false, text, problem: "it does not hold an object" };
  return { ok: true, text, value: value as Record<string, unknown> };
}

/** The `mcp` entry by that name in a parsed config, if it is an object. */
export function entryIn(config: Record<string, unknown>, name: string): Record<string, unknown> | null {
  const mcp = config.mcp;
  if (typeof mcp !== "object" || mcp === null || Array.isArray(mcp)) return null;
  // Own keys only: `__proto__` or `constructor` must not find Object.prototype's (review 8, L2).
  if (!Object.hasOwn(mcp, name)) return null;
  const entry = (mcp as Record<string, unknown>)[name];
  return typeof entry === "object" && entry !== null && !Array.isArray(entry)
    ? (entry as Record<string, unknown>)
    : null;
}

/** One change: the path inside the file and its new value (undefined removes the key). */
export interface ConfigEdit {
  path: JSONPath;
  value: unknown;
}

/** The file's indentation, so an inserted key looks like its neighbours. */
function formatting(text: string) {
  const indent = /^([ \t]+)\S/m.exec(text)?.[1] ?? "  ";
  return {
    insertSpaces: !indent.includes("\t"),
    tabSize: indent.includes("\t") ? 1 : indent.length,
    eol: text.includes("\r\n") ? "\r\n" : "\n",
  };
}

/** The text with the edits made, each one changing only its key (comments elsewhere stay). */
export function editedText(text: string, edits: ConfigEdit[]): string {
  let out = text.trim() === "" ? '{\n  "$schema": "https://opencode.ai/config.json"\n}\n' : text;
  const formattingOptions = formatting(out);
  for (const edit of edits) out = applyEdits(out, modify(out, edit.path, edit.value, { formattingOptions }));
  return out;
}

/** Where a write of `file` lands: where a symlinked config points, else the file itself. */
export function writtenFile(file: string): string {
  return existsSync(file) && lstatSync(file).isSymbolicLink() ? realpathSync(file) : file;
}

/**
 * Writes the text in one rename, keeping the file's permissions (a new file: private to the user),
 * unless `secret`: a file that now holds a secret typed in the form loses its group and other bits
 * (a 0644 opencode.json became readable by every user of the machine who can reach the folder:
 * security review 18, L1). Windows has no such bits; its ACLs are kept by the rename's target.
 * A symlinked config (the usual dotfiles setup) is written where the link points, so the link stays
 * a link (review 8, L1). On Windows an editor, the indexer or an antivirus scan holding the file
 * makes the rename fail for a moment: it is tried again (renameWithRetry, review 8 W1).
 */
export function replaceFile(file: string, text: string, rename = renameWithRetry, secret = false): void {
  const target = writtenFile(file);
  const mode = existsSync(target) ? statSync(target).mode & (secret ? 0o700 : 0o777) : 0o600;
  const temp = `${target}.${process.pid}.${Date.now()}.tmp`;
  try {
    // "wx": never through something already at that name (a link planted there).
    writeFileSync(temp, text, { mode, flag: "wx" });
    rename(temp, target);
  } catch (error) {
    // The copy holds the whole new config, typed secrets included, under a name the project's
    // .gitignore entry for opencode.json does not cover: it must not stay (review 12, MCP F2).
    rmSync(temp, { force: true });
    throw error;
  }
}

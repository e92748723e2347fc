// Adding, changing and removing an MCP server's entry in the project's or the user's global
// opencode config, and keeping the window's on/off switch in it (`"enabled": false`). Loaded on
// the first MCP request (mcpService.ts imports it then), so a start reads none of it. What OpenCode
// must do to use the change is mcpService.ts's part; this only reads and writes the files.
import { existsSync, rmSync } from "node:fs";
import { basename } from "node:path";
import type {
  McpScope,
  McpServerConfigResponse,
  McpServersResponse,
  McpSource,
  SaveMcpServerRequest,
} from "@turnkey/contracts";
import { projectConfigOff } from "../share/projectShare.ts";
import { McpConfigError } from "./mcpConfigError.ts";
import {
  type ConfigFile,
  configFiles,
  editedText,
  entryIn,
  newEntryFile,
  type OpencodePaths,
  readConfig,
  replaceFile,
} from "./mcpConfigFiles.ts";
import { entryEdits, entryForForm, MissingKeptValueError, typedSecrets } from "./mcpEntry.ts";
import { MissingHiddenPartError } from "./secretLook.ts";

export { writtenFile } from "./mcpConfigFiles.ts";

interface Found extends ConfigFile {
  entry: Record<string, unknown>;
}

/** The file opencode takes a server's entry from: the last one in its order that has it. */
function find(paths: OpencodePaths, env: NodeJS.ProcessEnv, name: string): Found | null {
  let found: Found | null = null;
  for (const file of configFiles(paths, env)) {
    const read = readConfig(file.file);
    const entry = read.ok ? entryIn(read.value, name) : null;
    if (entry) found = { ...file, entry };
  }
  return found;
}

function sourceOf(file: ConfigFile, entry: Record<string, unknown>): McpSource {
  return { scope: file.scope, type: entryForForm(entry).type, file: file.file, enabled: entry.enabled !== false };
}

/** Every server's file, and where new ones would go, for the window's list. */
export function sources(paths: OpencodePaths, env: NodeJS.ProcessEnv) {
  const byName = new Map<string, McpSource>();
  for (const file of configFiles(paths, env)) {
    const read = readConfig(file.file);
    if (!read.ok) continue;
    for (const name of Object.keys((read.value.mcp as object | undefined) ?? {})) {
      const entry = entryIn(read.value, name);
      if (entry) byName.set(name, sourceOf(file, entry));
    }
  }
  const files: McpServersResponse["files"] = {
    project: projectConfigOff(env) ? null : newEntryFile("project", paths),
    global: newEntryFile("global", paths),
  };
  return { byName, files };
}

function notFound(name: string): McpConfigError {
  return new McpConfigError(
    404,
    "not_found",
    `No config file of this project or of your global OpenCode config has an MCP server named "${name}".`,
  );
}

/** The server's entry for the edit form, every literal secret hidden. */
export function serverConfig(paths: OpencodePaths, env: NodeJS.ProcessEnv, name: string): McpServerConfigResponse {
  const found = find(paths, env, name);
  if (!found) throw notFound(name);
  return { name, source: sourceOf(found, found.entry), entry: entryForForm(found.entry) };
}

/** A file's text now and after the edits; read and checked before anything is written. */
interface PlannedWrite {
  file: string;
  existed: boolean;
  before: string;
  after: string;
}

/** The edits for one file, or why that file cannot take them (nothing is written). */
function plan(file: string, edits: Parameters<typeof editedText>[1]): PlannedWrite {
  const read = readConfig(file);
  if (!read.ok)
    throw new McpConfigError(
      409,
      "config_invalid",
      `${file} could not be changed because ${read.problem}. Fix the file (or let OpenCode's error guide you), then try again. Nothing was changed.`,
    );
  return { file, existed: existsSync(file), before: read.text, after: editedText(read.text, edits) };
}

const errorCode = (error: unknown) => (error as NodeJS.ErrnoException).code ?? "an error";

function put({ file, after }: PlannedWrite, replace = replaceFile): void {
  try {
    replace(file, after);
  } catch (error) {
    throw new McpConfigError(
      500,
      "config_unwritable",
      `${file} could not be written (${errorCode(error)}). Check that the file and its folder are yours and writable, then try again. Nothing was changed.`,
    );
  }
}

/** Makes the edits in one file, or says why that file cannot take them (nothing is written). */
function write(file: string, edits: Parameters<typeof editedText>[1]): void {
  put(plan(file, edits));
}

/**
 * A move: both files are read and checked before either is written, and when the second cannot be
 * written the first gets its old text back, so the server is never left in both files behind a
 * sentence saying nothing changed (review 12, MCP F3).
 */
function move(into: PlannedWrite, outOf: PlannedWrite, replace: typeof replaceFile, writeInto = replace): void {
  put(into, writeInto);
  try {
    replace(outOf.file, outOf.after);
  } catch (error) {
    let undone = true;
    try {
      if (into.existed) replace(into.file, into.before);
      else rmSync(into.file, { force: true });
    } catch {
      undone = false;
    }
    throw new McpConfigError(
      500,
      "config_unwritable",
      undone
        ? `${outOf.file} could not be written (${errorCode(error)}), so the server stays there and ${into.file} was put back as it was. Check that the file and its folder are yours and writable, then try again. Nothing was changed.`
        : `${outOf.file} could not be written (${errorCode(error)}) after the server was written into ${into.file}, and that file could not be put back: the server is now in both. Remove it from one of them by hand.`,
    );
  }
}

export interface Written {
  /** The scopes whose files changed (a move changes two). */
  scopes: McpScope[];
  file: string;
}

/** The file a save writes: the entry's own when it stays in its scope, else the scope's file for a new one. */
function fileFor(found: Found | null, scope: McpScope, paths: OpencodePaths): string {
  return found && found.scope === scope ? found.file : newEntryFile(scope, paths);
}

/** The file saveServer would write the entry into, and whether the entry moves there from another. */
export function saveTarget(
  paths: OpencodePaths,
  env: NodeJS.ProcessEnv,
  name: string,
  scope: McpScope,
): { file: string; moving: boolean; before: Record<string, unknown> } {
  const found = find(paths, env, name);
  const file = fileFor(found, scope, paths);
  return { file, moving: found !== null && found.file !== file, before: found?.entry ?? {} };
}

/** Adds a server, or changes one (moving it to the other scope when asked). */
export function saveServer(
  paths: OpencodePaths,
  env: NodeJS.ProcessEnv,
  name: string,
  request: SaveMcpServerRequest,
  /** How a file is written (tests make one write fail). */
  replace = replaceFile,
): Written {
  if (request.scope === "project" && projectConfigOff(env))
    throw new McpConfigError(
      409,
      "project_config_off",
      "OpenCode is told to skip project config (OPENCODE_DISABLE_PROJECT_CONFIG), so a server written there would not be used. Choose your global config instead.",
    );
  const found = find(paths, env, name);
  if (request.create && found)
    throw new McpConfigError(
      409,
      "already_exists",
      `There is already an MCP server named "${name}" (in ${found.file}). Choose another name, or edit that one.`,
    );
  if (!request.create && !found) throw notFound(name);
  const same = found && found.scope === request.scope ? found : null;
  const file = fileFor(found, request.scope, paths);
  let edits: ReturnType<typeof entryEdits>;
  try {
    edits = entryEdits(name, request.entry, found?.entry ?? null, same !== null);
  } catch (error) {
    if (error instanceof MissingKeptValueError || error instanceof MissingHiddenPartError)
      throw new McpConfigError(400, "invalid_request", error.message);
    throw error;
  }
  // A secret typed here makes the file it goes into private to the user (replaceFile's `secret`).
  const typed = typedSecrets(request.entry, found !== null && !same, found?.entry ?? {});
  const into: typeof replaceFile =
    typed.length > 0 ? (target, text, rename) => replace(target, text, rename, true) : replace;
  // A move writes the whole entry in its new file, then takes it out of the old one.
  if (found && !same)
    move(plan(file, edits), plan(found.file, [{ path: ["mcp", name], value: undefined }]), replace, into);
  else put(plan(file, edits), into);
  return { scopes: found && !same ? [request.scope, found.scope] : [request.scope], file };
}

/**
 * A project file that holds nothing but an emptied `mcp` (and the `$schema` line a new file gets),
 * in plain JSON: what adding a server to a project with no config, then removing it, leaves. It
 * is removed with the server: kept, it stayed in the repository as a new file ticked for the next
 * commit, and made every chat say the folder's configuration is trusted (UX review 34). A comment,
 * any other key or a server left keeps the file.
 */
function leftEmpty(text: string): boolean {
  try {
    const value = JSON.parse(text) as Record<string, unknown>;
    const mcp = value.mcp;
    const emptyMcp = typeof mcp === "object" && mcp !== null && Object.keys(mcp).length === 0;
    return emptyMcp && Object.keys(value).every((key) => key === "mcp" || key === "$schema");
  } catch {
    return false;
  }
}

/** Takes the server's entry out of the file opencode takes it from. */
export function removeServer(paths: OpencodePaths, env: NodeJS.ProcessEnv, name: string): Written {
  const found = find(paths, env, name);
  if (!found) throw notFound(name);
  const planned = plan(found.file, [{ path: ["mcp", name], value: undefined }]);
  if (found.scope === "project" && leftEmpty(planned.after)) removeFile(found.file);
  else put(planned);
  return { scopes: [found.scope], file: found.file };
}

function removeFile(file: string): void {
  try {
    rmSync(file);
  } catch (error) {
    throw new McpConfigError(
      500,
      "config_unwritable",
      `${file} could not be removed (${errorCode(error)}). Check that the file and its folder are yours and writable, then try again. Nothing was changed.`,
    );
  }
}

/** Keeps the switch's state in the server's own file: `"enabled": false`, or no `enabled` for on. */
export function keepSwitch(paths: OpencodePaths, env: NodeJS.ProcessEnv, name: string, enabled: boolean): Written {
  const found = find(paths, env, name);
  if (!found) throw notFound(name);
  if ((found.entry.enabled !== false) !== enabled)
    write(found.file, [{ path: ["mcp", name, "enabled"], value: enabled ? undefined : false }]);
  return { scopes: [found.scope], file: found.file };
}

/** "opencode.json in the project" / "your global opencode.jsonc": what a sentence calls the file. */
export function fileLabel(written: Written): string {
  return `${written.scopes[0] === "global" ? "your global" : "the project's"} ${basename(written.file)}`;
}

// What a folder's own OpenCode config would do, read for the trust card without running anything:
// the files found, plugins and tools, MCP servers (a local one's command, a remote one's host),
// formatters and language servers it runs, what it lets the agent do unasked, providers sent to
// another address, instruction URLs, and every {file:…}/{env:…} opencode fills in from the raw text
// (any file's text, any variable). Files are read as gitBranch reads git's (no wait on a FIFO, a
// size cap). The files are the ones the trust digest covers (configDigest.ts's configFiles, every
// one of them, not a shortened list: a plugin past a list's end was once left off the card), and
// a folder with more than that walk reads says so and cannot be trusted.
import { existsSync } from "node:fs";
import { basename, dirname, join, relative, sep } from "node:path";
import { noFindings, type TrustFindings } from "@turnkey/contracts";
import { type ParseError, parse, printParseErrorCode } from "jsonc-parser";
import { readSmallFile } from "../files/regularFile.ts";
import { maskUrl } from "../mcp/hiddenAddress.ts";
import { hideKeyValues } from "../mcp/mcpHiddenParts.ts";
import { configFiles, opencodesOwn, opencodesPackage } from "./configDigest.ts";

const maxFileBytes = 1024 * 1024;
/** The card lists this many files by name and counts the rest. */
const maxListed = 200;
const configNames = new Set(["opencode.json", "opencode.jsonc"]);
/** Folders of a `.opencode` whose files opencode imports into its own process (plugins; custom tools, review 9, L1). */
const codeFolders = new Set(["plugin", "plugins", "tool", "tools"]);

const asRecord = (value: unknown): Record<string, unknown> =>
  value && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : {};

/**
 * A command as the card shows it: an argument that is a key hidden (review 14, M7), but nothing
 * hidden for its flag's name alone, which would hide a payload (hideKeyValues, review 14, H1).
 */
const shownCommand = (command: unknown[]) => hideKeyValues(command.map(String)).join(" ");

function hostOf(url: string): string {
  try {
    return new URL(url).host || maskUrl(url);
  } catch {
    return maskUrl(url);
  }
}

function readConfigInto(file: string, findings: TrustFindings): void {
  const text = readSmallFile(file, maxFileBytes);
  if (text === null) {
    findings.unparsed.push({ file, problem: "It could not be read as a file." });
    return;
  }
  for (const match of text.matchAll(/\{(?:file|env):[^}]*\}/g)) {
    if (!findings.references.includes(match[0])) findings.references.push(match[0]);
  }
  const errors: ParseError[] = [];
  const value = asRecord(parse(text, errors, { allowTrailingComma: true }));
  if (errors.length > 0) {
    const first = errors[0] as ParseError;
    const line = text.slice(0, first.offset).split("\n").length;
    findings.unparsed.push({ file, problem: `${printParseErrorCode(first.error)} on line ${line}.` });
    return;
  }
  const plugins = Array.isArray(value.plugin) ? value.plugin : [];
  for (const plugin of plugins) findings.plugins.push(String(plugin));
  for (const [name, raw] of Object.entries(asRecord(value.mcp))) {
    const entry = asRecord(raw);
    if (entry.type === "remote" || typeof entry.url === "string") {
      findings.mcpServers.push({ name, kind: "remote", target: hostOf(String(entry.url ?? "")) });
    } else {
      const command = Array.isArray(entry.command) ? shownCommand(entry.command) : String(entry.command ?? "");
      findings.mcpServers.push({ name, kind: "local", target: command });
    }
  }
  for (const [provider, raw] of Object.entries(asRecord(value.provider))) {
    const baseURL = asRecord(asRecord(raw).options).baseURL;
    if (typeof baseURL === "string") findings.providerAddresses.push({ provider, baseURL: maskUrl(baseURL) });
    // A provider's own npm package: OpenCode installs it and imports it into its process.
    const npm = asRecord(raw).npm;
    if (typeof npm === "string") findings.plugins.push(`${npm} (the package of provider ${provider})`);
  }
  // Commands OpenCode runs itself on events (its config's experimental.hook).
  const hook = asRecord(asRecord(value.experimental).hook);
  const hookCommands = (when: string, entries: unknown) => {
    for (const entry of Array.isArray(entries) ? entries : []) {
      const command = asRecord(entry).command;
      if (Array.isArray(command)) findings.commands.push({ name: when, command: shownCommand(command) });
    }
  };
  for (const [pattern, entries] of Object.entries(asRecord(hook.file_edited)))
    hookCommands(`hook when a file matching ${pattern} is edited`, entries);
  hookCommands("hook when a session completes", hook.session_completed);
  for (const kind of ["formatter", "lsp"] as const) {
    for (const [name, raw] of Object.entries(asRecord(value[kind]))) {
      const command = asRecord(raw).command;
      if (Array.isArray(command) || typeof command === "string")
        findings.commands.push({
          name: `${kind === "lsp" ? "language server" : "formatter"} ${name}`,
          command: Array.isArray(command) ? shownCommand(command) : command,
        });
    }
  }
  allowedBy(value.permission, "", findings);
  for (const [agent, raw] of Object.entries(asRecord(value.agent)))
    allowedBy(asRecord(raw).permission, `agent ${agent}: `, findings);
  const instructions = Array.isArray(value.instructions) ? value.instructions : [];
  for (const entry of instructions) {
    if (typeof entry === "string" && /^https?:\/\//i.test(entry)) findings.instructionUrls.push(entry);
  }
}

/** `permission` entries set to "allow" (a tool, or a tool's pattern such as bash's `rm *`). */
function allowedBy(permission: unknown, prefix: string, findings: TrustFindings): void {
  if (permission === "allow") findings.allowed.push(`${prefix}every tool`);
  for (const [tool, rule] of Object.entries(asRecord(permission))) {
    if (rule === "allow") findings.allowed.push(`${prefix}${tool}`);
    for (const [pattern, value] of Object.entries(asRecord(rule)))
      if (value === "allow") findings.allowed.push(`${prefix}${tool} ${pattern}`);
  }
}

/**
 * Whether a markdown file of a `.opencode` is an agent with its own settings up front, as
 * opencode 1.18.33 finds them: any `.md` under `agent/` or `agents/`, at any depth, and `mode/` or `modes/` at their top.
 */
function isAgentFile(file: string, dotFolders: string[]): boolean {
  if (!file.endsWith(".md")) return false;
  const dot = dotFolders.find((place) => file.startsWith(`${place}${sep}`));
  if (!dot) return false;
  const [top, ...rest] = relative(dot, file).split(sep);
  return (
    ((top === "agent" || top === "agents") && rest.length >= 1) ||
    ((top === "mode" || top === "modes") && rest.length === 1)
  );
}

/**
 * An agent file's `permission` entries set to "allow", from its YAML front matter (between the
 * first two `---` lines), which opencode reads as that agent's settings (review 12, F6: a
 * `permission: {bash: allow}` there was listed as a file name only).
 */
function readAgentInto(file: string, findings: TrustFindings, parseYaml: (text: string) => unknown): void {
  const text = readSmallFile(file, maxFileBytes)?.replace(/^\uFEFF/, "") ?? null;
  if (text === null || !text.startsWith("---")) return;
  // gray-matter (opencode's reader) also takes an opening `---yaml`.
  const front = /^---(?:yaml)?[ \t]*\r?\n([\s\S]*?)\r?\n---[ \t]*(?:\r?\n|$)/.exec(text);
  if (!front) {
    findings.unparsed.push({ file, problem: "Its settings at the top (after ---) could not be read." });
    return;
  }
  let settings: unknown;
  try {
    settings = parseYaml(front[1] as string);
  } catch {
    findings.unparsed.push({ file, problem: "Its settings between the --- lines are not valid YAML." });
    return;
  }
  allowedBy(asRecord(settings).permission, `agent ${basename(file, ".md")}: `, findings);
}

/** Everything the card lists for these config places (from findConfigPlaces). */
export function trustFindings(places: string[], parseYaml: (text: string) => unknown): TrustFindings {
  const findings = noFindings();
  const { files, complete } = configFiles(places);
  findings.complete = complete;
  const dotFolders = places.filter((place) => basename(place) === ".opencode");
  for (const file of files) {
    const folder = dirname(file);
    if (codeFolders.has(basename(folder))) findings.plugins.push(file);
    if (isAgentFile(file, dotFolders)) readAgentInto(file, findings, parseYaml);
    // opencode reads a config file where it is named, and inside `.opencode` at its top.
    if (configNames.has(basename(file)) && (places.includes(file) || dotFolders.includes(folder)))
      readConfigInto(file, findings);
  }
  // Dependencies of `.opencode/package.json` besides opencode's own: installed for plugins to import.
  for (const place of dotFolders) {
    const text = readSmallFile(join(place, "package.json"), maxFileBytes);
    const dependencies = asRecord(asRecord(text === null ? null : parse(text)).dependencies);
    for (const [name, version] of Object.entries(dependencies))
      if (name !== opencodesPackage)
        findings.plugins.push(`${name}@${String(version)} (a package OpenCode installs into ${place})`);
  }
  // What opencode writes into `.opencode` itself (its plugin package): named, not read.
  const own = dotFolders.flatMap((place) =>
    [...opencodesOwn]
      .sort()
      .map((name) => join(place, name))
      .filter((path) => existsSync(path)),
  );
  const all = [...files, ...own];
  findings.files = all.slice(0, maxListed);
  findings.moreFiles = all.length - findings.files.length;
  return findings;
}

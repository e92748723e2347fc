// What a folder's own OpenCode config would do, read for the trust card without running anything:
// the files found, plugins, MCP servers (a local one's command, a remote one's host), providers
// sent to another address, instruction URLs, and every {file:…}/{env:…} opencode fills in from
// the raw text (any file's text, any variable). Files are read as gitBranch reads git's (no wait on
// a FIFO, a size cap); a `.opencode` folder is listed to a bounded depth and count.
import { readdirSync } from "node:fs";
import { basename, join } from "node:path";
import { noFindings, type TrustFindings } from "@turnkey/contracts";
import { type ParseError, parse, printParseErrorCode } from "jsonc-parser";
import { readSmallFile } from "../projects/gitBranch.ts";

const maxFileBytes = 1024 * 1024;
const maxListed = 200;
const configNames = new Set(["opencode.json", "opencode.jsonc"]);

/** Files under a `.opencode` folder (node_modules named, not walked), at most maxListed. */
function listFolder(folder: string, depth = 0, into: string[] = []): string[] {
  let entries: import("node:fs").Dirent[];
  try {
    entries = readdirSync(folder, { withFileTypes: true });
  } catch {
    return into;
  }
  for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
    if (into.length >= maxListed) break;
    const path = join(folder, entry.name);
    into.push(path);
    if (entry.isDirectory() && entry.name !== "node_modules" && depth < 3) listFolder(path, depth + 1, into);
  }
  return into;
}

const asRecord = (value: unknown): Record<string, unknown> =>
  value && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : {};

function hostOf(url: string): string {
  try {
    return new URL(url).host || url;
  } catch {
    return url;
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
      const command = Array.isArray(entry.command) ? entry.command.map(String).join(" ") : String(entry.command ?? "");
      findings.mcpServers.push({ name, kind: "local", target: command });
    }
  }
  for (const [provider, raw] of Object.entries(asRecord(value.provider))) {
    const baseURL = asRecord(asRecord(raw).options).baseURL;
    if (typeof baseURL === "string") findings.providerAddresses.push({ provider, baseURL });
  }
  const instructions = Array.isArray(value.instructions) ? value.instructions : [];
  for (const entry of instructions) {
    if (typeof entry === "string" && /^https?:\/\//i.test(entry)) findings.instructionUrls.push(entry);
  }
}

/** Everything the card lists for these config places (from findConfigPlaces). */
export function trustFindings(places: string[]): TrustFindings {
  const findings = noFindings();

  for (const place of places) {
    if (configNames.has(basename(place))) {
      findings.files.push(place);
      readConfigInto(place, findings);
      continue;
    }
    for (const path of listFolder(place)) {
      findings.files.push(path);
      const parent = basename(join(path, ".."));
      // Custom tools are code opencode imports into its own process too, as plugins are (review 9, L1).
      if (["plugin", "plugins", "tool", "tools"].includes(parent)) findings.plugins.push(path);
      if (configNames.has(basename(path)) && join(path, "..") === place) readConfigInto(path, findings);
    }
  }
  return findings;
}

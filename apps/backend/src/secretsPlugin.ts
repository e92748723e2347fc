// Keeps the sidecar's password away from the agent's tools. opencode starts every tool (bash,
// the session shell, terminals) with its own environment, which holds OPENCODE_SERVER_PASSWORD:
// `env` in a bash tool printed it, and with it anyone reading the chat could drive the sidecar.
// opencode has no setting for this, but it has plugins, loaded in its own process before any
// tool runs, and a `shell.env` hook whose result is spread over process.env for every tool. So
// every sidecar, in both profiles, loads this plugin (through the `plugin` list of
// OPENCODE_CONFIG_CONTENT, which opencode adds to the user's own list; see sidecarEnv). It
//   - deletes the password from process.env once opencode's server has read it (the server's
//     auth keeps its own copy, read when it started listening: verified against the real binary);
//   - sets the password, OPENCODE_CONFIG_CONTENT and every provider's key variable (the names it
//     learns from opencode's provider list at each start, once per process, and writes next to
//     itself for the backend: providerKeyNames.ts; a tool start waits for them unless names from
//     an earlier start are there; until they are known, every name that looks like a secret)
//     to undefined in the tool environment (undefined values are dropped when the child is
//     spawned), and emptied in each local MCP server's, custom formatter's and custom LSP
//     server's (its `config` hook: opencode starts those with its own environment and no
//     shell.env), after taking every value opencode holds out of the config (configSecrets.ts);
//   - overwrites the password in opencode's start-up environment block, which another process
//     of the user can read: on Linux both values, the bytes /proc/<opencode pid>/environ shows;
//     on Windows the UTF-16 block behind the PEB (windowsEnvironment.ts, through bun:ffi); on
//     macOS the strings `ps eww` shows (posixEnvironment.ts). Only the password there: off Linux
//     OPENCODE_CONFIG_CONTENT holds nothing but this plugin's path. Bun makes its process.env
//     string of a variable the first time it is read and keeps it; opencode read both before
//     loading plugins, so the overwrite changes nothing it reads later. What happened goes
//     to environ-scrub.json beside the plugin (the doctor's "secrets" check reads it) and, when
//     it failed, to opencode's log: a failure never stops opencode, it is shown as a warning.
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import {
  apiKeyName,
  hiddenFromTools,
  keyLikeValue,
  keyNameFromFile,
  ordinaryVariableName,
  secretName,
} from "@turnkey/contracts";
import {
  bunWindowsMemory,
  npmRetries,
  privateDirMode,
  readWindowsEnvironmentBlock,
  scrubInitialEnvironment,
  scrubPosixEnvironment,
  scrubUtf16EnvironmentBlock,
  scrubWindowsEnvironment,
  writePrivateFileIfChanged,
} from "@turnkey/sidecar";
import { removeSecretValues } from "./configSecrets.ts";
import { envNamesInProviderList, learnProviderKeyNames } from "./providerKeyNames.ts";
import { hiddenEnvFileName } from "./providerSecrets.ts";

/** Where the plugin reports the start-up environment scrub, beside itself. */
export const environScrubFileName = "environ-scrub.json";

// Plain JavaScript, as opencode (Bun) loads it; no imports beyond node:fs.
export const secretsPluginSource = `// Written by OpenCode Turnkey at every start; see apps/backend/src/secretsPlugin.ts.
import { closeSync, openSync, readFileSync, readSync, renameSync, statSync, writeFileSync, writeSync } from "node:fs";

const hidden = ${JSON.stringify(hiddenFromTools)};
// npm's retry setting the sidecar starts with (npmRetries.ts), for opencode's own installs only.
const ourNpmRetries = ${JSON.stringify(npmRetries)};

const scrubInitialEnvironment = (${scrubInitialEnvironment.toString()});
const scrubUtf16EnvironmentBlock = (${scrubUtf16EnvironmentBlock.toString()});
const readWindowsEnvironmentBlock = (${readWindowsEnvironmentBlock.toString()});
const scrubWindowsEnvironment = (${scrubWindowsEnvironment.toString()});
const bunWindowsMemory = (${bunWindowsMemory.toString()});
const scrubPosixEnvironment = (${scrubPosixEnvironment.toString()});

/** Overwrites the password in this process's start-up environment; never throws. */
async function scrubStartupEnvironment() {
  try {
    if (process.platform === "linux") {
      const fs = { closeSync, openSync, readFileSync, readSync, writeSync };
      const overwritten = scrubInitialEnvironment(hidden, fs, "linux");
      return overwritten > 0 ? { outcome: "scrubbed", overwritten } : { outcome: "absent", overwritten: 0 };
    }
    if (process.platform === "win32") {
      const memory = bunWindowsMemory(await import("bun:ffi"));
      try {
        const helpers = { readBlock: readWindowsEnvironmentBlock, scrubBlock: scrubUtf16EnvironmentBlock };
        return scrubWindowsEnvironment(["OPENCODE_SERVER_PASSWORD"], { ...process.env }, memory, helpers);
      } finally {
        memory.close();
      }
    }
    if (process.platform === "darwin") {
      return scrubPosixEnvironment(["OPENCODE_SERVER_PASSWORD"], await import("bun:ffi"), "/usr/lib/libSystem.B.dylib");
    }
    return { outcome: "failed", overwritten: 0, reason: "no way to clear it is known on " + process.platform };
  } catch (error) {
    return { outcome: "failed", overwritten: 0, reason: String(error?.message ?? error).slice(0, 300) };
  }
}

const learnProviderKeyNames = (${learnProviderKeyNames.toString()});
const envNamesInProviderList = (${envNamesInProviderList.toString()});
const secretName = (${secretName.toString()});
const apiKeyName = (${apiKeyName.toString()});
const ordinaryVariableName = (${ordinaryVariableName.toString()});
const keyLikeValue = (${keyLikeValue.toString()});
const keyNameFromFile = (${keyNameFromFile.toString()});
const removeSecretValues = (${removeSecretValues.toString()});

const providerNamesFile = new URL("./${hiddenEnvFileName}", import.meta.url);

// opencode calls TurnkeySecrets once per folder, but imports this module once per process, so
// what must be done once, or shared by every folder, lives here. The password is read as the
// module loads, before the first folder's call deletes it from process.env: later folders'
// calls ask opencode for its providers with it too (without it they got 401 and learnt nothing).
const password = process.env.OPENCODE_SERVER_PASSWORD;
let scrubbing = null; // the start-up environment scrub and its report, once per process
let learnt = null; // the provider key names, once learnt
let learning = null; // the ask in flight, shared by every folder
let failedAt = -Infinity; // a failed ask is retried at a tool start at most once a minute
const retryAfterMs = 60000;

/** This opencode program, recorded in the names file. */
function thisOpencode() {
  try {
    const program = statSync(process.execPath);
    return [process.execPath, program.size, Math.trunc(program.mtimeMs)].join(" ");
  } catch {
    return process.execPath;
  }
}

/**
 * The names in the file, whichever opencode wrote them (learnProviderKeyNames says which stay),
 * that look like a key's here (keyNameFromFile: any tool can write the file).
 */
function namesInFile() {
  try {
    const read = JSON.parse(readFileSync(providerNamesFile, "utf8"));
    return Array.isArray(read?.names)
      ? read.names.filter((name) => typeof name === "string" && keyNameFromFile(name, process.env[name]))
      : [];
  } catch {
    return [];
  }
}

/**
 * What tools, MCP servers, formatters and LSP servers must not see, given the provider key names
 * known (null: not yet): ours, opencode's providers' names, those an earlier start wrote down, and
 * until the names are known every variable whose name looks like a secret (a provider key shown to
 * a tool cannot be taken back, a hidden variable is a nuisance). One rule for every hook.
 */
function namesToHide(known) {
  const extra = Object.keys(process.env).filter((name) => (known ? apiKeyName(name) : secretName(name)));
  return [...new Set([...hidden, ...(known ?? []), ...namesInFile(), ...extra])];
}

/** Asks opencode (as the folder \`input\` names) for its providers' key names; null when it cannot. */
function learnNames(input) {
  if (learnt) return Promise.resolve(learnt);
  if (learning) return learning;
  // Not loaded by opencode's server (nothing to ask), or a failed ask too recent to repeat.
  if (!input?.serverUrl || Date.now() - failedAt < retryAfterMs) return Promise.resolve(null);
  const username = process.env.OPENCODE_SERVER_USERNAME || "opencode";
  const io = {
    read: () => readFileSync(providerNamesFile, "utf8"),
    write(text) {
      const temp = new URL("./${hiddenEnvFileName}." + process.pid + ".tmp", import.meta.url);
      writeFileSync(temp, text, { mode: 0o600 });
      renameSync(temp, providerNamesFile);
    },
    async list() {
      const url = new URL("/provider", input.serverUrl);
      if (input.directory) url.searchParams.set("directory", input.directory);
      const headers = password ? { authorization: "Basic " + btoa(username + ":" + password) } : {};
      const answer = await fetch(url, { headers, signal: AbortSignal.timeout(60000) });
      if (!answer.ok) throw new Error("GET /provider answered " + answer.status);
      return answer.text();
    },
  };
  learning = learnProviderKeyNames(thisOpencode(), io, { namesIn: envNamesInProviderList, ordinary: ordinaryVariableName, secret: secretName }).then(
    (names) => {
      learnt = names;
      learning = null;
      return names;
    },
    (error) => {
      console.error("OpenCode Turnkey could not learn the provider key names: " + String(error?.message ?? error));
      failedAt = Date.now();
      learning = null;
      return null;
    },
  );
  return learning;
}

/** Overwrites the password in the start-up environment and reports it; the first folder's call runs it. */
async function scrubAndReport() {
  const scrub = await scrubStartupEnvironment();
  if (scrub.outcome === "failed") {
    console.error("OpenCode Turnkey: the password could not be cleared from OpenCode's start-up environment (" + scrub.reason + "); other programs of this user may read it. See the doctor.");
  }
  try {
    const report = { pid: process.pid, platform: process.platform, ...scrub };
    writeFileSync(new URL("./${environScrubFileName}", import.meta.url), JSON.stringify(report), { mode: 0o600 });
  } catch {
    // The doctor then says it cannot tell; the tool environment below is what matters most.
  }
  // After the scrub: a runtime that deletes from the live block would leave nothing to find.
  delete process.env.OPENCODE_SERVER_PASSWORD;
}

export const TurnkeySecrets = async (input) => {
  // Started now, awaited only by tool starts: the answer needs opencode's plugin load (this call) done.
  setTimeout(() => learnNames(input), 0);
  await (scrubbing ??= scrubAndReport());
  return {
    "shell.env": async (_input, output) => {
      let names = learnt;
      if (!names) {
        const asking = learnNames(input);
        // With names from an earlier start, the tool need not wait for the ask (it may be slow).
        names = namesInFile().length > 0 ? null : await asking;
      }
      for (const name of namesToHide(names)) output.env[name] = undefined;
      for (const [name, value] of Object.entries(ourNpmRetries)) {
        if (process.env[name] === value) output.env[name] = undefined;
      }
    },
    // A local MCP server is a program the agent runs too, but opencode starts it with its own
    // environment under the server's \`environment\` and no shell.env hook: the same names that
    // opencode has are emptied there, and so in a custom formatter's \`environment\` and a custom
    // LSP server's \`env\` (opencode starts those with its environment too: review 7, S2). A name
    // the entry sets itself keeps the entry's value, unless it is one of ours; and first, any value
    // opencode holds is taken out of the config wherever \`{env:…}\` put it (configSecrets.ts).
    // Emptied, not undefined: opencode checks this config against its schema whenever it is read
    // (GET /config answered 400 "Expected string, got undefined").
    config: async (config) => {
      const known = learnt ?? (namesInFile().length > 0 ? namesInFile() : null);
      const names = namesToHide(known).filter((name) => process.env[name] !== undefined);
      const ours = [password, process.env.OPENCODE_SERVER_PASSWORD, process.env.OPENCODE_CONSOLE_TOKEN];
      const removed = removeSecretValues(config, ours, names.map((name) => process.env[name]));
      if (removed > 0) {
        console.error("OpenCode Turnkey took a secret OpenCode holds (the sidecar's password, a console token or a provider key) out of " + removed + " setting(s) of OpenCode's config: a config file named it, e.g. with {env:…}, where a program the agent runs or a host the config names would get it.");
      }
      const emptied = (own) => {
        const environment = { ...(own ?? {}) };
        for (const name of names) if (hidden.includes(name) || !(name in environment)) environment[name] = "";
        return environment;
      };
      for (const server of Object.values(config?.mcp ?? {})) {
        if (server?.type === "local") server.environment = emptied(server.environment);
      }
      for (const formatter of Object.values(config?.formatter && typeof config.formatter === "object" ? config.formatter : {})) {
        if (Array.isArray(formatter?.command)) formatter.environment = emptied(formatter.environment);
      }
      for (const server of Object.values(config?.lsp && typeof config.lsp === "object" ? config.lsp : {})) {
        if (Array.isArray(server?.command)) server.env = emptied(server.env);
      }
    },
  };
};
`;

export const secretsPluginDir = (dataDir: string) => join(dataDir, "opencode-plugin");

/**
 * opencode loads its plugins for a folder at its first request in that folder; until then its
 * start-up environment still holds the password for any process of the user to read. So after
 * each start the backend asks for the sidecar's own folder at once (GET /path, a light request
 * that makes opencode set a folder up) instead of waiting for a window to ask.
 */
export function loadSecretsPluginNow(sidecar: { call(method: "GET", path: string): Promise<unknown> } | null): void {
  sidecar?.call("GET", "/path").catch(() => undefined);
}

/** Writes the plugin under the data dir (0600) and returns the URL opencode loads it from. */
export function installSecretsPlugin(dataDir: string): string {
  const dir = secretsPluginDir(dataDir);
  const file = join(dir, "turnkey-secrets.js");
  mkdirSync(dir, { recursive: true, mode: privateDirMode });
  writePrivateFileIfChanged(file, secretsPluginSource);
  return pathToFileURL(file).href;
}

// Keeps the sidecar's password away from the agent's tools. opencode starts every tool (bash,
// the session shell, terminals) with its own environment, which holds OPENCODE_SERVER_PASSWORD:
// `env` in a bash tool printed it, and with it anyone reading the chat could drive the sidecar.
// opencode has no setting for this, but it has plugins, loaded in its own process before any
// tool runs, and a `shell.env` hook whose result is spread over process.env for every tool. So
// every sidecar, in both profiles, loads this plugin (through the `plugin` list of
// OPENCODE_CONFIG_CONTENT, which opencode adds to the user's own list; see sidecarEnv). It
//   - deletes the password from process.env once opencode's server has read it (the server's
//     auth keeps its own copy, read when it started listening: verified against the real binary);
//   - sets the password, OPENCODE_CONFIG_CONTENT and every provider's key variable (the names the
//     backend learns from opencode and writes next to the plugin, see providerSecrets.ts; until
//     then any *_API_KEY) to undefined in the tool environment (undefined values are dropped when
//     the child is spawned);
//   - overwrites the password in opencode's start-up environment block, which another process
//     of the user can read: on Linux both values, the bytes /proc/<opencode pid>/environ shows;
//     on Windows the UTF-16 block behind the PEB (windowsEnvironment.ts, through bun:ffi); on
//     macOS the strings `ps eww` shows (posixEnvironment.ts). Only the password there: off Linux
//     OPENCODE_CONFIG_CONTENT holds nothing but this plugin's path. Bun makes its process.env
//     string of a variable the first time it is read and keeps it; opencode read both before
//     loading plugins, so the overwrite changes nothing it reads later. What happened goes
//     to environ-scrub.json beside the plugin (the doctor's "secrets" check reads it) and, when
//     it failed, to opencode's log: a failure never stops opencode, it is shown as a warning.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import {
  bunWindowsMemory,
  privateDirMode,
  privateFileMode,
  readWindowsEnvironmentBlock,
  scrubInitialEnvironment,
  scrubPosixEnvironment,
  scrubUtf16EnvironmentBlock,
  scrubWindowsEnvironment,
} from "@turnkey/sidecar";
import { hiddenEnvFileName } from "./providerSecrets.ts";

/** What no tool may see. */
export const hiddenFromTools = ["OPENCODE_SERVER_PASSWORD", "OPENCODE_CONFIG_CONTENT"] as const;
/** Where the plugin reports the start-up environment scrub, beside itself. */
export const environScrubFileName = "environ-scrub.json";

// Plain JavaScript, as opencode (Bun) loads it; no imports beyond node:fs.
export const secretsPluginSource = `// Written by OpenCode Turnkey at every start; see apps/backend/src/secretsPlugin.ts.
import { closeSync, openSync, readFileSync, readSync, writeFileSync, writeSync } from "node:fs";

const hidden = ${JSON.stringify(hiddenFromTools)};

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

const providerNamesFile = new URL("./${hiddenEnvFileName}", import.meta.url);

/** Provider key variables: the names the backend wrote, and anything named like a key. */
function providerKeyNames() {
  let names = [];
  try {
    const read = JSON.parse(readFileSync(providerNamesFile, "utf8"));
    if (Array.isArray(read?.names)) names = read.names.filter((name) => typeof name === "string");
  } catch {
    names = [];
  }
  return [...names, ...Object.keys(process.env).filter((name) => /_API_KEY$/i.test(name))];
}

export const TurnkeySecrets = async () => {
  // Before the delete below: a runtime that deletes from the live block would leave nothing to find.
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
  delete process.env.OPENCODE_SERVER_PASSWORD;
  return {
    "shell.env": async (_input, output) => {
      for (const name of [...hidden, ...providerKeyNames()]) output.env[name] = undefined;
    },
  };
};
`;

export const secretsPluginDir = (dataDir: string) => join(dataDir, "opencode-plugin");

/** Writes the plugin under the data dir (0600) and returns the URL opencode loads it from. */
export function installSecretsPlugin(dataDir: string): string {
  const dir = secretsPluginDir(dataDir);
  const file = join(dir, "turnkey-secrets.js");
  mkdirSync(dir, { recursive: true, mode: privateDirMode });
  let current: string | null = null;
  try {
    current = readFileSync(file, "utf8");
  } catch {
    current = null;
  }
  if (current !== secretsPluginSource) writeFileSync(file, secretsPluginSource, { mode: privateFileMode });
  return pathToFileURL(file).href;
}

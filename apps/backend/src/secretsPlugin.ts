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
//   - on Linux, overwrites both values in opencode's initial environment block, the bytes that
//     /proc/<opencode pid>/environ shows: a tool could otherwise read its parent's. opencode's
//     process.env is a copy made at start-up, so the overwrite changes nothing it reads later.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { privateDirMode, privateFileMode, scrubInitialEnvironment } from "@turnkey/sidecar";
import { hiddenEnvFileName } from "./providerSecrets.ts";

/** What no tool may see. */
export const hiddenFromTools = ["OPENCODE_SERVER_PASSWORD", "OPENCODE_CONFIG_CONTENT"] as const;

// Plain JavaScript, as opencode (Bun) loads it; no imports beyond node:fs.
export const secretsPluginSource = `// Written by OpenCode Turnkey at every start; see apps/backend/src/secretsPlugin.ts.
import { closeSync, openSync, readFileSync, readSync, writeSync } from "node:fs";

const hidden = ${JSON.stringify(hiddenFromTools)};

const scrubInitialEnvironment = (${scrubInitialEnvironment.toString()});

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
  try {
    scrubInitialEnvironment(hidden, { closeSync, openSync, readFileSync, readSync, writeSync }, process.platform);
  } catch {
    // Best effort: the tool environment below is what matters most.
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

// What the sidecar's environment says about where its config and data live. `managed` gives
// opencode folders of its own under our data dir (a fresh user's clean slate); `inherit` uses the
// user's own opencode config, providers and sessions.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { RuntimeProfile } from "@turnkey/contracts";
import { privateDirMode, privateFileMode } from "@turnkey/sidecar";
import { installSecretsPlugin, withSecretsPlugin } from "./secretsPlugin.ts";

export const runtimeProfiles = RuntimeProfile.options;
export type { RuntimeProfile };

export class ConfigFileError extends Error {}

/** Reads and checks an opencode config file; its content goes to the sidecar's env, never argv. */
export function readOpencodeConfig(file: string): string {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw new ConfigFileError(
      `Could not read the opencode config ${file}: ${(error as NodeJS.ErrnoException).code ?? error}.`,
    );
  }
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) throw new Error("not an object");
  } catch {
    throw new ConfigFileError(`The opencode config ${file} is not a JSON object. Fix the file and start again.`);
  }
  return text;
}

/** The config a managed profile starts with: opencode must never replace our pinned binary. */
export const managedConfig = { $schema: "https://opencode.ai/config.json", autoupdate: false };

export function sidecarEnv(options: {
  profile: RuntimeProfile;
  dataDir: string;
  configContent?: string | null;
  /** OPENCODE_CONFIG_CONTENT as the backend was started with (the inherit profile keeps it). */
  inheritedConfigContent?: string;
}): Record<string, string> {
  // Whatever the profile: the binary is pinned and verified, so opencode must not update itself.
  const env: Record<string, string> = {
    OPENCODE_DISABLE_AUTOUPDATE: "true",
    // opencode offers its `question` tool only to the clients named "app", "cli" or "desktop"
    // (packages/opencode/src/tool/registry.ts); we answer questions, so say so the way OpenCode's
    // own desktop app does. (OPENCODE_ENABLE_QUESTION_TOOL=true would also do.)
    OPENCODE_CLIENT: "desktop",
  };
  if (options.profile === "managed") {
    const root = join(options.dataDir, "opencode");
    env.XDG_CONFIG_HOME = join(root, "config");
    env.XDG_DATA_HOME = join(root, "data");
    env.XDG_STATE_HOME = join(root, "state");
    const configFile = join(env.XDG_CONFIG_HOME, "opencode", "opencode.json");
    if (!existsSync(configFile)) {
      mkdirSync(join(env.XDG_CONFIG_HOME, "opencode"), { recursive: true, mode: privateDirMode });
      writeFileSync(configFile, `${JSON.stringify(managedConfig, null, 2)}\n`, { mode: privateFileMode });
    }
  }
  // Every profile loads the plugin that keeps the password away from tools (see secretsPlugin).
  env.OPENCODE_CONFIG_CONTENT = withSecretsPlugin(
    options.configContent ?? options.inheritedConfigContent,
    installSecretsPlugin(options.dataDir),
  );
  return env;
}

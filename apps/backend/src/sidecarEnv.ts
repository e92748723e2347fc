// What the sidecar's environment says about where its config and data live. `managed` gives
// opencode folders of its own under our data dir (a fresh user's clean slate); `inherit` uses the
// user's own opencode config, providers and sessions.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { RuntimeProfile } from "@turnkey/contracts";
import { opencodeFolder, privateDirMode, privateFileMode, writePrivateFileIfChanged } from "@turnkey/sidecar";
import { parseJsonc } from "./doctor/jsonc.ts";
import { installSecretsPlugin } from "./secretsPlugin.ts";

export const runtimeProfiles = RuntimeProfile.options;
export type { RuntimeProfile };

export class ConfigFileError extends Error {}

export type OpencodeConfig = Record<string, unknown>;

function parseConfig(text: string, what: string): OpencodeConfig {
  const parsed = parseJsonc(text);
  if (!parsed.ok) {
    throw new ConfigFileError(
      `${what} is not valid JSON (comments are allowed): ${parsed.problem}. Fix it and start again.`,
    );
  }
  const value = parsed.value;
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new ConfigFileError(`${what} is not a JSON object ({ … }). Fix it and start again.`);
  }
  return value as OpencodeConfig;
}

/** Reads and checks an opencode config file (JSONC, as opencode reads it). */
export function readOpencodeConfig(file: string, what = `The opencode config ${file}`): OpencodeConfig {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw new ConfigFileError(
      `Could not read the opencode config ${file}: ${(error as NodeJS.ErrnoException).code ?? error}.`,
    );
  }
  return parseConfig(text, what);
}

/**
 * The config the user asked for, read once at start so a broken one is a sentence and exit,
 * never a sidecar started without the secrets plugin: `given` (--opencode-config), and what the
 * backend's own environment names (OPENCODE_CONFIG_CONTENT, and the OPENCODE_CONFIG file it goes
 * on top of), which only the inherit profile uses.
 */
export interface UserOpencodeConfig {
  given: OpencodeConfig | null;
  content: OpencodeConfig | null;
  userFile: OpencodeConfig | null;
  /** The `share` setting of the user's global opencode config (what the inherit profile runs with). */
  globalShare?: unknown;
  /** The backend's environment turns on OPENCODE_AUTO_SHARE (kept for the sidecar in inherit). */
  autoShareFlag?: boolean;
}

export function userOpencodeConfig(
  file: string | null | undefined,
  env: NodeJS.ProcessEnv,
  platform: NodeJS.Platform = process.platform,
): UserOpencodeConfig {
  const given = file ? readOpencodeConfig(file) : null;
  const content = env.OPENCODE_CONFIG_CONTENT
    ? parseConfig(env.OPENCODE_CONFIG_CONTENT, "The OPENCODE_CONFIG_CONTENT environment variable")
    : null;
  // Only needed when our file takes OPENCODE_CONFIG's place: then the user's file is merged in.
  const userFile =
    env.OPENCODE_CONFIG && (given || content) && existsSync(env.OPENCODE_CONFIG)
      ? readOpencodeConfig(env.OPENCODE_CONFIG, `The opencode config ${env.OPENCODE_CONFIG} (OPENCODE_CONFIG)`)
      : null;
  return {
    given,
    content,
    userFile,
    globalShare: globalShareSetting(env, platform),
    autoShareFlag: flagOn(env.OPENCODE_AUTO_SHARE),
  };
}

/** opencode reads its flags as Effect's Config.boolean does: these spellings are true. */
const flagOn = (value: string | undefined) => ["true", "yes", "on", "1", "y"].includes((value ?? "").toLowerCase());

/**
 * The `share` value of the user's global config files, in opencode's order (config.json,
 * opencode.json, opencode.jsonc; the later wins). Only that value is kept. A file that does not
 * parse counts as saying nothing here: opencode reports it when it starts.
 */
function globalShareSetting(env: NodeJS.ProcessEnv, platform: NodeJS.Platform): unknown {
  const folder = opencodeFolder("config", env, platform);
  let share: unknown;
  for (const name of ["config.json", "opencode.json", "opencode.jsonc"]) {
    const file = join(folder, name);
    if (!existsSync(file)) continue;
    try {
      share = readOpencodeConfig(file).share ?? share;
    } catch {}
  }
  return share;
}

/** opencode's `share` setting: "auto" publishes every new chat to its share service unasked. */
export type ShareSetting = "manual" | "auto" | "disabled";

/**
 * The `share` setting the user chose in their own config (the later source wins), else "manual".
 * "manual" and "disabled" go in the content variable, which opencode merges above a project
 * folder's opencode.json: a cloned repository cannot turn on "auto" and publish the user's chats.
 */
export function userShareSetting(sources: unknown[]): ShareSetting {
  let chosen: ShareSetting = "manual";
  for (const value of sources) if (value === "manual" || value === "auto" || value === "disabled") chosen = value;
  return chosen;
}

/** opencode's own merge: objects deeply, the plugin and instructions lists joined, else the later wins. */
export function mergeConfig(base: OpencodeConfig, over: OpencodeConfig): OpencodeConfig {
  const out: OpencodeConfig = { ...base };
  for (const [key, value] of Object.entries(over)) {
    const before = out[key];
    if ((key === "plugin" || key === "instructions") && Array.isArray(before) && Array.isArray(value)) {
      out[key] = [...new Set([...before, ...value])];
    } else if (isObject(before) && isObject(value)) out[key] = mergeConfig(before, value);
    else out[key] = value;
  }
  return out;
}

const isObject = (value: unknown): value is OpencodeConfig =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/**
 * The names sidecarEnv sets or drops for OpenCode's own sake (its folders in the managed profile,
 * the private config, its client name, no self-update, no auto-share): a terminal's shell gets
 * the user's own values back (terminal/shellLaunch.ts).
 */
export const forOpencodeOnly = [
  "XDG_CONFIG_HOME",
  "XDG_DATA_HOME",
  "XDG_STATE_HOME",
  "OPENCODE_CONFIG",
  "OPENCODE_CLIENT",
  "OPENCODE_DISABLE_AUTOUPDATE",
  "OPENCODE_AUTO_SHARE",
] as const;

/** The config a managed profile starts with: opencode must never replace our pinned binary. */
export const managedConfig = { $schema: "https://opencode.ai/config.json", autoupdate: false };

export function sidecarEnv(options: {
  profile: RuntimeProfile;
  dataDir: string;
  user?: UserOpencodeConfig;
}): Record<string, string | undefined> {
  // Whatever the profile: the binary is pinned and verified, so opencode must not update itself.
  const env: Record<string, string | undefined> = {
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
  // The user's config, which may carry provider keys, goes in a private file named by
  // OPENCODE_CONFIG (read per folder too; above the global config, below a project's).
  // The managed profile is a clean slate: only --opencode-config; inherit also keeps what the
  // backend's environment names.
  const user = options.user;
  const top = options.profile === "inherit" ? (user?.given ?? user?.content) : user?.given;
  const base = options.profile === "inherit" ? user?.userFile : null;
  const share = userShareSetting(
    options.profile === "inherit" ? [user?.globalShare, base?.share, top?.share] : [top?.share],
  );
  // Every profile loads the plugin that keeps secrets away from tools (see secretsPlugin), and
  // the user's `share` choice, above any project folder's. The content variable holds nothing
  // else: opencode keeps it in its process.env for good (it reads it again for each project
  // folder), and every LSP server, formatter and MCP server it starts inherits that.
  // Except "auto" (or the auto-share flag, which shares unless the config says "disabled"): above
  // the project it would hide a project's own "disabled" from opencode, whose auto-share checks
  // the folder's config before sending (1.18.33's SessionShare.create, then share). The choice
  // stays below the project, in the files it came from (OPENCODE_CONFIG or the global config),
  // so a project that disables sharing is never auto-shared, and a project's "auto" adds nothing.
  const autoShares = share === "auto" || (share === "manual" && options.profile === "inherit" && user?.autoShareFlag);
  env.OPENCODE_CONFIG_CONTENT = JSON.stringify({
    plugin: [installSecretsPlugin(options.dataDir)],
    ...(autoShares ? {} : { share }),
  });
  // OPENCODE_AUTO_SHARE=1 shares every chat too: kept from the user's environment in inherit
  // (their choice, as their config is), dropped from the managed profile's clean slate.
  if (options.profile === "managed") env.OPENCODE_AUTO_SHARE = undefined;
  if (top) env.OPENCODE_CONFIG = writePrivateConfig(options.dataDir, mergeConfig(base ?? {}, top));
  else if (options.profile === "managed") env.OPENCODE_CONFIG = undefined;
  return env;
}

function writePrivateConfig(dataDir: string, config: OpencodeConfig): string {
  const file = join(dataDir, "opencode-config.json");
  const text = `${JSON.stringify(config, null, 2)}\n`;
  writePrivateFileIfChanged(file, text);
  return file;
}

// What the sidecar's environment says about where its config and data live. `managed` gives
// opencode folders of its own under our data dir (a fresh user's clean slate); `inherit` uses the
// user's own opencode config, providers and sessions.
import { readFileSync } from "node:fs";
import { join } from "node:path";

export const runtimeProfiles = ["managed", "inherit"] as const;
export type RuntimeProfile = (typeof runtimeProfiles)[number];

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

export function sidecarEnv(options: {
  profile: RuntimeProfile;
  dataDir: string;
  configContent?: string | null;
}): Record<string, string> {
  const env: Record<string, string> = {};
  if (options.profile === "managed") {
    const root = join(options.dataDir, "opencode");
    env.XDG_CONFIG_HOME = join(root, "config");
    env.XDG_DATA_HOME = join(root, "data");
    env.XDG_STATE_HOME = join(root, "state");
  }
  if (options.configContent) env.OPENCODE_CONFIG_CONTENT = options.configContent;
  return env;
}

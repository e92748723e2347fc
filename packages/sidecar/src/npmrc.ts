// The user's own npm settings, read the way npm finds their file, for the few places our code must
// know them (the registry to download from; whether they chose how npm retries).
import { readFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";

/** A setting of the user's .npmrc (npm_config_userconfig, else ~/.npmrc), unquoted; null when absent. */
export function userNpmrcSetting(
  name: string,
  env: Record<string, string | undefined> = process.env,
  home = homedir(),
): string | null {
  const userconfig = env.npm_config_userconfig ?? env.NPM_CONFIG_USERCONFIG ?? join(home, ".npmrc");
  try {
    for (const line of readFileSync(userconfig, "utf8").split(/\r?\n/)) {
      const at = line.indexOf("=");
      if (at < 0 || line.slice(0, at).trim() !== name) continue;
      const value = line
        .slice(at + 1)
        .trim()
        .replace(/^["']|["']$/g, "");
      if (value) return value;
    }
  } catch {
    // no .npmrc
  }
  return null;
}

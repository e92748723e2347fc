// opencode npm-installs its plugin package (`@opencode-ai/plugin`) into every config folder it
// loads, and when any plugin is configured (ours always is: the secrets plugin) it waits for that
// install before the folder's first answer (1.18.33: `Config.loadInstanceState` forks
// `Npm.install`; the plugin loader calls `waitForDependencies` when `plugin_origins` is not empty).
// Offline, npm's default retry waits (fetch-retry-mintimeout 10 s, then maxtimeout 60 s, two
// retries) made the first chat of every folder wait ~73 s, measured, and the backend's 2-minute
// deadline was close; plain opencode without plugins does not wait at all. npm reads its config
// from `npm_config_*` variables too (opencode loads it with @npmcli/config from its environment),
// so the sidecar's npm does not retry: an unreachable registry fails at once and opencode goes on
// (the secrets plugin needs nothing from that package). Not shorter waits: with a filled npm cache
// npm falls back to it after each failed request, and 1 s + 3 s of waits per package made an
// offline install from the cache take minutes (tried). The cost: opencode's own installs (its
// plugin package, a provider's package on first use) fail on one transient network error instead
// of trying three times; the user sees that as a failed first reply and sends again. A user's own
// setting (a variable in any case, or fetch-retries in their .npmrc) wins; the secrets plugin takes
// ours out of tools' environments again, so an `npm install` the agent runs keeps npm's defaults.
import { userNpmrcSetting } from "./npmrc.ts";
import { opencodeHome } from "./opencodeFolders.ts";

/** The variables and the values the sidecar gets unless the user set them. */
export const npmRetries: Readonly<Record<string, string>> = {
  npm_config_fetch_retries: "0",
};

/**
 * What neither the environment (npm reads these names in any case) nor the user's .npmrc sets
 * already: npm ranks the environment above .npmrc, so a value of ours would override theirs.
 */
export function npmRetriesFor(
  env: NodeJS.ProcessEnv,
  platform: NodeJS.Platform = process.platform,
): Record<string, string> {
  const set = new Set(
    Object.keys(env)
      .filter((name) => env[name] !== undefined)
      .map((name) => name.toLowerCase()),
  );
  // The home npm reads ~/.npmrc from: HOME first on every system, Windows included (a Git Bash or
  // MSYS HOME wins there), else os.homedir()'s, USERPROFILE on Windows. @npmcli/config's own rule
  // (lib/index.js: `this.home = this.env.HOME || homedir()`), not opencode's for its folders.
  const home = env.HOME || opencodeHome(env, platform);
  return Object.fromEntries(
    Object.entries(npmRetries).filter(
      ([name]) =>
        !set.has(name) && userNpmrcSetting(name.replace(/^npm_config_/, "").replaceAll("_", "-"), env, home) === null,
    ),
  );
}

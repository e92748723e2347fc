// The electron-builder configuration as it is used: electron-builder.yml, which electron-builder
// loads itself, merged with code signing taken from the environment. A certificate needs nothing
// here (electron-builder reads WIN_CSC_LINK / CSC_LINK itself); Azure Trusted Signing is added only
// when its variables are all set, so an unsigned local build keeps working
// (www.electron.build/code-signing-win, azureSignOptions; the credentials, AZURE_TENANT_ID /
// AZURE_CLIENT_ID / AZURE_CLIENT_SECRET, are read by the signing module, never put in the config).
// The app-update feed's GitHub owner and repository come from TURNKEY_UPDATE_OWNER and
// TURNKEY_UPDATE_REPO, and an installer is not built without them.
import { join } from "node:path";
import { getConfig } from "app-builder-lib/out/util/config/config.js";
import type { Configuration } from "electron-builder";

export const projectDir = join(import.meta.dirname, "..");

/** What the environment adds to electron-builder.yml (electron-builder deep-merges it over the file). */
export function signingOverrides(env: NodeJS.ProcessEnv): Configuration {
  const endpoint = env.AZURE_TRUSTED_SIGNING_ENDPOINT;
  const account = env.AZURE_TRUSTED_SIGNING_ACCOUNT;
  const profile = env.AZURE_TRUSTED_SIGNING_PROFILE;
  if (!endpoint || !account || !profile) return {};
  return {
    win: {
      azureSignOptions: {
        endpoint,
        codeSigningAccountName: account,
        certificateProfileName: profile,
        publisherName: env.AZURE_TRUSTED_SIGNING_PUBLISHER ?? "OpenCode Turnkey",
      },
    },
  };
}

// GitHub's rules for names: an owner is letters, digits and single hyphens; a repository also
// takes dots and underscores.
const ownerName = /^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}$/;
const repoName = /^[A-Za-z0-9._-]{1,100}$/;

/** The GitHub repository whose releases feed app updates, from the build's environment. */
export function updateFeed(env: NodeJS.ProcessEnv): { owner: string; repo: string } {
  const owner = env.TURNKEY_UPDATE_OWNER?.trim() ?? "";
  const repo = env.TURNKEY_UPDATE_REPO?.trim() ?? "";
  const missing = [!owner && "TURNKEY_UPDATE_OWNER", !repo && "TURNKEY_UPDATE_REPO"].filter(Boolean);
  if (missing.length > 0) {
    throw new Error(
      `The app-update feed is not set: ${missing.join(" and ")} ${missing.length > 1 ? "are" : "is"} empty. Set TURNKEY_UPDATE_OWNER and TURNKEY_UPDATE_REPO to the GitHub owner and repository that publish this app's releases (e.g. TURNKEY_UPDATE_OWNER=acme TURNKEY_UPDATE_REPO=opencode-turnkey), then build again.`,
    );
  }
  if (!ownerName.test(owner) || !repoName.test(repo) || repo === "." || repo === "..") {
    throw new Error(
      `The app-update feed "${owner}/${repo}" is not a GitHub repository name. Set TURNKEY_UPDATE_OWNER to an owner (letters, digits, hyphens) and TURNKEY_UPDATE_REPO to a repository (letters, digits, . _ -), then build again.`,
    );
  }
  return { owner, repo };
}

/** The feed over electron-builder.yml's `publish`, when the environment names one (a --dir build may not). */
export function updateFeedOverrides(env: NodeJS.ProcessEnv): Configuration {
  if (!env.TURNKEY_UPDATE_OWNER && !env.TURNKEY_UPDATE_REPO) return {};
  return { publish: { provider: "github", ...updateFeed(env) } };
}

/** Everything the environment adds to electron-builder.yml: signing and the update feed. */
export function environmentOverrides(env: NodeJS.ProcessEnv): Configuration {
  return { ...signingOverrides(env), ...updateFeedOverrides(env) };
}

/** The configuration exactly as electron-builder will see it: its own loader and merge. */
export async function effectiveBuilderConfig(
  env: NodeJS.ProcessEnv,
  extra: Configuration = {},
): Promise<Configuration> {
  const overrides = environmentOverrides(env);
  return getConfig(projectDir, null, { ...overrides, ...extra, win: { ...overrides.win, ...extra.win } });
}

/** How the build will sign, in words, for the build log. */
export function signingSummary(config: Configuration, env: NodeJS.ProcessEnv): string {
  if (config.win?.azureSignOptions) return "signing with Azure Trusted Signing";
  if (env.WIN_CSC_LINK || env.CSC_LINK) return "signing with the certificate from WIN_CSC_LINK / CSC_LINK";
  return "unsigned (no WIN_CSC_LINK, CSC_LINK or AZURE_TRUSTED_SIGNING_* set)";
}

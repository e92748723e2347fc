// The electron-builder configuration as it is used: electron-builder.yml, which electron-builder
// loads itself, merged with code signing taken from the environment. A certificate needs nothing
// here (electron-builder reads WIN_CSC_LINK / CSC_LINK itself); Azure Trusted Signing is added only
// when its variables are all set, so an unsigned local build keeps working
// (www.electron.build/code-signing-win, azureSignOptions; the credentials, AZURE_TENANT_ID /
// AZURE_CLIENT_ID / AZURE_CLIENT_SECRET, are read by the signing module, never put in the config).
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

/** The configuration exactly as electron-builder will see it: its own loader and merge. */
export async function effectiveBuilderConfig(
  env: NodeJS.ProcessEnv,
  extra: Configuration = {},
): Promise<Configuration> {
  const overrides = signingOverrides(env);
  return getConfig(projectDir, null, { ...overrides, ...extra, win: { ...overrides.win, ...extra.win } });
}

/** How the build will sign, in words, for the build log. */
export function signingSummary(config: Configuration, env: NodeJS.ProcessEnv): string {
  if (config.win?.azureSignOptions) return "signing with Azure Trusted Signing";
  if (env.WIN_CSC_LINK || env.CSC_LINK) return "signing with the certificate from WIN_CSC_LINK / CSC_LINK";
  return "unsigned (no WIN_CSC_LINK, CSC_LINK or AZURE_TRUSTED_SIGNING_* set)";
}

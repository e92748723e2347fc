// The electron-builder configuration as it is used: electron-builder.yml plus code signing taken
// from the environment. A certificate needs nothing here (electron-builder reads WIN_CSC_LINK /
// CSC_LINK itself); Azure Trusted Signing is added only when its variables are all set, so an
// unsigned local build keeps working (www.electron.build/code-signing-win, azureSignOptions; the
// credentials themselves, AZURE_TENANT_ID / AZURE_CLIENT_ID / AZURE_CLIENT_SECRET, are read by
// the signing module, never written into the config).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Configuration } from "electron-builder";
import { load } from "js-yaml";

export const builderConfigFile = join(import.meta.dirname, "..", "electron-builder.yml");

export function baseBuilderConfig(): Configuration {
  return load(readFileSync(builderConfigFile, "utf8")) as Configuration;
}

export function effectiveBuilderConfig(
  env: NodeJS.ProcessEnv,
  base: Configuration = baseBuilderConfig(),
): Configuration {
  const endpoint = env.AZURE_TRUSTED_SIGNING_ENDPOINT;
  const account = env.AZURE_TRUSTED_SIGNING_ACCOUNT;
  const profile = env.AZURE_TRUSTED_SIGNING_PROFILE;
  if (!endpoint || !account || !profile) return base;
  return {
    ...base,
    win: {
      ...base.win,
      azureSignOptions: {
        endpoint,
        codeSigningAccountName: account,
        certificateProfileName: profile,
        publisherName: env.AZURE_TRUSTED_SIGNING_PUBLISHER ?? base.productName ?? "OpenCode Turnkey",
      },
    },
  };
}

/** How the build will sign, in words, for the build log. */
export function signingSummary(config: Configuration, env: NodeJS.ProcessEnv): string {
  if (config.win?.azureSignOptions) return "signing with Azure Trusted Signing";
  if (env.WIN_CSC_LINK || env.CSC_LINK) return "signing with the certificate from WIN_CSC_LINK / CSC_LINK";
  return "unsigned (no WIN_CSC_LINK, CSC_LINK or AZURE_TRUSTED_SIGNING_* set)";
}

// opencode's credential store, auth.json in its data folder ($XDG_DATA_HOME/opencode, else under the
// home folder; the managed profile points XDG_DATA_HOME into the data dir). Read by
// the backend for two things only: the values, so the outward redactor masks them (keys, OAuth
// access and refresh tokens: providerSecrets.ts), and each entry's type, so the Providers view says
// "signed in" or "key" (providerConnections.ts). Nothing read here is ever sent anywhere.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { opencodeFolder } from "@turnkey/sidecar";

/** opencode's data folder as opencode resolves it on each OS (opencodeFolders.ts), then auth.json. */
export function authFilePath(env: NodeJS.ProcessEnv): string {
  return join(opencodeFolder("data", env), "auth.json");
}

/** auth.json's entries by provider id; empty when it is missing or does not parse. */
export function readAuthFile(env: NodeJS.ProcessEnv): Record<string, Record<string, unknown>> {
  let auth: unknown;
  try {
    auth = JSON.parse(readFileSync(authFilePath(env), "utf8"));
  } catch {
    return {};
  }
  if (typeof auth !== "object" || auth === null) return {};
  return Object.fromEntries(
    Object.entries(auth).filter((entry): entry is [string, Record<string, unknown>] => {
      const value = entry[1];
      return typeof value === "object" && value !== null;
    }),
  );
}

/** Every credential value in auth.json: API keys, well-known tokens, OAuth access and refresh tokens. */
export function savedSecrets(env: NodeJS.ProcessEnv): string[] {
  return Object.values(readAuthFile(env)).flatMap((entry) =>
    (["key", "token", "access", "refresh"] as const).flatMap((field) => {
      const value = entry[field];
      return typeof value === "string" ? [value] : [];
    }),
  );
}

/** The type of each provider's entry ("api", "oauth", "wellknown"), never its values. */
export function savedAuthTypes(env: NodeJS.ProcessEnv): Map<string, string> {
  return new Map(
    Object.entries(readAuthFile(env)).flatMap(([id, entry]) =>
      typeof entry.type === "string" ? [[id, entry.type] as [string, string]] : [],
    ),
  );
}

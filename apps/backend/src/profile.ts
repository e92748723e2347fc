// Which runtime profile the sidecar runs with. `managed` gives opencode its own folders under
// our data dir; `inherit` uses the user's own opencode config, providers and sessions. A first
// run picks `inherit` when the user already has an opencode config, else `managed`, and saves it.
import { existsSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { RuntimeProfile } from "@turnkey/contracts";
import { z } from "zod";
import { SavedProjects } from "./projects/projectStore.ts";

export const BackendSettings = z.object({
  profile: RuntimeProfile.optional(),
  /** The project folders, recent first (paths and times only). */
  projects: SavedProjects,
  /** Project folders (real paths) whose own OpenCode config the user trusted (trust/folderTrust.ts). */
  // Each trusted folder with the digest of the config it was trusted with (trust/configDigest.ts);
  // an entry of the first form (a bare path, one day of main) is dropped: the card asks again.
  trustedFolders: z
    .array(z.union([z.object({ path: z.string(), digest: z.string() }), z.string()]))
    .default([])
    .transform((entries) =>
      entries.filter((entry): entry is { path: string; digest: string } => typeof entry !== "string"),
    ),
  /** The opencode version chosen by an update or "use"; absent: the one the app ships. */
  opencodeVersion: z.string().optional(),
  /** The version before it, kept by pruning and the one a failed update returns to. */
  previousOpencodeVersion: z.string().optional(),
  /** The editor "Open in" used last (an id of openWith/appCatalog.ts), offered first. */
  openWith: z.string().max(64).optional(),
});

export type ProfileSource = "flag" | "settings" | "detected";

/** The user's own opencode config file, if they have one. */
export function existingOpencodeConfig(env: Record<string, string | undefined>, home = homedir()): string | null {
  if (env.OPENCODE_CONFIG && existsSync(env.OPENCODE_CONFIG)) return env.OPENCODE_CONFIG;
  const configHome = env.XDG_CONFIG_HOME || join(home, ".config");
  for (const name of ["opencode.json", "opencode.jsonc", "config.json"]) {
    const file = join(configHome, "opencode", name);
    if (existsSync(file)) return file;
  }
  return null;
}

export function chooseProfile(input: {
  flag: RuntimeProfile | undefined;
  saved: RuntimeProfile | undefined;
  env: Record<string, string | undefined>;
  home?: string;
}): { profile: RuntimeProfile; source: ProfileSource } {
  if (input.flag) return { profile: input.flag, source: "flag" };
  if (input.saved) return { profile: input.saved, source: "settings" };
  return { profile: existingOpencodeConfig(input.env, input.home) ? "inherit" : "managed", source: "detected" };
}

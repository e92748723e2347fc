// Environment for a real opencode that touches nothing of the user's: HOME and every XDG folder
// in a temp dir. Shared by every test that runs the real binary. In a vitest run the config
// folder gets the run's installed plugin package (opencodeSeed.ts), so opencode does not install
// it again for each test.
//
// It also reads a small model catalogue. opencode's bundled models.dev snapshot (225 providers,
// 8,261 models in 1.18.33) cost every fresh opencode 1.8 s of CPU (1.4 s of wall time on a quiet
// machine, 4–6 s on a loaded one) at its first /provider call, and its first reply 0.4 s more;
// with the trimmed file, 0.1 s. A test run starts ~130 opencode processes. OPENCODE_MODELS_PATH
// replaces the snapshot (opencode 1.18.33 reads that file where it would read its cache of
// models.dev); fixtures/models-catalogue.json is the snapshot trimmed to the providers tests name
// (OpenCode Zen, OpenAI, Anthropic, DeepSeek…) with up to six current models each, entries kept
// as models.dev writes them. realOpencode.test.ts fails if an opencode stops reading it.
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { seedOpencodeConfig } from "./opencodeSeed.ts";

/** The trimmed model catalogue every isolated opencode reads, unless asked for the full one. */
export const testModelCatalogue = join(import.meta.dirname, "fixtures", "models-catalogue.json");

/**
 * `seeded: false` leaves the config folder fresh, so opencode installs its plugin package itself;
 * `fullCatalogue` keeps opencode's own model catalogue (benchmarks measure what a user's opencode does).
 */
export function isolatedOpencodeEnv(
  root: string,
  options: { seeded?: boolean; fullCatalogue?: boolean } = {},
): Record<string, string> {
  const env = {
    HOME: join(root, "home"),
    USERPROFILE: join(root, "home"),
    XDG_CONFIG_HOME: join(root, "xdg", "config"),
    XDG_DATA_HOME: join(root, "xdg", "data"),
    XDG_STATE_HOME: join(root, "xdg", "state"),
    XDG_CACHE_HOME: join(root, "xdg", "cache"),
    // No update checks or model-catalogue fetches from a test.
    OPENCODE_DISABLE_AUTOUPDATE: "true",
    OPENCODE_DISABLE_MODELS_FETCH: "true",
    ...(options.fullCatalogue ? {} : { OPENCODE_MODELS_PATH: testModelCatalogue }),
  };
  for (const dir of Object.values(env)) if (dir.startsWith(root)) mkdirSync(dir, { recursive: true });
  if (options.seeded !== false) seedOpencodeConfig(join(env.XDG_CONFIG_HOME, "opencode"));
  return env;
}

// Environment for a real opencode that touches nothing of the user's: HOME and every XDG folder
// in a temp dir. Shared by every test that runs the real binary. In a vitest run the config
// folder gets the run's installed plugin package (opencodeSeed.ts), so opencode does not install
// it again for each test.
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { seedOpencodeConfig } from "./opencodeSeed.ts";

/** `seeded: false` leaves the config folder fresh, so opencode installs its plugin package itself. */
export function isolatedOpencodeEnv(root: string, options: { seeded?: boolean } = {}): Record<string, string> {
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
  };
  for (const dir of Object.values(env)) if (dir.startsWith(root)) mkdirSync(dir, { recursive: true });
  if (options.seeded !== false) seedOpencodeConfig(join(env.XDG_CONFIG_HOME, "opencode"));
  return env;
}

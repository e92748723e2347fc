// Provider keys stay out of tools and out of everything the backend sends. opencode reads a
// provider's key from environment variables it names per provider (ANTHROPIC_API_KEY,
// OPENAI_API_KEY…: `provider.list().all[].env`) or from its auth.json (keys saved through
// PUT /api/providers/:id/key). After each start this learns those names and writes them next to
// the secrets plugin, which hides them from every tool's environment (shell.env); and it adds the
// values it can find (the sidecar's environment, auth.json, a key just saved) to the outward
// redactor, so a tool that still gets at one (a `cat` of auth.json, a read of opencode's
// /proc/<pid>/environ) shows it masked in messages and events. What it cannot stop: a tool runs as
// the user, so it can read auth.json and the user's own processes' environments; the model then
// sees the key (README: residual risk).
import { readFileSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { privateFileMode, type Redactor } from "@turnkey/sidecar";

/** Next to the plugin, which reads it at every tool start (secretsPlugin.ts). */
export const hiddenEnvFileName = "turnkey-hidden-env.json";

/** What the file holds: the names, and which opencode they were learnt from. */
interface HiddenEnvFile {
  opencode: string;
  names: string[];
}

export class ProviderSecrets {
  private written: string | null = null;

  constructor(
    private readonly redactor: Redactor,
    private readonly pluginDir: string,
    /** The environment the sidecar runs with (the backend's, with the profile's folders). */
    private readonly sidecarEnv: () => NodeJS.ProcessEnv,
  ) {}

  /**
   * After a start: the names from the file when this opencode (version and program) already told
   * them, else from `list` (opencode's provider list, a ~6 MB answer whose garbage costs an idle
   * backend ~40 MB of RSS until V8 collects, so it is asked once per opencode, not per start).
   */
  async afterStart(opencode: string, list: () => Promise<string[]>): Promise<void> {
    const known = this.read();
    this.learn(known?.opencode === opencode ? known.names : await list(), opencode);
  }

  private read(): HiddenEnvFile | null {
    try {
      const file = JSON.parse(readFileSync(join(this.pluginDir, hiddenEnvFileName), "utf8")) as HiddenEnvFile;
      return typeof file.opencode === "string" && Array.isArray(file.names) ? file : null;
    } catch {
      return null;
    }
  }

  /** Hide each env name from tools, mask each value set. */
  learn(envNames: readonly string[], opencode: string): void {
    const names = [...new Set(envNames)].sort();
    const env = this.sidecarEnv();
    for (const name of names) {
      const value = env[name];
      if (value) this.redactor.addSecret(value);
    }
    for (const key of savedKeys(env)) this.redactor.addSecret(key);
    const text = `${JSON.stringify({ opencode, names } satisfies HiddenEnvFile)}\n`;
    if (text === this.written) return;
    writeFileSync(join(this.pluginDir, hiddenEnvFileName), text, { mode: privateFileMode });
    this.written = text;
  }

  /** A key the user just saved. */
  keySaved(key: string): void {
    this.redactor.addSecret(key);
  }
}

/**
 * The env names in opencode's provider list, read from its text (GET /provider). Parsing the whole
 * ~6 MB answer builds ~40 MB of objects an idle backend keeps in RSS; only the small `"env":[…]`
 * arrays are parsed here. A stray match only hides one more variable from tools (the safe side).
 */
export function envNamesInProviderList(text: string): string[] {
  const names = new Set<string>();
  for (const match of text.matchAll(/"env":\s*(\[[^\]]*\])/g)) {
    let list: unknown;
    try {
      list = JSON.parse(match[1] ?? "[]");
    } catch {
      continue;
    }
    if (!Array.isArray(list)) continue;
    for (const name of list) if (typeof name === "string" && /^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) names.add(name);
  }
  return [...names].sort();
}

/** Keys in opencode's auth.json ($XDG_DATA_HOME/opencode, as opencode resolves it on every OS). */
function savedKeys(env: NodeJS.ProcessEnv): string[] {
  const dataHome = env.XDG_DATA_HOME || join(env.HOME || homedir(), ".local", "share");
  let auth: unknown;
  try {
    auth = JSON.parse(readFileSync(join(dataHome, "opencode", "auth.json"), "utf8"));
  } catch {
    return [];
  }
  if (typeof auth !== "object" || auth === null) return [];
  return Object.values(auth).flatMap((entry: unknown) =>
    typeof entry === "object" && entry !== null
      ? (["key", "access", "refresh"] as const).flatMap((field) => {
          const value = (entry as Record<string, unknown>)[field];
          return typeof value === "string" ? [value] : [];
        })
      : [],
  );
}

// Provider keys stay out of tools and out of everything the backend sends. opencode reads a
// provider's key from environment variables it names per provider (ANTHROPIC_API_KEY,
// OPENAI_API_KEY…: `provider.list().all[].env`) or from its auth.json (keys saved through
// PUT /api/providers/:id/key). The secrets plugin learns those names inside opencode, hides them
// from every tool's environment (shell.env) and writes them next to itself (providerKeyNames.ts
// says why there and not here); this reads that small file after each start and whenever the
// plugin rewrites it, and adds the values it can find (the sidecar's environment, auth.json, a key
// just saved) to the outward redactor, so a tool that still gets at one (a `cat` of auth.json, a
// read of opencode's /proc/<pid>/environ) shows it masked in messages and events. The plugin
// writes the file before the first tool it lets start. What it cannot stop: a tool runs as the
// user, so it can read auth.json and the user's own processes' environments; the model then sees
// the key (README: residual risk).
import { type FSWatcher, readFileSync, watch } from "node:fs";
import { basename, dirname, join } from "node:path";
import { keyNameFromFile, secretName } from "@turnkey/contracts";
import type { Redactor } from "@turnkey/sidecar";
import { authFilePath, savedSecrets } from "./providers/authFile.ts";

/** Next to the plugin, which writes it (secretsPlugin.ts). */
export const hiddenEnvFileName = "turnkey-hidden-env.json";

export class ProviderSecrets {
  private watcher: FSWatcher | null = null;
  /** opencode's data folder, where auth.json changes when a sign-in ends or opencode refreshes a token. */
  private authWatcher: FSWatcher | null = null;
  /** The auth.json that watch follows: a profile switch moves opencode's data folder. */
  private watchedAuthFile: string | null = null;

  constructor(
    private readonly redactor: Redactor,
    private readonly pluginDir: string,
    /** The environment the sidecar runs with (the backend's, with the profile's folders). */
    private readonly sidecarEnv: () => NodeJS.ProcessEnv,
  ) {}

  /**
   * After a start: masks what the names known so far find, and follows the plugin's file. Every
   * sidecar variable whose name looks like a secret is masked at once, so the mask of most keys
   * does not wait for the plugin's first write to be seen (a file watch may be late or lost).
   */
  afterStart(): void {
    this.follow();
    this.learn([...this.read(), ...Object.keys(this.sidecarEnv()).filter(secretName)]);
  }

  /** The plugin writes the file once per opencode program, when a sidecar has loaded it. */
  private follow(): void {
    this.followAuthFile();
    if (this.watcher) return;
    try {
      this.watcher = watch(this.pluginDir, { persistent: false }, (_event, file) => {
        if (file === null || file === hiddenEnvFileName) this.learn(this.read());
      });
      this.watcher.on("error", () => this.close());
    } catch {
      this.watcher = null; // the next start tries again; the file is read at every start meanwhile
    }
  }

  /**
   * OAuth access tokens are refreshed by opencode itself (its plugins' loaders write the new pair to
   * auth.json), so the mask learns each new one when the file changes, not only at the next start.
   * The folder is watched (a file replaced by a rename would end a watch on the file itself); the
   * other files in it (the database, logs) cost one name comparison per change. Node's fs.watch
   * docs: the callback's filename is given on Linux, macOS and Windows (ReadDirectoryChangesW) but
   * not guaranteed, so a null name reads the file too; on Windows a watched folder that is deleted
   * reports EPERM, an error that ends this watch until the next start.
   */
  private followAuthFile(): void {
    const file = authFilePath(this.sidecarEnv());
    if (this.authWatcher && this.watchedAuthFile === file) return;
    this.authWatcher?.close(); // the previous profile's folder: its tokens no longer change under this sidecar
    this.authWatcher = null;
    this.watchedAuthFile = file;
    try {
      this.authWatcher = watch(dirname(file), { persistent: false }, (_event, name) => {
        if (name === null || name === basename(file)) this.learn([]);
      });
      this.authWatcher.on("error", () => {
        this.authWatcher?.close();
        this.authWatcher = null;
      });
    } catch {
      this.authWatcher = null; // no folder yet (a first start): the next start tries again
    }
  }

  /** The file's names that look like a key's in the sidecar's environment (keyNameFromFile says why). */
  private read(): string[] {
    try {
      const file = JSON.parse(readFileSync(join(this.pluginDir, hiddenEnvFileName), "utf8")) as { names?: unknown };
      const env = this.sidecarEnv();
      return Array.isArray(file.names)
        ? file.names.filter((name): name is string => typeof name === "string" && keyNameFromFile(name, env[name]))
        : [];
    } catch {
      return [];
    }
  }

  /** Masks each value set under these names, and every key in auth.json. */
  learn(envNames: readonly string[]): void {
    const env = this.sidecarEnv();
    for (const name of new Set(envNames)) {
      const value = env[name];
      if (value) this.redactor.addSecret(value);
    }
    for (const key of savedSecrets(env)) this.redactor.addSecret(key);
  }

  /** The key names the plugin learnt from opencode (its file), or null before it has written any. */
  knownKeyNames(): string[] | null {
    const names = this.read();
    return names.length > 0 ? names : null;
  }

  /** A key the user just saved. */
  keySaved(key: string): void {
    this.redactor.addSecret(key);
  }

  close(): void {
    this.watcher?.close();
    this.watcher = null;
    this.authWatcher?.close();
    this.authWatcher = null;
  }
}

// Trusting a project folder before OpenCode loads its config. A project's opencode.json and
// `.opencode` folder are code and credential routing (plugins run inside OpenCode, `{file:…}`
// reads any file into a request, a provider's baseURL receives its key), and one OpenCode serves
// every folder, so its per-process OPENCODE_DISABLE_PROJECT_CONFIG cannot single one out. So the
// backend refuses to send a folder with config of its own to OpenCode until the user trusted it
// (as VS Code's Workspace Trust does); a folder without config needs nothing, and is looked at
// again on each call, so config written into it later stops the next call and asks. Trust is given
// to the config the card showed (configDigest.ts): a trusted folder whose config changed since (the
// agent wrote a plugin into it) is refused again until the user looks at it again (review 9, S1).
import type { FolderTrust } from "@turnkey/contracts";
import type { SettingsFile } from "@turnkey/sidecar";
import type { BackendSettings } from "../profile.ts";
import { ConfigDigests, maxConfigFileBytes, maxConfigFiles } from "./configDigest.ts";
import { ConfigPlaces, findConfigPlaces } from "./configPlaces.ts";
import { trustFindings } from "./trustFindings.ts";

/** A call into a folder whose own OpenCode config the user has not trusted: answered 403. */
export class FolderUntrustedError extends Error {
  constructor(
    readonly directory: string,
    changed = false,
  ) {
    super(
      changed
        ? `The OpenCode configuration of ${directory} changed since you trusted the folder (files in its opencode.json or .opencode were written or removed), and it can run code and send your keys elsewhere, so OpenCode does not work there until you look at it again. Open the project in the chat window to see what its configuration does now, then choose "Trust this folder" or open another project.`
        : `The folder ${directory} has its own OpenCode configuration, which can run code and send your keys elsewhere, so OpenCode does not work there until you trust it. Open the project in the chat window to see what its configuration does, then choose "Trust this folder" or open another project.`,
    );
  }
}

/** "Trust this folder" for config that changed since the card showed it: answered 409, nothing trusted. */
export class TrustConfigChangedError extends Error {
  constructor(readonly directory: string) {
    super(
      `The OpenCode configuration of ${directory} changed while you were looking at it (files in its opencode.json or .opencode were written or removed), so it was not trusted. Look at what it does now, then choose "Trust this folder" again.`,
    );
  }
}

/** "Trust this folder" for config with more files than are read: answered 409, nothing trusted. */
export class TrustConfigTooLargeError extends Error {
  constructor(readonly directory: string) {
    super(
      `The OpenCode configuration of ${directory} holds more than ${maxConfigFiles} files and folders, folders nested deeper than OpenCode Turnkey reads, or something it cannot read as a file (a symbolic link that loops, a named pipe, a file over ${maxConfigFileBytes / 1024 / 1024} MB, also as a {file:…} reference, or a {file:…} reference built from an {env:…} value), so it cannot show you everything that configuration does, and it cannot be trusted from here. Remove what OpenCode does not need from it, then look again.`,
    );
  }
}

/**
 * The card's digest of a config that kept changing while it was read: one no config's SHA-256 is in
 * practice, in the digest's own shape, so the Trust click reaches the 409 that shows the card again
 * (a sentence here was refused as a malformed request first: review 13, trust F3).
 */
export const changingDigest = "0".repeat(64);

export class FolderTrustStore {
  private readonly places: ConfigPlaces;
  private readonly digests: ConfigDigests;
  /** Folders given on the command line this run: the user started us there, as they would run opencode. */
  private readonly startFolders: Set<string>;

  constructor(
    private readonly settings: SettingsFile<typeof BackendSettings>,
    private readonly options: { home: string; startFolders?: string[] },
  ) {
    this.places = new ConfigPlaces(options.home);
    this.digests = new ConfigDigests(options.home);
    this.startFolders = new Set(options.startFolders ?? []);
  }

  /** A command-line folder, or one trusted with the config it has now. */
  isTrusted(directory: string): boolean {
    if (this.startFolders.has(directory)) return true;
    const saved = this.settings.get().trustedFolders.find((entry) => entry.path === directory);
    return saved !== undefined && saved.digest === this.digests.of(directory, this.places.of(directory));
  }

  /** Throws FolderUntrustedError when OpenCode must not load `directory` yet. */
  check(directory: string): void {
    if (this.isTrusted(directory)) return;
    if (this.places.of(directory).length === 0) return;
    const changed = this.settings.get().trustedFolders.some((entry) => entry.path === directory);
    throw new FolderUntrustedError(directory, changed);
  }

  /**
   * Trusts the folder with the config it has now, which must be the config the card showed
   * (`shown`, its digest from describe): a config changed since is refused, not trusted unseen.
   */
  trust(directory: string, shown?: string): void {
    const { digest, complete } = this.digests.read(directory, this.places.of(directory));
    if (shown !== undefined && digest !== shown) throw new TrustConfigChangedError(directory);
    if (!complete) throw new TrustConfigTooLargeError(directory);
    const others = this.settings.get().trustedFolders.filter((entry) => entry.path !== directory);
    this.settings.update({ trustedFolders: [...others, { path: directory, digest }] });
  }

  /**
   * Runs a write of our own into the folder's config (the MCP form, an agent or command saved, on the
   * person's click): a folder trusted with its config before the write stays trusted with the config
   * after it, and so does a folder with no config before it (its first agent must not ask for trust
   * in what the person just wrote). A folder that was not (or whose config had changed since) stays
   * as it was. Synchronous on purpose: the check,
   * the write and the new trust run with nothing else of ours in between, so a change another
   * process made while the backend waited (the agent writing a plugin during the save's git check)
   * is seen by the check instead of being trusted along with our write; what is left is the
   * write's own few milliseconds.
   */
  keepTrustThrough<T>(directory: string, write: () => T): T {
    const saved = this.settings.get().trustedFolders.some((entry) => entry.path === directory);
    // A folder with no config of its own needed no trust; after the write, ours is all it has.
    const keep = (saved && this.isTrusted(directory)) || this.places.of(directory).length === 0;
    const result = write();
    if (keep && this.digests.read(directory, this.places.of(directory)).complete) this.trust(directory);
    return result;
  }

  /** Forgets the saved trust; a command-line folder stays trusted for this run. */
  forget(directory: string): void {
    const saved = this.settings.get().trustedFolders;
    if (saved.some((entry) => entry.path === directory))
      this.settings.update({ trustedFolders: saved.filter((entry) => entry.path !== directory) });
  }

  /**
   * What the card shows, with the digest of the config it was read from. The digest is read before
   * and after the findings, and all of it again when a write came in between (at most three
   * times), so the card never names one config and trusts another: a config that changed during
   * each of the three gets a digest no config has (`changingDigest`), so its card cannot trust it.
   */
  async describe(projectId: string, directory: string): Promise<FolderTrust> {
    // Loaded on the first card, not at start-up: the YAML parser costs ~0.5 MB of the idle RSS
    // budget (bench 9), and only agent files' front matter needs it.
    const { parse: parseYaml } = await import("yaml");
    for (let attempt = 1; ; attempt++) {
      // The places walked now, for the digest as for the findings.
      const places = findConfigPlaces(directory, this.options.home);
      const digest = this.digests.of(directory, places);
      const described = {
        projectId,
        path: directory,
        hasConfig: places.length > 0,
        trusted: this.isTrusted(directory),
        findings: trustFindings(places, parseYaml),
        digest,
      };
      if (this.digests.of(directory, findConfigPlaces(directory, this.options.home)) === digest) return described;
      if (attempt === 3) return { ...described, digest: changingDigest };
    }
  }
}

// Which opencode version runs, and where it comes from: `--opencode-version` for this run, else
// the version saved in settings, else the one the app ships (the bundled copy seeds the managed
// runtime; without one, the opencode-ai dependency in node_modules). prepare() turns that choice
// into a verified executable for the supervisor; info() is what GET /api/runtime shows.
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import {
  type AvailableRuntime,
  ErrorCode,
  type InstalledRuntime,
  type PreparingStatus,
  type RuntimeInfo,
  type RuntimeUpdate,
  type RuntimeVersions as RuntimeVersionsInfo,
} from "@turnkey/contracts";
import {
  type BinaryLocatorOptions,
  type BinaryResolution,
  compareVersions,
  type ManagedRuntime,
  RegistryError,
  RuntimeCopyError,
  resolveOpencodeBinary,
  type SettingsFile,
} from "@turnkey/sidecar";
import type { BackendSettings } from "../profile.ts";

type VersionSource = InstalledRuntime["source"];

export class RuntimeVersions {
  private flagVersion: string | null;
  private lastResolved: { path: string; source: VersionSource; version: string | null } | null = null;
  /** The opencode-ai dependency's version, once its binary was found in node_modules. */
  private npmVersion: string | null = null;
  latest: AvailableRuntime | null = null;
  checkError: string | null = null;
  update: RuntimeUpdate | null = null;
  private readonly listeners = new Set<(info: RuntimeInfo) => void>();

  constructor(
    private readonly deps: {
      runtime: ManagedRuntime;
      settings: SettingsFile<typeof BackendSettings>;
      binary: BinaryLocatorOptions;
      /** `--opencode-version`: wins over the saved choice for this run. */
      flagVersion?: string | null;
      /**
       * Installs a version that is not on disk yet (from the registry); used when
       * `--opencode-version` names one. Without it such a version is an error.
       */
      install?: (version: string, signal?: AbortSignal) => Promise<void>;
    },
  ) {
    this.flagVersion = deps.flagVersion ?? null;
    deps.runtime.onChange(() => this.publish());
  }

  get runtime(): ManagedRuntime {
    return this.deps.runtime;
  }

  onChange(listener: (info: RuntimeInfo) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  publish(): void {
    const info = this.info();
    for (const listener of this.listeners) listener(info);
  }

  /** The version asked for (flag, then settings); null means "the one the app ships". */
  requested(): string | null {
    return this.flagVersion ?? this.deps.settings.get().opencodeVersion ?? null;
  }

  /** The chosen version when it lives in the managed runtime (not node_modules); null: the default. */
  managedChoice(): string | null {
    const requested = this.requested();
    return requested && requested !== this.nodeModulesVersion() ? requested : null;
  }

  /** The version the next start runs, when it can be known without starting. */
  activeVersion(): string | null {
    if (this.deps.binary.override) return null;
    return this.requested() ?? this.deps.runtime.bundled()?.version ?? this.nodeModulesVersion();
  }

  /** Makes `version` (null: the shipped one) the one that runs from the next start on, and saves it. */
  choose(version: string | null): void {
    this.flagVersion = null;
    const current = this.deps.settings.get().opencodeVersion;
    this.deps.settings.update({
      opencodeVersion: version ?? undefined,
      previousOpencodeVersion: current ?? this.shippedVersion() ?? undefined,
    });
    this.publish();
  }

  /** What choose() changes, so a failed update can put it back exactly. */
  savedChoice(): { opencodeVersion?: string; previousOpencodeVersion?: string; flagVersion: string | null } {
    const { opencodeVersion, previousOpencodeVersion } = this.deps.settings.get();
    return { opencodeVersion, previousOpencodeVersion, flagVersion: this.flagVersion };
  }

  restore(saved: ReturnType<RuntimeVersions["savedChoice"]>): void {
    this.flagVersion = saved.flagVersion;
    this.deps.settings.update({
      opencodeVersion: saved.opencodeVersion,
      previousOpencodeVersion: saved.previousOpencodeVersion,
    });
    this.publish();
  }

  /** Versions pruning must keep besides the active one: the saved previous one. */
  protectedVersions(): string[] {
    const previous = this.deps.settings.get().previousOpencodeVersion;
    return previous ? [previous] : [];
  }

  activeSource(): VersionSource | null {
    return this.versions().activeSource;
  }

  shippedVersion(): string | null {
    return this.deps.runtime.bundled()?.version ?? this.nodeModulesVersion();
  }

  isInstalled(version: string): boolean {
    return this.installed().some((entry) => entry.version === version);
  }

  /**
   * The supervisor's preparation step: the override, else the chosen version, verified (and
   * installed first when `--opencode-version` names one not on disk), with its progress.
   */
  async prepare(signal?: AbortSignal, onProgress?: (progress: PreparingStatus) => void): Promise<BinaryResolution> {
    const { binary, runtime } = this.deps;
    if (binary.override) return this.remember(await resolveOpencodeBinary(binary), null);
    const requested = this.requested();
    const offRuntime = runtime.onChange((state) => {
      if (state.phase === "checking" || state.phase === "copying") {
        onProgress?.({ progress: state.progress, message: state.message });
      }
    });
    const offInstall = this.onChange((info) => {
      const update = info.update;
      if (update && update.finishedAt === null && update.to === requested) {
        onProgress?.({ progress: update.progress, message: update.message });
      }
    });
    try {
      if (requested && requested !== this.nodeModulesVersion()) {
        if (!runtime.store.manifest(requested) && runtime.bundled()?.version !== requested && this.flagVersion) {
          await this.deps.install?.(requested, signal);
        }
        const path = await runtime.ensure(requested, signal);
        return this.remember({ ok: true, path: path!, source: "managed" }, requested);
      }
      const managed = requested ? null : await runtime.ensure(undefined, signal);
      const resolution = await resolveOpencodeBinary({
        ...binary,
        managedDir: managed ? dirname(managed) : null,
        bundledDir: null,
      });
      return this.remember(resolution, managed ? (runtime.bundled()?.version ?? null) : null);
    } catch (error) {
      const code: ErrorCode =
        error instanceof RuntimeCopyError || (error instanceof Error && "code" in error && isErrorCode(error.code))
          ? (error.code as ErrorCode)
          : error instanceof RegistryError
            ? "update_unavailable"
            : "runtime_damaged";
      return { ok: false, error: { code, message: (error as Error).message } };
    } finally {
      offRuntime();
      offInstall();
    }
  }

  private remember(resolution: BinaryResolution, version: string | null): BinaryResolution {
    if (resolution.ok) {
      const source = resolution.source === "bundled" ? "managed" : resolution.source;
      this.lastResolved = {
        path: resolution.path,
        source,
        version: version ?? (source === "node_modules" ? packageVersionOf(resolution.path) : null),
      };
      if (source === "node_modules") this.npmVersion = this.lastResolved.version;
    }
    return resolution;
  }

  /** Finds the shipped node_modules binary (and so its version) before the first start. */
  async locateShipped(): Promise<void> {
    const { binary, runtime } = this.deps;
    if (binary.override || runtime.bundled()) return;
    this.remember(await resolveOpencodeBinary({ ...binary, managedDir: null, bundledDir: null }), null);
  }

  /** The opencode-ai dependency's version when its binary is what runs (no bundled copy). */
  nodeModulesVersion(): string | null {
    return this.deps.runtime.bundled() ? null : this.npmVersion;
  }

  installed(): InstalledRuntime[] {
    const active = this.activeVersion();
    const list: InstalledRuntime[] = this.deps.runtime.store.list().map((manifest) => ({
      version: manifest.version,
      package: manifest.package,
      source: "managed",
      origin: manifest.source ?? "bundled",
      active: manifest.version === active,
    }));
    const fromNpm = this.nodeModulesVersion();
    if (fromNpm && !list.some((entry) => entry.version === fromNpm)) {
      list.push({ version: fromNpm, package: null, source: "node_modules", origin: null, active: fromNpm === active });
    }
    return list.sort((a, b) => compareVersions(b.version, a.version));
  }

  versions(): RuntimeVersionsInfo {
    const active = this.activeVersion();
    const activeSource: VersionSource | null = this.deps.binary.override
      ? "override"
      : active === null
        ? (this.lastResolved?.source ?? null)
        : active === this.nodeModulesVersion()
          ? "node_modules"
          : "managed";
    return {
      active,
      activeSource,
      pinnedByFlag: this.flagVersion !== null,
      installed: this.installed(),
      latest: this.latest,
      updateAvailable:
        !this.deps.binary.override &&
        this.latest !== null &&
        active !== null &&
        compareVersions(this.latest.version, active) > 0,
      checkError: this.checkError,
      update: this.update,
    };
  }

  info(): RuntimeInfo {
    return { ...this.deps.runtime.state(), ...this.versions() };
  }
}

function packageVersionOf(binaryPath: string): string | null {
  try {
    const manifest = JSON.parse(readFileSync(join(dirname(binaryPath), "..", "package.json"), "utf8"));
    return typeof manifest.version === "string" ? manifest.version : null;
  } catch {
    return null;
  }
}

function isErrorCode(code: unknown): boolean {
  return ErrorCode.safeParse(code).success;
}

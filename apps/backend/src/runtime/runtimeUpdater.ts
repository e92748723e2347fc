// Updates that cannot break the app: look up the newest opencode for this machine's package on
// the npm registry, install it beside the current version (verified, atomic), restart onto it,
// and keep it only if it passes the health gate; otherwise go back to the previous version by
// itself and say why. Old versions are pruned to the active and the previous one. Offline, a
// proxy in the way or a bad download: a sentence, and nothing changed.

import {
  type ErrorCode,
  isLive,
  type RuntimeInfo,
  type RuntimeUpdate,
  type RuntimeUpdatePhase,
} from "@turnkey/contracts";
import {
  fetchPackument,
  installFromRegistry,
  type PackageVersion,
  RegistryError,
  type RegistryOptions,
  type SidecarSupervisor,
} from "@turnkey/sidecar";
import { passHealthGate } from "./healthGate.ts";
import type { RuntimeVersions } from "./runtimeVersions.ts";
import { SharedWork } from "./sharedWork.ts";

export class RuntimeActionError extends Error {
  constructor(
    readonly status: 400 | 404 | 409 | 502,
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export interface UpdaterOptions {
  versions: RuntimeVersions;
  supervisor: SidecarSupervisor;
  /** opencode-<os>-<arch>[-baseline][-musl] for this machine. */
  packageName: string;
  registry: () => RegistryOptions;
  /** How long a new version must stay healthy to be kept (default 10 s). */
  healthWindowMs?: number;
  /** The gate's safety net (default: 60 s). */
  gateDeadlineMs?: number;
  /** A check older than this is repeated in the background when someone looks (default 6 h). */
  checkMaxAgeMs?: number;
  now?: () => number;
}

export function changelogUrl(version: string): string {
  return `https://github.com/sst/opencode/releases/tag/v${version}`;
}

export class RuntimeUpdater {
  private busy = false;
  private readonly installs = new SharedWork<unknown>();
  private checking: Promise<void> | null = null;
  private readonly now: () => number;

  constructor(private readonly options: UpdaterOptions) {
    this.now = options.now ?? Date.now;
  }

  /**
   * Asks the registry for the newest version; failures become `checkError`, never a throw. Not
   * with --opencode-bin: the user's program chooses its version, so there is nothing to look up.
   */
  check(): Promise<void> {
    if (this.options.versions.activeSource() === "override") return Promise.resolve();
    this.checking ??= (async () => {
      const { versions } = this.options;
      try {
        const packument = await fetchPackument(this.options.packageName, this.options.registry());
        const latest = packument.latest;
        versions.latest = latest
          ? {
              version: latest,
              package: this.options.packageName,
              changelogUrl: changelogUrl(latest),
              checkedAt: this.now(),
            }
          : null;
        versions.checkError = null;
      } catch (error) {
        versions.checkError = (error as Error).message;
      } finally {
        this.checking = null;
        versions.publish();
      }
    })();
    return this.checking;
  }

  /** Starts a check when the last one is old; the answer arrives as a `runtime` event. */
  checkIfStale(): void {
    const { latest, checkError } = this.options.versions;
    const age = latest ? this.now() - latest.checkedAt : Number.POSITIVE_INFINITY;
    if (this.checking || (checkError === null && age < (this.options.checkMaxAgeMs ?? 6 * 3_600_000))) return;
    void this.check();
  }

  /** Installs (when needed) and switches to `version`, newest by default, behind the health gate. */
  async update(version?: string): Promise<RuntimeInfo> {
    const { versions } = this.options;
    this.refuseIfBusyOrOverridden();
    this.busy = true;
    const from = versions.activeVersion();
    try {
      this.report("checking", from, version ?? null, null, "Looking for OpenCode on the npm registry…");
      const entry = await this.entryFor(version);
      const target = entry.version;
      if (target === from) {
        this.report("updated", from, target, null, `OpenCode ${target} is already the version in use.`, true);
        return versions.info();
      }
      if (!versions.isInstalled(target)) await this.installOnce(entry);
      return await this.switchTo(target, from);
    } catch (error) {
      if (error instanceof RuntimeActionError) {
        this.report("failed", from, version ?? null, null, error.message, true);
        throw error;
      }
      const message =
        error instanceof RegistryError
          ? error.message
          : `The update failed: ${(error as Error).message} Nothing was changed.`;
      this.report("failed", from, version ?? null, null, message, true);
      throw new RuntimeActionError(
        502,
        error instanceof RegistryError ? "update_unavailable" : "update_failed",
        message,
      );
    } finally {
      this.busy = false;
    }
  }

  /** Installs `version` from the registry without switching to it (`--opencode-version`). */
  async install(version: string, signal?: AbortSignal): Promise<void> {
    // A download of this version under way is joined before anything is awaited: a Restart's new
    // start must join the stopped one's download in the same turn, before it would be cancelled.
    const joined = this.installs.join(version, signal);
    await (joined ?? this.installOnce(await this.entryFor(version), signal));
    this.report("updated", null, version, null, `OpenCode ${version} is installed.`, true);
  }

  /**
   * One download per version at a time: an update and a start pinned to the same version share it
   * (a second download would replace the first's work). It is cancelled once every caller that
   * shares it has let go (a Stop), not when one does (a Restart's replaced start).
   */
  private installOnce(entry: PackageVersion, signal?: AbortSignal): Promise<unknown> {
    const { versions } = this.options;
    const target = entry.version;
    return this.installs.run(
      target,
      (shared) =>
        installFromRegistry({
          store: versions.runtime.store,
          packageName: this.options.packageName,
          entry,
          registry: this.options.registry(),
          signal: shared,
          onProgress: (step, progress) =>
            this.report(step, versions.activeVersion(), target, progress, this.stepMessage(step, target, progress)),
        }),
      signal,
    );
  }

  /** Switches to an installed version, behind the same gate as an update. */
  async use(version: string): Promise<RuntimeInfo> {
    const { versions } = this.options;
    this.refuseIfBusyOrOverridden();
    if (!versions.isInstalled(version)) {
      throw new RuntimeActionError(
        404,
        "version_not_installed",
        `OpenCode ${version} is not installed. Installed: ${
          versions
            .installed()
            .map((v) => v.version)
            .join(", ") || "none"
        }. Install it with Update.`,
      );
    }
    this.busy = true;
    try {
      return await this.switchTo(version, versions.activeVersion());
    } finally {
      this.busy = false;
    }
  }

  private refuseIfBusyOrOverridden(): void {
    if (this.busy)
      throw new RuntimeActionError(
        409,
        "update_in_progress",
        "An OpenCode update is already running; wait for it to finish.",
      );
    if (this.options.versions.activeSource() === "override") {
      throw new RuntimeActionError(
        409,
        "runtime_overridden",
        "OpenCode's program is set by --opencode-bin or TURNKEY_OPENCODE_BIN, so versions are not managed here. Unset it to use updates.",
      );
    }
  }

  private async entryFor(version: string | undefined): Promise<PackageVersion> {
    const packument = await fetchPackument(this.options.packageName, this.options.registry());
    const wanted = version ?? packument.latest;
    const entry = wanted ? packument.versions.get(wanted) : undefined;
    if (!entry) {
      throw new RuntimeActionError(
        404,
        "version_not_found",
        `There is no OpenCode ${wanted ?? "release"} for this computer (${this.options.packageName}) on the npm registry. Nothing was changed.`,
      );
    }
    return entry;
  }

  private async switchTo(target: string, from: string | null): Promise<RuntimeInfo> {
    const { versions, supervisor } = this.options;
    const saved = versions.savedChoice();
    // The gate starts the new version either way; going back restarts only what was running.
    const wasLive = isLive(supervisor.status().state);
    versions.choose(target);
    this.report("restarting", from, target, null, `Restarting OpenCode on version ${target}…`);
    const windowMs = this.options.healthWindowMs ?? 10_000;
    const gate = passHealthGate(supervisor, { windowMs, deadlineMs: this.options.gateDeadlineMs ?? 60_000 });
    const watching = supervisor.onStatus((status) => {
      if (status.state === "running") {
        this.report("watching", from, target, null, `OpenCode ${target} is running; checking that it stays healthy…`);
      }
    });
    const result = await gate.finally(watching);
    if (result.ok) {
      const pruned = versions.runtime.store.prune([target, ...(from ? [from] : []), ...versions.protectedVersions()]);
      const note = pruned.removed.length > 0 ? ` Removed old versions: ${pruned.removed.join(", ")}.` : "";
      this.report("updated", from, target, null, `OpenCode ${target} is running and healthy.${note}`, true);
      return versions.info();
    }
    versions.restore(saved);
    const previous = from ?? "the previous version";
    if (!wasLive) {
      await supervisor.stop();
      this.report(
        "rolled_back",
        from,
        target,
        null,
        `OpenCode ${target} was not kept because ${result.reason}. Went back to ${previous}; OpenCode stays stopped, as it was.`,
        true,
      );
      return versions.info();
    }
    const back = await supervisor.restart();
    const running = isLive(back.state);
    this.report(
      "rolled_back",
      from,
      target,
      null,
      running
        ? `OpenCode ${target} was not kept because ${result.reason}. Went back to ${previous}, which is running again.`
        : `OpenCode ${target} was not kept because ${result.reason}. Went back to ${previous}, but it is ${back.state}: ${back.error?.message ?? "see the logs"}`,
      true,
    );
    return versions.info();
  }

  private stepMessage(step: RuntimeUpdatePhase, target: string, progress: number | null): string {
    if (step === "downloading") {
      return `Downloading OpenCode ${target}${progress === null ? "" : ` (${Math.round(progress * 100)} %)`}…`;
    }
    return step === "verifying" ? `Checking the download of OpenCode ${target}…` : `Installing OpenCode ${target}…`;
  }

  private report(
    phase: RuntimeUpdatePhase,
    from: string | null,
    to: string | null,
    progress: number | null,
    message: string,
    finished = false,
  ): void {
    const { versions } = this.options;
    const previous = versions.update;
    // Progress in whole percent: a 60 MB download is not 60 events per megabyte.
    if (previous?.phase === phase && previous.message === message && previous.to === to) return;
    const update: RuntimeUpdate = {
      phase,
      from,
      to,
      progress,
      message,
      startedAt: phase === "checking" || !previous || previous.finishedAt !== null ? this.now() : previous.startedAt,
      finishedAt: finished ? this.now() : null,
    };
    versions.update = update;
    versions.publish();
  }
}

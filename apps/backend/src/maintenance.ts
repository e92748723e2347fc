// Keeping an install healthy: the runtime profile (switching restarts the sidecar), repair
// (stop, re-verify the managed binary, clear a stale record, start, reporting each step), and a
// diagnostics bundle for bug reports with every secret masked.
import { arch, cpus, release, totalmem } from "node:os";
import {
  type Diagnostics,
  type DoctorReport,
  hiddenFromTools,
  isActive,
  isLive,
  type RepairResponse,
  type RuntimeProfile,
  type RuntimeStatus,
  type SettingsResponse,
  type SidecarStatus,
  secretName,
} from "@turnkey/contracts";
import {
  clearSidecarRecord,
  type ManagedRuntime,
  maskSecretShapes,
  RuntimeCopyError,
  redactedMark,
  type SettingsFile,
  type SidecarSupervisor,
} from "@turnkey/sidecar";
import type { BackendSettings, ProfileSource } from "./profile.ts";
import type { RuntimeVersions } from "./runtime/runtimeVersions.ts";
import { appVersion, pinnedOpencodeVersion } from "./version.ts";

type RepairStep = RepairResponse["steps"][number];

/** Every string in a JSON value masked, and any field named like a secret blanked. */
export function maskDeep<T>(value: T, mask: (text: string) => string): T {
  if (typeof value === "string") return mask(value) as T;
  if (Array.isArray(value)) return value.map((item) => maskDeep(item, mask)) as T;
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [
        key,
        typeof item === "string" && secretName(key) ? redactedMark : maskDeep(item, mask),
      ]),
    ) as T;
  }
  return value;
}

const ourNames: ReadonlySet<string> = new Set([...hiddenFromTools, "TURNKEY_TOKEN"]);

const nameMark = "[a variable's name]";
const nameCharacter = "[A-Za-z0-9_]";
const escaped = (name: string) => name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * The names of the user's secret-looking variables in the bundle's sentences (the doctor's
 * hidden_names check lists them) become "[a variable's name]": the bundle leaves the machine, and
 * a name alone says which services and databases the user holds credentials for (review 5, S4).
 * `names` are the ones the check may list (any case: review 6 S1); the UPPER_SNAKE pass after
 * them is a second guard for a name met elsewhere. Our own names stay, as they say nothing about
 * the user.
 */
export function secretNamesMask(names: readonly string[]): (text: string) => string {
  const exact = names
    .filter((name) => !ourNames.has(name))
    .sort((a, b) => b.length - a.length)
    .map(escaped);
  const named = exact.length
    ? new RegExp(`(?<!${nameCharacter})(?:${exact.join("|")})(?!${nameCharacter})`, "g")
    : null;
  return (text) =>
    (named ? text.replace(named, nameMark) : text).replace(/\b[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+\b/g, (name) =>
      !ourNames.has(name) && secretName(name) ? nameMark : name,
    );
}

export class Maintenance {
  private profile: { profile: RuntimeProfile; source: ProfileSource };

  constructor(
    private readonly deps: {
      supervisor: SidecarSupervisor;
      runtime: ManagedRuntime;
      settings: SettingsFile<typeof BackendSettings>;
      profile: { profile: RuntimeProfile; source: ProfileSource };
      /** The sidecar environment for a profile. */
      envFor: (profile: RuntimeProfile) => Record<string, string | undefined>;
      /** The chosen opencode version; repair checks that one and falls back to the app's own. */
      versions?: RuntimeVersions;
      /** The doctor's checks, included in the diagnostics bundle. */
      doctor?: () => Promise<DoctorReport>;
      /** The backend's outward redactor (the token, every password that served, provider keys). */
      redact: (text: string) => string;
      /** The user's variable names the doctor's hidden_names check may list (masked in the bundle). */
      userSecretNames?: () => string[];
    },
  ) {
    this.profile = deps.profile;
  }

  settingsResponse(): SettingsResponse {
    return { settings: { profile: this.profile.profile }, profileSource: this.profile.source };
  }

  runtimeStatus(): RuntimeStatus {
    return this.deps.runtime.state();
  }

  /** Saves the profile; a live sidecar restarts into it. */
  async setProfile(profile: RuntimeProfile): Promise<{ settings: SettingsResponse; status: SidecarStatus }> {
    const { supervisor } = this.deps;
    this.deps.settings.update({ profile });
    const changed = profile !== this.profile.profile;
    this.profile = { profile, source: "settings" };
    supervisor.setEnvironment(this.deps.envFor(profile));
    const status = changed && isActive(supervisor.status().state) ? await supervisor.restart() : supervisor.status();
    return { settings: this.settingsResponse(), status };
  }

  async repair(): Promise<RepairResponse> {
    const { supervisor, runtime } = this.deps;
    const steps: RepairStep[] = [];
    const stopped = await supervisor.stop();
    steps.push({ step: "stop", ok: stopped.state === "stopped", detail: `OpenCode is ${stopped.state}.` });
    try {
      let fellBack = "";
      let outcome: Awaited<ReturnType<ManagedRuntime["repair"]>>;
      const chosen = this.deps.versions?.managedChoice() ?? undefined;
      try {
        outcome = await runtime.repair(chosen);
      } catch (error) {
        // The chosen version's copy is gone or damaged (quarantined by an antivirus, say): the
        // app's own version is always there to go back to.
        const shipped = runtime.bundled()?.version;
        if (!(error instanceof RuntimeCopyError) || !this.deps.versions || !shipped || chosen === shipped) throw error;
        this.deps.versions.choose(null);
        outcome = await runtime.repair();
        fellBack = `${error.message} Went back to OpenCode ${shipped}, the app's own version. `;
      }
      const detail =
        fellBack +
        {
          verified: "The managed copy of OpenCode's program matches its checksum.",
          replaced: "The managed copy of OpenCode's program was damaged and has been replaced.",
          provisioned: "OpenCode's program was missing and has been installed from the app.",
          unavailable: "No bundled program to check; OpenCode comes from npm or PATH.",
        }[outcome];
      steps.push({ step: "verify", ok: true, detail });
    } catch (error) {
      steps.push({ step: "verify", ok: false, detail: (error as Error).message });
    }
    steps.push(clearRecordStep(supervisor.dataDir, stopped.survivors ?? []));
    const status = await supervisor.start();
    const started = isLive(status.state);
    steps.push({
      step: "start",
      ok: started,
      detail: started
        ? `OpenCode is running on port ${status.port}.`
        : (status.error?.message ?? `OpenCode is ${status.state}.`),
    });
    return { steps, status };
  }

  /** The environment the next sidecar starts with (the current profile's folders and config). */
  sidecarEnv(): Record<string, string | undefined> {
    return this.deps.envFor(this.profile.profile);
  }

  async diagnostics(): Promise<Diagnostics> {
    const { supervisor } = this.deps;
    const status = supervisor.status();
    const bundle: Diagnostics = {
      generatedAt: new Date().toISOString(),
      versions: {
        app: appVersion,
        opencodePinned: pinnedOpencodeVersion,
        opencodeRunning: status.version,
        node: process.versions.node,
        electron: (process.versions as Record<string, string | undefined>).electron ?? null,
      },
      os: {
        platform: process.platform,
        release: release(),
        arch: arch(),
        cpus: cpus().length,
        memoryMiB: Math.round(totalmem() / 2 ** 20),
      },
      backend: backendMemory(),
      settings: this.settingsResponse(),
      status,
      runtime: this.runtimeStatus(),
      logs: supervisor.logs.tail(200),
      ...(this.deps.doctor ? { doctor: await this.deps.doctor() } : {}),
    };
    // Belt and braces: logs are already redacted, but the bundle leaves the machine.
    const maskNames = secretNamesMask(this.deps.userSecretNames?.() ?? []);
    return maskDeep(bundle, (text) => maskNames(maskSecretShapes(this.deps.redact(text))));
  }
}

function backendMemory(): Diagnostics["backend"] {
  const usage = process.memoryUsage();
  const mib = (bytes: number) => Math.round((bytes / 2 ** 20) * 10) / 10;
  return {
    pid: process.pid,
    uptimeSeconds: Math.round(process.uptime()),
    rssMiB: mib(usage.rss),
    heapUsedMiB: mib(usage.heapUsed),
    heapTotalMiB: mib(usage.heapTotal),
    externalMiB: mib(usage.external),
  };
}

/** Clears a stale pid record, and says what happened: a survivor's record is kept for the reaper. */
function clearRecordStep(dataDir: string, survivors: number[]): RepairStep {
  if (survivors.length > 0) {
    return {
      step: "clear_record",
      ok: false,
      detail: `Kept the record of OpenCode's process (pid ${survivors.join(", ")}): it was still running after being ended by force, and on a busy computer it may still be ending. Wait a few seconds and repair again; if it is still there (Task Manager, or ps -p ${survivors.join(" ")}), end it yourself first (Task Manager, or kill -9 ${survivors.join(" ")}).`,
    };
  }
  const cleared = clearSidecarRecord(dataDir);
  return {
    step: "clear_record",
    ok: true,
    detail: cleared
      ? `Cleared the record of an earlier OpenCode process (pid ${cleared.pid}).`
      : "There was no record of an earlier OpenCode process to clear.",
  };
}

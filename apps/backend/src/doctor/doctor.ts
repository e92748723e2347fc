// The doctor: every check of what keeps OpenCode from starting or from answering, run on demand
// (GET /api/doctor, the status window's checklist, diagnostics). Each names the cause in a
// sentence and the action that fixes it. Read-only: it never installs, repairs or starts.
import { constants, existsSync, statSync } from "node:fs";
import { access, open } from "node:fs/promises";
import { join } from "node:path";
import type {
  DoctorAction,
  DoctorCheck,
  DoctorReport,
  ModelsResponse,
  ProvidersResponse,
  SidecarStatus,
} from "@turnkey/contracts";
import { isLive, showsError } from "@turnkey/contracts";
import { type CpuProbes, opencodeFolder, systemTimers, withDeadline } from "@turnkey/sidecar";
import type { RuntimeVersions } from "../runtime/runtimeVersions.ts";
import { checkDataDir, DataDirError, lowDiskBytes } from "./dataDir.ts";
import { hiddenNamesCheck } from "./hiddenNames.ts";
import { configProblem } from "./jsonc.ts";
import { proxyProblem } from "./proxy.ts";
import { startupEnvironmentCheck } from "./startupEnvironment.ts";

export interface DoctorContext {
  status: () => SidecarStatus;
  versions: RuntimeVersions;
  dataDir: string;
  /** The environment the sidecar starts with (profile folders, config), merged over ours. */
  sidecarEnv: () => Record<string, string | undefined>;
  /** Our environment as it was before loopback was added to NO_PROXY. */
  originalEnv: Record<string, string | undefined>;
  workdir: string;
  providers: () => Promise<ProvidersResponse>;
  /** The model a prompt goes to by default (the config's `model`, else opencode's choice). */
  models: () => Promise<ModelsResponse>;
  probes: CpuProbes;
  /** How long OpenCode may take to answer the doctor's questions before a warning says so. */
  sidecarTimeoutMs?: number;
  arch?: string;
  platform?: NodeJS.Platform;
}

type Result = DoctorCheck["result"];
const check = (
  id: DoctorCheck["id"],
  result: Result,
  title: string,
  detail: string,
  action: DoctorAction | null = null,
) => ({ id, result, title, detail, action }) satisfies DoctorCheck;

const actionForError: Partial<Record<string, DoctorAction>> = {
  binary_missing: "repair",
  binary_damaged: "repair",
  binary_not_executable: "repair",
  binary_locked: "repair",
  runtime_damaged: "repair",
  illegal_instruction: "open_logs",
  config_invalid: "edit_config",
  binary_not_found: "repair",
};

export async function runDoctor(ctx: DoctorContext): Promise<DoctorReport> {
  const checks = await Promise.all([
    opencodeCheck(ctx),
    binaryCheck(ctx),
    cpuCheck(ctx),
    configCheck(ctx),
    dataDirCheck(ctx),
    proxyCheck(ctx),
    providerCheck(ctx),
    startupEnvironmentCheck(ctx.status(), ctx.dataDir),
    hiddenNamesCheck(ctx.dataDir, ctx.sidecarEnv()),
  ]);
  return { generatedAt: new Date().toISOString(), ok: checks.every((c) => c.result !== "fail"), checks };
}

function opencodeCheck(ctx: DoctorContext): DoctorCheck {
  const status = ctx.status();
  if (isLive(status.state)) {
    return check(
      "opencode",
      "ok",
      "OpenCode is running",
      `OpenCode ${status.version ?? ""} answers on port ${status.port}.`,
    );
  }
  if (status.error && showsError(status.state)) {
    return check(
      "opencode",
      "fail",
      "OpenCode did not start",
      status.error.message,
      actionForError[status.error.code] ?? "open_logs",
    );
  }
  return check("opencode", "skipped", "OpenCode is not running", `OpenCode is ${status.state}.`, "start");
}

async function binaryCheck(ctx: DoctorContext): Promise<DoctorCheck> {
  const { versions } = ctx;
  const info = versions.versions();
  const active = info.active;
  const store = versions.runtime.store;
  const manifest = active ? store.manifest(active) : null;
  const file = manifest && active ? store.executableOf(active) : (ctx.status().binary?.path ?? null);
  if (!file) {
    const bundled = versions.runtime.bundled();
    return bundled && active === bundled.version
      ? check("binary", "ok", "OpenCode's program", `OpenCode ${active} is installed from the app at the next start.`)
      : check("binary", "skipped", "OpenCode's program", "Not looked up yet: start OpenCode once.", "start");
  }
  if (!existsSync(file)) {
    return check(
      "binary",
      "fail",
      "OpenCode's program is missing",
      manifest
        ? `${file} was removed after it was installed, often by antivirus software putting it in quarantine. Press Repair to install it again from the app (and allow it in the antivirus).`
        : `${file} does not exist any more. Press Repair, or reinstall OpenCode Turnkey.`,
      "repair",
    );
  }
  if ((ctx.platform ?? process.platform) !== "win32") {
    const executable = await access(file, constants.X_OK).then(
      () => true,
      () => false,
    );
    if (!executable) {
      return check(
        "binary",
        "fail",
        "OpenCode's program is not executable",
        `${file} lost its permission to run. Press Repair to restore it.`,
        "repair",
      );
    }
  }
  const locked = await open(file, "r").then(
    async (handle) => {
      await handle.close();
      return null;
    },
    (error: NodeJS.ErrnoException) => error.code ?? "error",
  );
  if (locked) {
    return check(
      "binary",
      "fail",
      "OpenCode's program is locked",
      `${file} cannot be read (${locked}): another program holds it, often an antivirus scan of a new file. Wait a moment and press Start, or press Repair.`,
      "repair",
    );
  }
  if (manifest && statSync(file).size !== manifest.size) {
    return check(
      "binary",
      "fail",
      "OpenCode's program is damaged",
      `${file} is not the size its manifest records. Press Repair to replace it.`,
      "repair",
    );
  }
  return check("binary", "ok", "OpenCode's program", `${active ? `OpenCode ${active}: ` : ""}${file}`);
}

function cpuCheck(ctx: DoctorContext): DoctorCheck {
  const status = ctx.status();
  if (status.error?.code === "illegal_instruction") {
    return check("cpu", "fail", "OpenCode's build does not fit this processor", status.error.message, null);
  }
  const active = ctx.versions.versions().active;
  const pkg = (active ? ctx.versions.runtime.store.manifest(active)?.package : null) ?? status.binary?.path ?? "";
  const arch = ctx.arch ?? process.arch;
  if (arch === "x64" && !pkg.includes("baseline") && /opencode-[a-z]+-x64/.test(pkg) && !ctx.probes.avx2()) {
    return check(
      "cpu",
      "fail",
      "OpenCode's build needs AVX2",
      `This processor has no AVX2, but the build in use (${pkg}) needs it. The next update installs the -baseline build, which fits; until then set TURNKEY_OPENCODE_BIN to an opencode -baseline build.`,
      null,
    );
  }
  const musl = (ctx.platform ?? process.platform) === "linux" && ctx.probes.musl();
  return check(
    "cpu",
    "ok",
    "Processor and C library",
    `${arch}${arch === "x64" ? `, AVX2 ${ctx.probes.avx2() ? "yes" : "no"}` : ""}${musl ? ", musl" : ""}.`,
  );
}

function configCheck(ctx: DoctorContext): DoctorCheck {
  const status = ctx.status();
  if (status.error?.code === "config_invalid") {
    return check("config", "fail", "OpenCode rejected its config", status.error.message, "edit_config");
  }
  const env = ctx.sidecarEnv();
  const files = [
    env.OPENCODE_CONFIG,
    ...["opencode.json", "opencode.jsonc", "config.json"].map((name) => join(opencodeFolder("config", env), name)),
    join(ctx.workdir, "opencode.json"),
    join(ctx.workdir, "opencode.jsonc"),
  ].filter((file): file is string => Boolean(file) && existsSync(file as string));
  for (const file of files) {
    const problem = configProblem(file);
    if (problem) {
      return check(
        "config",
        "fail",
        "A config file is not valid",
        `${file} is not valid JSON: ${problem}. opencode will refuse to start; fix the file (or move it away).`,
        "edit_config",
      );
    }
  }
  return check("config", "ok", "Config files", files.length > 0 ? `Valid: ${files.join(", ")}.` : "No config files.");
}

function dataDirCheck(ctx: DoctorContext): DoctorCheck {
  try {
    const { freeBytes } = checkDataDir(ctx.dataDir);
    const free = freeBytes === null ? "" : ` ${Math.round(freeBytes / 2 ** 20)} MiB free.`;
    if (freeBytes !== null && freeBytes < lowDiskBytes) {
      return check(
        "data_dir",
        "warn",
        "The disk is nearly full",
        `Only ${Math.round(freeBytes / 2 ** 20)} MiB are free for ${ctx.dataDir}: OpenCode's data and an update (~150 MB) may not fit. Free some space.`,
        "free_disk",
      );
    }
    return check("data_dir", "ok", "Data folder", `${ctx.dataDir} is writable.${free}`);
  } catch (error) {
    const kind = error instanceof DataDirError ? error.kind : "not_writable";
    return check(
      "data_dir",
      "fail",
      kind === "disk_full" ? "The disk is full" : "The data folder is not writable",
      (error as Error).message,
      kind === "disk_full" ? "free_disk" : "fix_permissions",
    );
  }
}

function proxyCheck(ctx: DoctorContext): DoctorCheck {
  const problem = proxyProblem(ctx.originalEnv);
  return problem
    ? check("proxy", "warn", "A proxy may catch loopback requests", problem, "set_no_proxy")
    : check("proxy", "ok", "Proxy", "No proxy variable stands between OpenCode Turnkey and OpenCode.");
}

export async function providerCheck(ctx: DoctorContext): Promise<DoctorCheck> {
  if (!isLive(ctx.status().state)) {
    return check("provider", "skipped", "AI provider", "Checked when OpenCode runs.", "start");
  }
  // A just-started opencode loads its provider catalogue on the first question: seconds, not minutes.
  const timeoutMs = ctx.sidecarTimeoutMs ?? 15_000;
  const late = () =>
    check(
      "provider",
      "warn",
      "AI provider",
      `OpenCode did not answer within ${Math.round(timeoutMs / 1000)} s, so the AI provider could not be checked. Run the checks again; if it keeps happening, restart OpenCode or open the logs.`,
      "open_logs",
    );
  return withDeadline(providerVerdict(ctx), timeoutMs, late, systemTimers);
}

async function providerVerdict(ctx: DoctorContext): Promise<DoctorCheck> {
  try {
    // opencode's models list holds exactly the connected providers, with their names. The whole
    // catalogue (every provider opencode knows, ~6 MB of JSON) is asked for only when the chosen
    // model's provider is not connected, for its name and key variables: a diagnostics bundle
    // must not leave that much garbage in an idle backend.
    const models = await ctx.models();
    const connected = models.providers.map((p) => p.id);
    const nameOf = (id: string) => models.providers.find((p) => p.id === id)?.name ?? id;
    const model = models.default;
    if (model && !connected.includes(model.providerID)) {
      const provider = (await ctx.providers()).providers.find((p) => p.id === model.providerID);
      const variables = provider?.env.length ? ` (or set ${provider.env.join(" or ")})` : "";
      return check(
        "provider",
        "fail",
        "The chosen model's provider has no key",
        `The model ${model.providerID}/${model.modelID} needs ${provider?.name ?? model.providerID}, which has no API key. Connect it with its key in the chat window${variables}, or choose another model.`,
        "connect_provider",
      );
    }
    if (connected.length === 0) {
      return check(
        "provider",
        "fail",
        "No AI provider has a key",
        "OpenCode cannot answer until an AI provider is connected. Connect one with its API key in the chat window.",
        "connect_provider",
      );
    }
    return check("provider", "ok", "AI provider", `Connected: ${connected.map(nameOf).join(", ")}.`);
  } catch (error) {
    return check("provider", "warn", "AI provider", `Could not ask OpenCode: ${(error as Error).message}`, "open_logs");
  }
}

// Turns `npm run serve -- …` flags and TURNKEY_* variables into backend options. Pure, so every
// flag, default and error is tested without starting anything. Flags win over the environment.
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { sharedDataDir } from "@turnkey/sidecar";
import { type RuntimeProfile, runtimeProfiles } from "./sidecarEnv.ts";
import type { BackendOptions } from "./startBackend.ts";

export const usage = `Usage: npm run serve -- [options]

  --port N                 port on 127.0.0.1 (0 = any free port; default 0, env TURNKEY_PORT)
  --data-dir DIR           where logs, settings and the managed runtime live (env TURNKEY_DATA_DIR)
  --opencode-bin PATH      the opencode executable to run (env TURNKEY_OPENCODE_BIN)
  --opencode-version X     run opencode version X (installed from the npm registry if
                           needed); default: the saved choice, else the app's own
  --opencode-config FILE   opencode config JSON handed to the sidecar
  --profile managed|inherit  managed: opencode gets its own config and data;
                           inherit: your own opencode config, providers and sessions
                           (default: the saved choice; on a first run, inherit if you
                           already have an opencode config, else managed)
  --workdir DIR            the first project: the folder opencode works in
                           (default: the current folder)
  --project DIR            another project folder (repeatable); the chat window
                           lists every project, recent first
  --no-autostart           do not start opencode until asked
  --help                   show this help

Env TURNKEY_TOKEN sets the launch token (default: random per launch).`;

export type CliResult =
  | { kind: "run"; options: BackendOptions }
  | { kind: "help" }
  | { kind: "error"; message: string };

/** The same folder the desktop app uses (one data folder for both). */
export function defaultDataDir(): string {
  return sharedDataDir();
}

export function parseCli(argv: string[], env: Record<string, string | undefined>, cwd: string): CliResult {
  let values: ReturnType<typeof parse>["values"];
  try {
    values = parse(argv).values;
  } catch (error) {
    return { kind: "error", message: `${(error as Error).message}\n\n${usage}` };
  }
  if (values.help) return { kind: "help" };

  const portText = values.port ?? env.TURNKEY_PORT ?? "0";
  const port = Number(portText);
  if (!/^\d+$/.test(portText.trim()) || port > 65_535) {
    return { kind: "error", message: `The port must be a number from 0 to 65535, not "${portText}".` };
  }
  const profile = values.profile;
  if (profile !== undefined && !(runtimeProfiles as readonly string[]).includes(profile)) {
    return { kind: "error", message: `--profile must be "managed" or "inherit", not "${profile}".` };
  }
  const token = env.TURNKEY_TOKEN?.trim();
  if (token !== undefined && token.length > 0 && token.length < 16) {
    return { kind: "error", message: "TURNKEY_TOKEN must be at least 16 characters long, so it cannot be guessed." };
  }
  const opencodeVersion = values["opencode-version"];
  if (opencodeVersion !== undefined && !/^\d+\.\d+\.\d+([-+][0-9A-Za-z.-]+)?$/.test(opencodeVersion)) {
    return { kind: "error", message: `--opencode-version must be a version like 1.18.33, not "${opencodeVersion}".` };
  }
  const bin = values["opencode-bin"] ?? env.TURNKEY_OPENCODE_BIN ?? null;
  return {
    kind: "run",
    options: {
      port,
      dataDir: resolve(cwd, values["data-dir"] ?? env.TURNKEY_DATA_DIR ?? defaultDataDir()),
      ...(token ? { token } : {}),
      opencodeBin: bin ? resolve(cwd, bin) : null,
      opencodeBinLabel: values["opencode-bin"] ? "--opencode-bin" : "TURNKEY_OPENCODE_BIN",
      ...(opencodeVersion ? { opencodeVersion } : {}),
      opencodeConfig: values["opencode-config"] ? resolve(cwd, values["opencode-config"]) : null,
      // No flag: the saved choice, or on a first run, detection of an existing opencode config.
      ...(profile ? { profile: profile as RuntimeProfile } : {}),
      workdir: resolve(cwd, values.workdir ?? "."),
      ...(values.project?.length ? { projects: values.project.map((p) => resolve(cwd, p)) } : {}),
      autostart: !values["no-autostart"],
    },
  };
}

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    strict: true,
    allowPositionals: false,
    options: {
      port: { type: "string" },
      "data-dir": { type: "string" },
      "opencode-bin": { type: "string" },
      "opencode-config": { type: "string" },
      "opencode-version": { type: "string" },
      profile: { type: "string" },
      workdir: { type: "string" },
      project: { type: "string", multiple: true },
      "no-autostart": { type: "boolean" },
      help: { type: "boolean", short: "h" },
    },
  });
}

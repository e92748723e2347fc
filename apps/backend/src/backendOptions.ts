// What the backend is started with and what it gives back: the one contract between
// startBackend and its callers (the CLI, the Electron worker, tests and benchmarks).
import type { CopyHashing, Fetch, SidecarSupervisor, SupervisorOptions } from "@turnkey/sidecar";
import type { RelayOptions } from "./chat/relay.ts";
import type { GitLimits } from "./git/projectGit.ts";
import type { HttpLimits } from "./httpLimits.ts";
import type { OpenWithDeps } from "./openWith/openWithService.ts";
import type { RuntimeProfile } from "./sidecarEnv.ts";

export interface BackendOptions {
  dataDir: string;
  /** 0 = any free port. */
  port?: number;
  /** The launch token; random per launch when not given. */
  token?: string;
  opencodeBin?: string | null;
  /** How the user set opencodeBin, for error messages ("--opencode-bin", "TURNKEY_OPENCODE_BIN"). */
  opencodeBinLabel?: string;
  /** An opencode config file handed to the sidecar. */
  opencodeConfig?: string | null;
  profile?: RuntimeProfile;
  /** The first project (headless: `--workdir`, default the current folder). */
  workdir?: string;
  /** More project folders (`--project`, repeatable), added to the list at start. */
  projects?: string[];
  /** Where the folder browser starts (default: the user's home folder). */
  homeDir?: string;
  autostart?: boolean;
  /** The installer's copy of opencode (Electron's resources/opencode/<platform>-<arch>). */
  bundledBinaryDir?: string | null;
  /** How the bundled copy is copied into the managed runtime (tests inject a slow one). */
  runtimeCopy?: CopyHashing;
  uiDir?: string | null;
  sseKeepAliveMs?: number;
  /** How long a chat or workbench request may wait on OpenCode (default 120 s; tests shorten it). */
  sidecarCallDeadlineMs?: number;
  /** How long the Files tab's git may run (defaults in contracts' git.ts; tests shorten them). */
  git?: GitLimits;
  /** How long the doctor waits for OpenCode's answers (default 15 s; an offline start can take longer). */
  doctorSidecarTimeoutMs?: number;
  /** `--opencode-version`: run this opencode version (installing it if needed) for this run. */
  opencodeVersion?: string | null;
  /** Where updates come from and how long a new version must stay healthy (tests, benchmarks). */
  runtimeUpdates?: {
    registry?: string;
    fetch?: Fetch;
    packageName?: string;
    healthWindowMs?: number;
  };
  /** Connection cap and timeouts of the HTTP server (tests shorten them). */
  http?: Partial<HttpLimits>;
  /** Extra sidecar environment and supervisor tuning (tests, benchmarks). */
  supervisor?: Partial<Omit<SupervisorOptions, "dataDir">>;
  /** Where API-key checks go instead of each provider's own API (tests: the stub provider). */
  keyCheckBaseUrl?: string;
  /**
   * "Open in": who starts the apps (the Electron worker: the main process, desktopLauncher.ts;
   * default: the backend itself, unless there is no desktop here) and where they are looked for.
   */
  openWith?: Partial<Pick<OpenWithDeps, "launcher" | "probe">>;
  /** How the chat relay opens OpenCode's event stream (tests cut it). */
  relay?: Pick<RelayOptions, "subscribe" | "retryMs">;
}

export interface Backend {
  url: string;
  port: number;
  token: string;
  supervisor: SidecarSupervisor;
  /** Every API route the app registered (method and path pattern), for tests that walk them all. */
  routes: readonly { method: string; path: string }[];
  close(): Promise<void>;
}

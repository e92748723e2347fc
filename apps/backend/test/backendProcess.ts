// The backend in a process of its own, as users run it, so that it is an ancestor of opencode's
// tools: headless (the CLI under Node, TURNKEY_TOKEN in its environment, the inherit profile) or
// as the desktop's worker (forked with the utility-process shim, the token in main's bootstrap
// message). The opencode config is a file (--opencode-config), or whatever `env` holds.
import { type ChildProcess, fork, spawn } from "node:child_process";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

const repoRoot = join(import.meta.dirname, "..", "..", "..");
// A file:// URL for `--import` (an absolute Windows path there reads as a URL of scheme "d:").
const parentPortShim = pathToFileURL(join(repoRoot, "apps", "desktop", "test", "mocks", "parentPortShim.mjs")).href;

export interface BackendProcess {
  child: ChildProcess;
  url: string;
  /** Stops the backend the way its launcher would (SIGTERM) and waits for it to exit. */
  close(): Promise<void>;
}

export interface BackendProcessOptions {
  mode: "headless" | "worker";
  token: string;
  dataDir: string;
  workdir: string;
  opencodeConfig: string | null;
  env: Record<string, string>;
  /** Safety net only: a backend that never says ready fails the test instead of hanging it. */
  readyTimeoutMs?: number;
}

export async function startBackendProcess(options: BackendProcessOptions): Promise<BackendProcess> {
  const child = options.mode === "headless" ? headless(options) : worker(options);
  let output = "";
  child.stdout?.on("data", (chunk) => (output += chunk));
  child.stderr?.on("data", (chunk) => (output += chunk));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`the ${options.mode} backend was not ready in time: ${output}`)),
      options.readyTimeoutMs ?? 60_000,
    );
    const ready = (port: number) => {
      clearTimeout(timer);
      resolve(port);
    };
    child.on("message", (m: { type?: string; port?: number; message?: string }) => {
      if (m.type === "ready" && typeof m.port === "number") ready(m.port);
    });
    child.stdout?.on("data", () => {
      const match = /ready at http:\/\/127\.0\.0\.1:(\d+)\//.exec(output);
      if (match) ready(Number(match[1]));
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`the ${options.mode} backend exited (${code}) before ready: ${output}`));
    });
  });
  return {
    child,
    url: `http://127.0.0.1:${port}`,
    close: async () => {
      child.kill("SIGTERM");
      await exited;
    },
  };
}

function headless(options: BackendProcessOptions): ChildProcess {
  const cli = join(repoRoot, "apps", "backend", "src", "cli.ts");
  const args = ["--port", "0", "--data-dir", options.dataDir, "--workdir", options.workdir, "--no-autostart"];
  if (options.opencodeConfig) args.push("--opencode-config", options.opencodeConfig);
  return spawn(process.execPath, ["--import", "tsx", cli, ...args, "--profile", "inherit"], {
    cwd: repoRoot,
    env: { ...process.env, ...options.env, TURNKEY_TOKEN: options.token },
    stdio: ["ignore", "pipe", "pipe"],
  });
}

function worker(options: BackendProcessOptions): ChildProcess {
  const child = fork(join(repoRoot, "apps", "backend", "src", "worker.ts"), [], {
    cwd: repoRoot,
    env: {
      ...process.env,
      ...options.env,
      TURNKEY_DATA_DIR: options.dataDir,
      TURNKEY_WORKDIR: options.workdir,
      ...(options.opencodeConfig ? { TURNKEY_OPENCODE_CONFIG: options.opencodeConfig } : {}),
      TURNKEY_AUTOSTART: "0",
    },
    execArgv: ["--import", "tsx", "--import", parentPortShim],
    stdio: ["ignore", "pipe", "pipe", "ipc"],
  });
  // As BackendHost does: the token over the channel, right after the fork.
  child.send({ type: "bootstrap", token: options.token });
  return child;
}

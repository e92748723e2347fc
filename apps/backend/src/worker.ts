// The backend as Electron hosts it, in a utilityProcess. Main hands over its settings in the
// environment, the launch token in its first message (never argv, never the environment: on
// Linux any process of the user reads another's initial environment in /proc/<pid>/environ, a
// tool of the agent included), and learns the port from the worker's one bootstrap message.
// After that, one more kind of message: the worker asks main to start an "Open in" app, which must
// not be a child of the worker (openWith/desktopLauncher.ts), and main answers whether it started.
// Runs the same under a plain Node fork, which is how it is tested.
import { desktopLauncher, type LaunchMessage } from "./openWith/desktopLauncher.ts";
import { watchParent } from "./parentWatch.ts";
import { type RuntimeProfile, runtimeProfiles } from "./sidecarEnv.ts";
import { startBackend } from "./startBackend.ts";

export type WorkerMessage = { type: "ready"; port: number } | { type: "failed"; message: string } | LaunchMessage;
/** What main sends first (backendHost.ts). */
export type MainMessage = { type: "bootstrap"; token: string };

interface ParentPort {
  postMessage(message: unknown): void;
  on(event: "message", listener: (event: { data: unknown }) => void): unknown;
  off(event: "message", listener: (event: { data: unknown }) => void): unknown;
}

const parentPort = (process as NodeJS.Process & { parentPort?: ParentPort }).parentPort;
const post = (message: WorkerMessage) => (parentPort ? parentPort.postMessage(message) : process.send?.(message));
const bootstrapTimeoutMs = 30_000;

/** Calls `listener` with each message main sends (over utilityProcess's port, or a Node fork's channel); returns the way to stop. */
function listenToMain(listener: (message: unknown) => void): () => void {
  const onPort = (event: { data: unknown }) => listener(event.data);
  if (parentPort) parentPort.on("message", onPort);
  else process.on("message", listener);
  return () => {
    if (parentPort) parentPort.off("message", onPort);
    else process.off("message", listener);
  };
}

/** The launch token, from main's first message; a worker nobody bootstraps gives up. */
function receiveToken(): Promise<string> {
  return new Promise((resolve, reject) => {
    const stop = listenToMain((data) => {
      const m = data as Partial<MainMessage> | null;
      if (m?.type !== "bootstrap" || typeof m.token !== "string" || m.token === "") return;
      done();
      resolve(m.token);
    });
    const timer = setTimeout(() => {
      done();
      reject(new Error(`The backend worker got no launch token from the app within ${bootstrapTimeoutMs / 1000} s.`));
    }, bootstrapTimeoutMs);
    const done = () => {
      clearTimeout(timer);
      stop();
    };
  });
}

function takeEnv(name: string): string | undefined {
  const value = process.env[name];
  delete process.env[name]; // read once; nothing started later inherits it
  return value === "" ? undefined : value;
}

function workdir(value: string | undefined): { workdir?: string } {
  return value ? { workdir: value } : {};
}

async function main(): Promise<void> {
  const dataDir = takeEnv("TURNKEY_DATA_DIR");
  if (!dataDir) throw new Error("The backend worker needs TURNKEY_DATA_DIR.");
  const token = await receiveToken();
  const profile = takeEnv("TURNKEY_PROFILE");
  const backend = await startBackend({
    dataDir,
    token,
    port: 0,
    opencodeBin: takeEnv("TURNKEY_OPENCODE_BIN") ?? null,
    opencodeBinLabel: "TURNKEY_OPENCODE_BIN",
    bundledBinaryDir: takeEnv("TURNKEY_BUNDLED_BIN_DIR") ?? null,
    uiDir: takeEnv("TURNKEY_UI_DIR") ?? null,
    opencodeConfig: takeEnv("TURNKEY_OPENCODE_CONFIG") ?? null,
    profile: runtimeProfiles.includes(profile as RuntimeProfile) ? (profile as RuntimeProfile) : "managed",
    // No home-folder fallback: without a work folder the chat window asks for a project.
    ...workdir(takeEnv("TURNKEY_WORKDIR")),
    autostart: takeEnv("TURNKEY_AUTOSTART") !== "0",
    // "Open in" apps are started by main, outside the app's job (openWith/desktopLauncher.ts).
    openWith: { launcher: desktopLauncher({ post, listen: listenToMain }) },
  });
  post({ type: "ready", port: backend.port });

  let closing = false;
  const close = () => {
    if (closing) return;
    closing = true;
    backend.close().finally(() => process.exit(0));
  };
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, close);
  watchParent({ onOrphaned: close });
}

main().catch((error: unknown) => {
  post({ type: "failed", message: (error as Error).message });
  process.stderr.write(`The OpenCode Turnkey backend could not start: ${(error as Error).stack ?? error}\n`);
  process.exit(1);
});

// The headless backend (`npm run serve`, entered through cli.ts): start it, print the one ready
// line, and on SIGINT or SIGTERM stop the sidecar's whole tree before exiting. Diagnostics go to
// stderr; stdout carries only the ready line, so scripts can read it.
import { existsSync, statSync } from "node:fs";
import { showsError } from "@turnkey/contracts";
import { takeSecretFromEnvironment } from "@turnkey/sidecar";
import { parseCli, usage } from "./cliArgs.ts";
import { DataDirError } from "./doctor/dataDir.ts";
import { loginUrl } from "./login.ts";
import { watchParent } from "./parentWatch.ts";
import { ConfigFileError } from "./sidecarEnv.ts";
import { type Backend, InvalidProjectError, PortInUseError, startBackend } from "./startBackend.ts";
import { waitingAfterStart } from "./startupHeap.ts";

async function main(): Promise<number> {
  // Out of process.env and (Linux) our initial environment block at once: a tool the agent runs
  // can read every ancestor's /proc/<pid>/environ.
  const token = takeSecretFromEnvironment("TURNKEY_TOKEN");
  const env = token === undefined ? process.env : { ...process.env, TURNKEY_TOKEN: token };
  const parsed = parseCli(process.argv.slice(2), env, process.cwd());
  if (parsed.kind === "help") {
    process.stdout.write(`${usage}\n`);
    return 0;
  }
  if (parsed.kind === "error") {
    process.stderr.write(`${parsed.message}\n`);
    return 2;
  }
  const { options } = parsed;
  if (options.workdir && !(existsSync(options.workdir) && statSync(options.workdir).isDirectory())) {
    process.stderr.write(`The work folder ${options.workdir} does not exist. Create it, or pass another --workdir.\n`);
    return 2;
  }

  let backend: Backend;
  try {
    backend = await startBackend(options);
    waitingAfterStart();
  } catch (error) {
    if (error instanceof PortInUseError || error instanceof ConfigFileError || error instanceof DataDirError) {
      process.stderr.write(`${error.message}\n`);
      return 1;
    }
    if (error instanceof InvalidProjectError) {
      process.stderr.write(`${error.message}\n`);
      return 2;
    }
    throw error;
  }

  let lastState = "";
  backend.supervisor.onStatus((status) => {
    if (status.state === lastState) return;
    lastState = status.state;
    const detail = status.state === "running" ? ` (pid ${status.pid}, port ${status.port})` : "";
    const reason = status.error && showsError(status.state) ? `: ${status.error.message}` : "";
    process.stderr.write(`opencode: ${status.state}${detail}${reason}\n`);
  });
  process.stdout.write(`OpenCode Turnkey ready at ${loginUrl(backend.url, backend.token)}\n`);

  return new Promise<number>((resolve) => {
    let stopping = false;
    const shutdown = (why: string) => {
      if (stopping) return;
      stopping = true;
      process.stderr.write(`${why}: stopping opencode…\n`);
      backend.close().then(
        () => resolve(0),
        (error: unknown) => {
          process.stderr.write(`Stopping failed: ${(error as Error).message}\n`);
          resolve(1);
        },
      );
    };
    for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.on(signal, () => shutdown(signal));
    watchParent({ onOrphaned: (parent) => shutdown(`The launcher (pid ${parent}) is gone`) });
  });
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`OpenCode Turnkey could not start: ${(error as Error).stack ?? error}\n`);
    process.exit(1);
  },
);

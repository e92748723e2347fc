// The global teardown (strayOpencode.ts) runs only when vitest ends on its own. A run stopped from
// outside (`timeout`, which signals its whole process group, Ctrl+C, a cancelled CI step, the
// OOM killer) skips it: the workers die at once, their backends never close, and each `opencode
// serve` they started, in a process group of its own, lives on under init (one was found 75
// minutes old). So the global setup also starts this watcher, in a session of its own (no signal
// meant for vitest's group reaches it), holding the read end of a pipe whose only writer is vitest's
// main process. However vitest ends, the pipe then reads end of file, and the watcher kills every
// process still carrying the run's id, with its tree, and says so on the run's stderr.
import { type ChildProcess, spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { endRunProcesses, readProcesses, runMarker } from "./strayOpencode.ts";

const repoRoot = join(import.meta.dirname, "..");
const watcherFile = fileURLToPath(import.meta.url);

/** A dying worker may still be starting a process as the sweep runs: look again, a bounded few times. */
const sweeps = 5;
const sweepGapMs = 200;
/** What the teardown writes before closing the pipe; a pipe closed without it means vitest died. */
const tornDown = "torn down\n";
/**
 * vitest closes its own workers after the global teardown, so right after it they may still be
 * ending: they get this long to go on their own before they count as leaked (and are killed).
 */
const workerCloseMs = 3_000;
const isVitestWorker = (argv: readonly string[]) => argv.some((arg) => /vitest[\\/]dist[\\/]workers[\\/]/.test(arg));

export interface RunWatch {
  watcher: ChildProcess;
  /** The teardown ran: the watcher looks once more (a test may leak more than opencode) and exits. */
  release(): void;
}

/** Starts the watcher for `runId`; it keeps nothing of this process alive. */
export function watchRun(runId: string): RunWatch {
  const env = { ...process.env };
  delete env[runMarker];
  const watcher = spawn(process.execPath, ["--import", "tsx", watcherFile, runId], {
    cwd: repoRoot,
    detached: true,
    env,
    // libuv opens the pipe close-on-exec, so only this process holds its writing end, not the workers.
    stdio: ["pipe", "ignore", "inherit"],
  });
  watcher.on("error", () => undefined);
  watcher.stdin?.on("error", () => undefined);
  watcher.unref();
  (watcher.stdin as unknown as { unref?: () => void } | null)?.unref?.();
  return { watcher, release: () => watcher.stdin?.end(tornDown) };
}

/**
 * Marks this process's run (everything it starts from now on inherits the id) and watches it: for
 * a program that starts servers outside vitest, such as `npm run bench`. Call `release` at its end.
 */
export function watchThisProcess(): RunWatch | null {
  if (process.platform !== "linux") return null;
  const runId = randomUUID();
  process.env[runMarker] = runId;
  return watchRun(runId);
}

async function workersClosed(runId: string): Promise<void> {
  for (const end = Date.now() + workerCloseMs; Date.now() < end; await new Promise((r) => setTimeout(r, 50))) {
    if (!readProcesses().some((p) => p.env[runMarker] === runId && isVitestWorker(p.argv))) return;
  }
}

async function sweepAfterRun(runId: string, teardownRan: boolean): Promise<void> {
  if (teardownRan) await workersClosed(runId);
  const killed = [];
  for (let sweep = 0; sweep < sweeps; sweep++) {
    const found = await endRunProcesses(runId);
    if (found.length === 0) break;
    killed.push(...found);
    await new Promise((resolve) => setTimeout(resolve, sweepGapMs));
  }
  if (killed.length === 0) return;
  const lines = killed.map((p) => `  pid ${p.pid} in ${p.cwd ?? "?"}: ${p.argv.join(" ").slice(0, 300)}`);
  const why = teardownRan
    ? "outlived the run's teardown (something in the run leaks them)"
    : "were still running when the run ended without its teardown (stopped from outside?)";
  process.stderr.write(`\nWarning: ${killed.length} process(es) ${why}; killed now:\n${lines.join("\n")}\n`);
}

if (process.argv[1] === watcherFile) {
  const runId = process.argv[2];
  if (!runId) process.exit(2);
  let said = "";
  process.stdin.setEncoding("utf8");
  process.stdin.on("data", (chunk: string) => (said += chunk));
  process.stdin.on("end", () => void sweepAfterRun(runId, said === tornDown).finally(() => process.exit(0)));
}

// One start attempt's process, as the supervisor runs it: spawned with its own password, its
// output split into lines (logged, kept per attempt, watched for the listening line), its exit
// reported with the dying words, and its tree ended under a deadline. Each outcome goes back to
// the lifecycle reducer as an event carrying the attempt (`gen`) that produced it.
import type { ChildProcess } from "node:child_process";
import type { BinaryInfo } from "@turnkey/contracts";
import { withDeadline } from "./deadline.ts";
import { exitCause } from "./exitCause.ts";
import type { LifecycleEvent, LifecycleModel } from "./lifecycleModel.ts";
import { distinctTail, onLines } from "./lines.ts";
import { parseListeningLine } from "./listeningLine.ts";
import type { LogBuffer } from "./logBuffer.ts";
import { generateSidecarPassword } from "./password.ts";
import type { Redactor } from "./redact.ts";
import { sidecarProcessEnv, spawnError } from "./sidecarProcessEnv.ts";
import { clearSidecarRecord, writeSidecarRecord } from "./sidecarRecord.ts";
import { disposeTimeoutMs, forceWaitMs, type SupervisorDeps } from "./supervisorDeps.ts";
import { newTreeMark, treeMarkName } from "./treeMark.ts";

const keptOutputLines = 40;

export interface Generation {
  child: ChildProcess;
  password: string;
  /** This attempt's own output (its last lines), so an earlier attempt's never explains this one. */
  output: string[];
  exited: Promise<void>;
  /** Aborted when this process is being killed: its readiness polls and probes stop waiting. */
  life: AbortController;
}

/** What an attempt needs of its supervisor. */
export interface AttemptHost {
  readonly deps: SupervisorDeps;
  readonly dataDir: string;
  readonly cwd: string | undefined;
  /** Grace between the polite stop and the forced kill, and how much longer a stop may take. */
  readonly graceMs: number;
  readonly stopExtraMs: number;
  readonly generations: Map<number, Generation>;
  readonly logs: LogBuffer;
  readonly redactor: Redactor;
  model(): LifecycleModel;
  /** The environment for the next start (settings, profile). */
  sidecarEnv(): Record<string, string | undefined>;
  dispatch(event: LifecycleEvent): void;
  log(message: string): void;
}

/** The last distinct lines attempt `gen` printed (the log itself keeps every line). */
export function outputOf(host: AttemptHost, gen: number, count: number): string[] {
  return distinctTail(host.generations.get(gen)?.output ?? [], count);
}

export async function spawnGeneration(host: AttemptHost, gen: number, binary: BinaryInfo): Promise<void> {
  const password = generateSidecarPassword();
  host.redactor.add(password);
  const mark = newTreeMark(host.deps.processOps.platform);
  const env = {
    ...sidecarProcessEnv(process.env, host.sidecarEnv(), password),
    ...(mark ? { [treeMarkName]: mark } : {}),
  };
  let child: ChildProcess;
  try {
    child = host.deps.spawnProcess(binary.path, ["serve", "--hostname", "127.0.0.1", "--port", "0"], env, host.cwd);
  } catch (error) {
    host.dispatch({ type: "spawn_failed", gen, error: spawnError(binary.path, error) });
    return;
  }
  if (child.pid === undefined) {
    // Node reports spawn failures (EACCES, ENOENT, bad cwd) asynchronously on 'error'.
    const error = await new Promise<unknown>((resolve) => child.once("error", resolve));
    host.dispatch({ type: "spawn_failed", gen, error: spawnError(binary.path, error) });
    return;
  }
  let reportExit: () => void = () => undefined;
  const exited = new Promise<void>((resolve) => {
    reportExit = resolve;
  });
  host.generations.set(gen, { child, password, output: [], exited, life: new AbortController() });
  child.on("error", (error) => host.log(`opencode process error: ${error.message}`));
  pipeLines(host, gen, child);
  child.once("exit", (code, signal) => {
    // 'exit' is the crash detector. A sidecar dying during start-up gets a moment for its
    // pipes to deliver the dying words (they become the error message; a grandchild holding
    // the pipes open would delay 'close' for ever, hence the cap); a running one is reported
    // at once, its output is in the log already.
    let reported = false;
    const report = () => {
      if (reported) return;
      reported = true;
      const output = outputOf(host, gen, 40);
      const cause = exitCause({ code, signal, output });
      host.dispatch({ type: "exited", gen, code, signal, lastOutput: output.slice(-5), cause });
      reportExit();
    };
    const model = host.model();
    if (model.phase !== "starting" || model.gen !== gen) {
      report();
      return;
    }
    const cap = setTimeout(report, 20);
    child.once("close", () => {
      clearTimeout(cap);
      report();
    });
  });
  try {
    writeSidecarRecord(host.dataDir, {
      pid: child.pid,
      startedAt: host.deps.now(),
      binaryPath: binary.path,
      backendPid: process.pid,
      ...(mark ? { mark: `${treeMarkName}=${mark}` } : {}),
    });
  } catch (error) {
    host.log(
      `Could not write the sidecar record (orphan clean-up after a crash may miss it): ${(error as Error).message}`,
    );
  }
  host.dispatch({ type: "spawned", gen, pid: child.pid, binary });
}

function pipeLines(host: AttemptHost, gen: number, child: ChildProcess): void {
  for (const stream of ["stdout", "stderr"] as const) {
    const readable = child[stream];
    if (readable) onLines(readable, (line) => onLine(host, gen, stream, line));
  }
}

function onLine(host: AttemptHost, gen: number, stream: "stdout" | "stderr", line: string): void {
  if (line.trim() === "") return;
  host.logs.push(stream, line, host.deps.now());
  const output = host.generations.get(gen)?.output;
  if (output) {
    output.push(line);
    if (output.length > keptOutputLines) output.shift();
  }
  const listening = stream === "stdout" ? parseListeningLine(line) : null;
  if (listening) host.dispatch({ type: "listening", gen, ...listening });
}

/**
 * Ends the tree of attempt `gen` and reports it gone. Every wait here has a deadline, so a
 * process that cannot be killed delays a stop by at most grace + stopExtraMs, and is named.
 */
export async function killGeneration(host: AttemptHost, gen: number, pid: number, graceful: boolean): Promise<void> {
  const { deps } = host;
  const generation = host.generations.get(gen);
  generation?.life.abort();
  const started = deps.now();
  const url = host.model().url;
  if (graceful && generation && url) {
    const polite = deps.requestDispose(url, generation.password).catch(() => undefined);
    await withDeadline(polite, disposeTimeoutMs, () => undefined, deps);
  }
  const budgetMs = Math.max(0, (graceful ? host.graceMs : 0) + host.stopExtraMs - (deps.now() - started));
  const kill = deps.killTree(pid, graceful).catch((error: unknown) => {
    host.log(`Stopping opencode (pid ${pid}) failed: ${error instanceof Error ? error.stack : String(error)}`);
    return { survivors: [pid] };
  });
  const reported = await withDeadline(kill, budgetMs, () => ({ survivors: [pid] }), deps);
  const result = { survivors: await stillAlive(reported.survivors, deps) };
  if (result.survivors.length > 0) {
    host.log(`These processes of opencode would not end: ${result.survivors.join(", ")}.`);
  }
  // The exit event must be seen before "gone", so lastExit is recorded for this generation;
  // a root that would not die never reports one.
  if (generation && !result.survivors.includes(pid)) {
    await withDeadline(generation.exited, 1_000, () => undefined, deps);
  }
  host.generations.delete(gen);
  // A survivor stays in the record, so the next backend's reaper can still find it.
  if (result.survivors.length === 0) clearSidecarRecord(host.dataDir, pid);
  host.dispatch({ type: "tree_gone", gen, survivors: result.survivors });
}

/**
 * The processes of `pids` still alive after a few last looks (survivorLooks). On a
 * starved machine a force-killed process took over 6 s to disappear (the kernel ends it when it
 * next runs), and the deadline's fallback names the root without looking: a process that has ended
 * by now must not be named as one the user has to kill.
 */
async function stillAlive(pids: number[], deps: SupervisorDeps): Promise<number[]> {
  let alive = pids.filter((pid) => deps.processOps.isAlive(pid));
  // Counted looks, not a clock: the same number of looks however late a starved timer fires.
  for (let look = 0; look < survivorLooks && alive.length > 0; look++) {
    await new Promise<void>((resolve) => deps.setTimer(resolve, survivorLookMs));
    alive = alive.filter((pid) => deps.processOps.isAlive(pid));
  }
  return alive;
}

/** The last look for survivors (see stillAlive): about 1 s more of a stop that found some. */
const survivorLooks = 10;
const survivorLookMs = 100;

/** The default extra time a stop may take past the grace (dispose request, forced kill, exit report). */
export const defaultStopExtraMs = disposeTimeoutMs + forceWaitMs + 2_000;

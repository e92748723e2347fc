// Runs the backend worker and keeps it running, and gives up the way the sidecar does: a crashed
// worker is restarted with the sidecar's backoff (its policy module: the same curve, the same
// "failed after N starts that never became ready or died early"), then the host stops trying and
// says why, with the worker's last output, until the user asks for a restart. A crash of the
// backend never takes the tray down; the new backend's orphan reaper cleans up what the dead one
// left. The one bootstrap message tells main the port.
import { EventEmitter } from "node:events";
import { backoffDelayMs, defaultLifecycleConfig, type LifecycleConfig, onLines } from "@turnkey/sidecar";

/** The part of Electron's UtilityProcess the host uses. */
export interface WorkerProcess {
  readonly pid?: number | undefined;
  /** Present when forked with `stdio: "pipe"`. */
  readonly stdout?: NodeJS.ReadableStream | null;
  readonly stderr?: NodeJS.ReadableStream | null;
  on(event: "message", listener: (message: unknown) => void): unknown;
  on(event: "exit", listener: (code: number) => void): unknown;
  kill(): boolean;
  postMessage(message: unknown): void;
}

export interface BackendEndpoint {
  url: string;
  port: number;
  token: string;
}

/** Why the host stopped restarting the worker, for the tray. */
export interface BackendFailure {
  reason: string;
  /** The worker's last lines of output (stderr first), newest last. */
  lastOutput: string[];
}

export type HostLogStream = "main" | "stdout" | "stderr";

export interface BackendHostOptions {
  fork: (env: Record<string, string>) => WorkerProcess;
  token: string;
  env: Record<string, string>;
  readyTimeoutMs?: number;
  /** The sidecar's restart policy, by default; tests shrink the delays. */
  policy?: Partial<LifecycleConfig>;
  random?: () => number;
  now?: () => number;
  /**
   * Starts an "Open in" app the worker asks for (launchRequest.ts); resolves with null when it
   * started, else why not. Absent: the worker is told the app cannot start programs.
   */
  launch?: (request: unknown) => Promise<string | null>;
  /** Where main-process events and the worker's output go (the desktop's log file). */
  log?: (stream: HostLogStream, line: string) => void;
}

const keptOutputLines = 20;
/** "    at fn (file:1:2)": in the log file, but no help in a tray. */
const stackFrame = /^\s+at /;
const shownOutputLines = 3;

export class BackendHost extends EventEmitter<{
  ready: [BackendEndpoint];
  down: [string];
  failed: [BackendFailure];
}> {
  private worker: WorkerProcess | null = null;
  private backoffAttempt = 0;
  private failedStarts = 0;
  private stopping = false;
  private restartTimer: NodeJS.Timeout | null = null;
  private readonly policy: LifecycleConfig;
  current: BackendEndpoint | null = null;
  failure: BackendFailure | null = null;

  constructor(private readonly options: BackendHostOptions) {
    super();
    this.policy = { ...defaultLifecycleConfig, ...options.policy };
  }

  /** Starts the worker; resolves with the first endpoint, or null if the host gave up first. */
  start(): Promise<BackendEndpoint | null> {
    const first = new Promise<BackendEndpoint | null>((resolve) => {
      const onReady = (endpoint: BackendEndpoint) => settle(endpoint);
      const onFailed = () => settle(null);
      const settle = (endpoint: BackendEndpoint | null) => {
        this.off("ready", onReady);
        this.off("failed", onFailed);
        resolve(endpoint);
      };
      this.on("ready", onReady);
      this.on("failed", onFailed);
    });
    this.spawn();
    return first;
  }

  /** A person asked for it (tray → Restart): earlier failures are forgiven, as a manual start is. */
  restart(): void {
    if (this.stopping || this.worker) return;
    if (this.restartTimer) clearTimeout(this.restartTimer);
    this.restartTimer = null;
    this.backoffAttempt = 0;
    this.failedStarts = 0;
    this.failure = null;
    this.log("main", "Restarting the backend on request.");
    this.spawn();
  }

  private log(stream: HostLogStream, line: string): void {
    this.options.log?.(stream, line);
  }

  private now(): number {
    return (this.options.now ?? Date.now)();
  }

  private spawn(): void {
    this.restartTimer = null;
    const worker = this.options.fork(this.options.env);
    this.worker = worker;
    // The token goes over the channel, never in the worker's environment (see worker.ts).
    worker.postMessage({ type: "bootstrap", token: this.options.token });
    this.log("main", `Started the backend (pid ${worker.pid ?? "unknown"}).`);
    // Output of this attempt only: an earlier attempt's lines must not explain this one's failure.
    const output: { stream: "stdout" | "stderr"; line: string }[] = [];
    for (const stream of ["stdout", "stderr"] as const) {
      const readable = worker[stream];
      if (!readable) continue;
      onLines(readable, (line) => {
        this.log(stream, line);
        if (!line.trim() || stackFrame.test(line)) return;
        output.push({ stream, line });
        if (output.length > keptOutputLines) output.shift();
      });
    }
    let readyAt: number | null = null;
    let reportedFailure: string | null = null;
    const readyTimeoutMs = this.options.readyTimeoutMs ?? 30_000;
    const readyTimer = setTimeout(() => {
      reportedFailure = `The backend did not report ready within ${Math.round(readyTimeoutMs / 1000)} s.`;
      this.log("main", reportedFailure);
      this.emit("down", reportedFailure);
      worker.kill();
    }, readyTimeoutMs);
    worker.on("message", (message) => {
      const m = message as { type?: string; port?: unknown; message?: unknown; id?: unknown; request?: unknown };
      if (m.type === "launch" && typeof m.id === "string") {
        void this.answerLaunch(worker, m.id, m.request);
        return;
      }
      if (m.type === "ready" && typeof m.port === "number") {
        clearTimeout(readyTimer);
        readyAt = this.now();
        this.current = { url: `http://127.0.0.1:${m.port}`, port: m.port, token: this.options.token };
        this.log("main", `The backend is ready on port ${m.port}.`);
        this.emit("ready", this.current);
      } else if (m.type === "failed") {
        reportedFailure = String(m.message);
        this.log("main", `The backend could not start: ${reportedFailure}`);
        this.emit("down", reportedFailure);
      }
    });
    worker.on("exit", (code) => {
      clearTimeout(readyTimer);
      if (this.worker !== worker) return;
      this.worker = null;
      this.current = null;
      if (this.stopping) {
        this.log("main", `The backend exited (code ${code}).`);
        return;
      }
      const ranFor = readyAt === null ? null : this.now() - readyAt;
      if (ranFor !== null && ranFor >= this.policy.stableResetMs) this.backoffAttempt = 0;
      const early = ranFor === null || ranFor < this.policy.earlyDeathMs;
      this.failedStarts = early ? this.failedStarts + 1 : 0;
      const lastOutput = lastLines(output);
      if (this.failedStarts >= this.policy.maxFailedStarts) {
        this.giveUp(code, reportedFailure, lastOutput);
        return;
      }
      const delay = backoffDelayMs(this.backoffAttempt++, (this.options.random ?? Math.random)(), this.policy);
      const why = `The backend stopped (exit code ${code}); restarting it in ${Math.round(delay)} ms.`;
      this.log("main", why);
      this.emit("down", why);
      this.restartTimer = setTimeout(() => this.spawn(), delay);
    });
  }

  /** The worker asked main to start an app: main answers, whatever happens (the worker waits with a deadline). */
  private async answerLaunch(worker: WorkerProcess, id: string, request: unknown): Promise<void> {
    let error: string | null;
    try {
      error = this.options.launch ? await this.options.launch(request) : "This app cannot start other programs.";
    } catch (thrown) {
      error = (thrown as Error).message;
    }
    if (error !== null) this.log("main", `An app the backend asked for did not start: ${error}`);
    // A worker that exited meanwhile has nobody to tell.
    if (this.worker !== worker) return;
    try {
      worker.postMessage({ type: "launched", id, error });
    } catch (thrown) {
      this.log("main", `Could not answer the backend about an app it asked for: ${(thrown as Error).message}`);
    }
  }

  private giveUp(code: number, reportedFailure: string | null, lastOutput: string[]): void {
    const cause = reportedFailure ? ` The last attempt said: ${withStop(reportedFailure)}` : "";
    const reason =
      `OpenCode Turnkey's backend stopped ${this.failedStarts} times in a row while starting ` +
      `(last exit code ${code}), so it is no longer restarted.${cause} ` +
      "Press Restart to try again, or open the logs.";
    this.failure = { reason, lastOutput };
    this.log("main", reason);
    for (const line of lastOutput) this.log("main", `  last output: ${line}`);
    this.emit("failed", this.failure);
  }

  /** Ends the worker for good and waits (bounded) until it has exited. */
  async stop(timeoutMs = 10_000): Promise<void> {
    this.stopping = true;
    if (this.restartTimer) clearTimeout(this.restartTimer);
    const worker = this.worker;
    if (!worker) return;
    const exited = new Promise<void>((resolve) => worker.on("exit", () => resolve()));
    worker.kill();
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, timeoutMs).unref())]);
  }
}

/** stderr explains a crash better than stdout; fall back to stdout when stderr said nothing. */
function lastLines(output: { stream: "stdout" | "stderr"; line: string }[]): string[] {
  const errors = output.filter((o) => o.stream === "stderr");
  return (errors.length > 0 ? errors : output).slice(-shownOutputLines).map((o) => o.line);
}

function withStop(sentence: string): string {
  const trimmed = sentence.trim();
  return /[.!?…]$/.test(trimmed) ? trimmed : `${trimmed}.`;
}

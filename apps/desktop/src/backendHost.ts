// Runs the backend worker and keeps it running: a crash of the backend never takes the tray
// down; the worker is restarted with the sidecar's backoff, and the new backend's orphan reaper
// cleans up what the dead one left. The one bootstrap message tells main the port.
import { EventEmitter } from "node:events";
import { backoffDelayMs, defaultLifecycleConfig } from "@turnkey/sidecar";

/** The part of Electron's UtilityProcess the host uses (a Node ChildProcess also fits). */
export interface WorkerProcess {
  readonly pid?: number | undefined;
  on(event: "message", listener: (message: unknown) => void): unknown;
  on(event: "exit", listener: (code: number) => void): unknown;
  kill(): boolean;
}

export interface BackendEndpoint {
  url: string;
  port: number;
  token: string;
}

export interface BackendHostOptions {
  fork: (env: Record<string, string>) => WorkerProcess;
  token: string;
  env: Record<string, string>;
  readyTimeoutMs?: number;
  random?: () => number;
}

export class BackendHost extends EventEmitter<{ ready: [BackendEndpoint]; down: [string] }> {
  private worker: WorkerProcess | null = null;
  private attempt = 0;
  private stopping = false;
  private restartTimer: NodeJS.Timeout | null = null;
  current: BackendEndpoint | null = null;

  constructor(private readonly options: BackendHostOptions) {
    super();
  }

  /** Starts the worker; resolves with the first endpoint. */
  start(): Promise<BackendEndpoint> {
    const first = new Promise<BackendEndpoint>((resolve) => this.once("ready", resolve));
    this.spawn();
    return first;
  }

  private spawn(): void {
    const worker = this.options.fork({ ...this.options.env, TURNKEY_TOKEN: this.options.token });
    this.worker = worker;
    const readyTimer = setTimeout(() => {
      this.emit("down", "The backend did not report ready in time.");
      worker.kill();
    }, this.options.readyTimeoutMs ?? 30_000);
    worker.on("message", (message) => {
      const m = message as { type?: string; port?: unknown; message?: unknown };
      if (m.type === "ready" && typeof m.port === "number") {
        clearTimeout(readyTimer);
        this.attempt = 0;
        this.current = { url: `http://127.0.0.1:${m.port}`, port: m.port, token: this.options.token };
        this.emit("ready", this.current);
      } else if (m.type === "failed") {
        this.emit("down", String(m.message));
      }
    });
    worker.on("exit", (code) => {
      clearTimeout(readyTimer);
      if (this.worker !== worker) return;
      this.worker = null;
      this.current = null;
      if (this.stopping) return;
      this.emit("down", `The backend stopped (exit code ${code}); restarting it.`);
      const delay = backoffDelayMs(this.attempt++, (this.options.random ?? Math.random)(), defaultLifecycleConfig);
      this.restartTimer = setTimeout(() => this.spawn(), delay);
    });
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

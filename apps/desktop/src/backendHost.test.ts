import { EventEmitter } from "node:events";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { BackendHost, type HostLogStream, type WorkerProcess } from "./backendHost.ts";

/** A worker that does what each test tells it to, synchronously. */
class FakeWorker extends EventEmitter implements WorkerProcess {
  static nextPid = 1000;
  readonly pid = FakeWorker.nextPid++;
  readonly stdout = fakeStream();
  readonly stderr = fakeStream();
  exited = false;
  readonly received: unknown[] = [];
  postMessage(message: unknown) {
    this.received.push(message);
  }
  kill() {
    this.exit(null as unknown as number);
    return true;
  }
  say(stream: "stdout" | "stderr", text: string) {
    this[stream].emit("data", `${text}\n`);
  }
  ready(port: number) {
    this.emit("message", { type: "ready", port });
  }
  exit(code: number) {
    if (this.exited) return;
    this.exited = true;
    this.emit("exit", code);
  }
}

function fakeStream() {
  const stream = new EventEmitter() as EventEmitter & { setEncoding(e: string): void };
  stream.setEncoding = () => undefined;
  return stream as unknown as NodeJS.ReadableStream & EventEmitter;
}

function harness() {
  let clock = 0;
  const workers: FakeWorker[] = [];
  const logged: [HostLogStream, string][] = [];
  const host = new BackendHost({
    token: "t",
    env: {},
    fork: () => {
      const worker = new FakeWorker();
      workers.push(worker);
      return worker;
    },
    random: () => 0.5, // no jitter: delays are 500 ms × 2ⁿ
    now: () => clock,
    log: (stream, line) => logged.push([stream, line]),
  });
  const advance = (ms: number) => {
    clock += ms;
    vi.advanceTimersByTime(ms);
  };
  return { host, workers, logged, advance, last: () => workers.at(-1)! };
}

describe("BackendHost", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("hands the launch token over the channel, never in the worker's environment", () => {
    const envs: Record<string, string>[] = [];
    const worker = new FakeWorker();
    const host = new BackendHost({
      token: "launch-token-0123456789",
      env: { TURNKEY_DATA_DIR: "/data" },
      fork: (env) => {
        envs.push(env);
        return worker;
      },
    });
    void host.start();
    expect(envs).toEqual([{ TURNKEY_DATA_DIR: "/data" }]);
    expect(worker.received).toEqual([{ type: "bootstrap", token: "launch-token-0123456789" }]);
    worker.exit(0);
    void host.stop();
  });

  it("restarts a worker that keeps crashing with growing delays, then gives up and says why", async () => {
    const { host, workers, logged, advance, last } = harness();
    const failed = vi.fn();
    host.on("failed", failed);
    const first = host.start();
    const delays: number[] = [];
    for (let attempt = 1; attempt <= 5; attempt++) {
      last().say("stderr", `attempt ${attempt}: cannot open the data folder`);
      last().say("stderr", "    at main (worker.mjs:1:1)");
      last().emit("message", { type: "failed", message: "EACCES: permission denied, mkdir '/data'" });
      last().exit(1);
      if (attempt === 5) break;
      const before = workers.length;
      let waited = 0;
      while (workers.length === before && waited < 60_000) {
        advance(100);
        waited += 100;
      }
      delays.push(waited);
    }
    expect(delays).toEqual([500, 1000, 2000, 4000]);
    expect(await first).toBeNull();
    expect(failed).toHaveBeenCalledTimes(1);
    const failure = host.failure!;
    expect(failure.reason).toContain("stopped 5 times in a row");
    expect(failure.reason).toContain("EACCES: permission denied, mkdir '/data'.");
    expect(failure.reason).toMatch(/Press Restart to try again, or open the logs\.$/);
    // Only the last attempt's output, without stack frames.
    expect(failure.lastOutput).toEqual(["attempt 5: cannot open the data folder"]);
    advance(10 * 60_000);
    expect(workers).toHaveLength(5);
    // Everything went to the log, the stack frames too.
    expect(logged).toContainEqual(["stderr", "    at main (worker.mjs:1:1)"]);
    expect(logged.filter(([stream]) => stream === "main").map(([, line]) => line)).toContainEqual(
      expect.stringContaining("no longer restarted"),
    );
  });

  it("forgives a worker that ran for a while: backoff starts small again and it never gives up", () => {
    const { host, workers, advance, last } = harness();
    const failed = vi.fn();
    host.on("failed", failed);
    void host.start();
    for (let crash = 0; crash < 8; crash++) {
      last().ready(4000 + crash);
      advance(61_000);
      last().exit(1);
      advance(499);
      expect(workers).toHaveLength(crash + 1);
      advance(1);
      expect(workers).toHaveLength(crash + 2);
    }
    expect(failed).not.toHaveBeenCalled();
  });

  it("counts a worker that dies soon after ready as a failed start", () => {
    const { host, advance, last } = harness();
    void host.start();
    for (let i = 0; i < 5; i++) {
      last().ready(4000);
      advance(2_000);
      last().exit(1);
      advance(30_000);
    }
    expect(host.failure?.reason).toContain("stopped 5 times in a row");
  });

  it("Restart after giving up starts afresh, with the counters reset", async () => {
    const { host, workers, advance, last } = harness();
    const first = host.start();
    for (let i = 0; i < 5; i++) {
      last().exit(1);
      advance(30_000);
    }
    expect(await first).toBeNull();
    host.restart();
    expect(workers).toHaveLength(6);
    expect(host.failure).toBeNull();
    const ready = new Promise((resolve) => host.once("ready", resolve));
    last().ready(4321);
    expect(await ready).toMatchObject({ port: 4321, url: "http://127.0.0.1:4321" });
    // A fresh budget: one crash is restarted after the first, shortest delay.
    last().exit(1);
    advance(500);
    expect(workers).toHaveLength(7);
  });

  it("a worker that never reports ready is killed after the deadline and restarted", () => {
    const { host, workers, advance } = harness();
    const downs: string[] = [];
    host.on("down", (why) => downs.push(why));
    void host.start();
    advance(30_000);
    expect(workers[0]!.exited).toBe(true);
    expect(downs[0]).toBe("The backend did not report ready within 30 s.");
    advance(500);
    expect(workers).toHaveLength(2);
  });

  it("stop during a restart delay starts nothing more", async () => {
    const { host, workers, advance, last } = harness();
    void host.start();
    last().exit(1);
    await host.stop();
    advance(60_000);
    expect(workers).toHaveLength(1);
  });

  it("starts an app the worker asks for and answers it, even when starting throws, but not a worker that has gone", async () => {
    const asked: unknown[] = [];
    let outcome: () => Promise<string | null> = async () => null;
    const host = new BackendHost({
      token: "t",
      env: {},
      fork: () => worker,
      launch: (request) => {
        asked.push(request);
        return outcome();
      },
    });
    const worker = new FakeWorker();
    void host.start();
    worker.ready(4000);
    const request = { kind: "folder", path: "/w/p" };
    worker.emit("message", { type: "launch", id: "a", request });
    await vi.waitFor(() => expect(worker.received).toContainEqual({ type: "launched", id: "a", error: null }));
    expect(asked).toEqual([request]);

    outcome = async () => {
      throw new Error("The system cannot find the file specified.");
    };
    worker.emit("message", { type: "launch", id: "b", request });
    await vi.waitFor(() =>
      expect(worker.received).toContainEqual({
        type: "launched",
        id: "b",
        error: "The system cannot find the file specified.",
      }),
    );

    let finish: (error: string | null) => void = () => {};
    outcome = () => new Promise((resolve) => (finish = resolve));
    worker.emit("message", { type: "launch", id: "c", request });
    await vi.waitFor(() => expect(asked).toHaveLength(3));
    worker.exit(1);
    finish(null);
    await Promise.resolve();
    expect(worker.received.filter((m) => (m as { id?: string }).id === "c")).toEqual([]);
    await host.stop();
  });
});

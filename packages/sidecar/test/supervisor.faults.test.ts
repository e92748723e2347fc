import { chmodSync, copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { loopbackRequest } from "../src/loopbackHttp.ts";
import { descendantsOf } from "../src/processTable.ts";
import { recordPath } from "../src/sidecarRecord.ts";
import { treeMarkName } from "../src/treeMark.ts";
import {
  alive,
  cleanup,
  descendantPids,
  fakeOpencode,
  fakeSupervisor,
  processOps,
  tempDir,
  waitForStatus,
} from "./harness.ts";
import { posixIt } from "./posixOnly.ts";

afterEach(cleanup);

describe("supervisor on a well-behaved sidecar", () => {
  posixIt(
    "starts, reports a full status, keeps the password out of argv, and stops leaving nothing (POSIX: reads /proc/<pid>/environ, and a SIGTERM stop exits 0)",
    async () => {
      process.env.TURNKEY_TOKEN = "launch-token-that-must-not-leak";
      const supervisor = fakeSupervisor("");
      const running = await supervisor.start();
      expect(running).toMatchObject({
        state: "running",
        version: "0.0.0-fake",
        restarts: 0,
        error: null,
        binary: { path: fakeOpencode, source: "override", version: "0.0.0-fake" },
        health: { ok: true, consecutiveFailures: 0 },
      });
      expect(running.port).toBeGreaterThan(0);
      expect(running.readyAt).toBeGreaterThanOrEqual(running.startedAt!);
      expect(alive(running.pid)).toBe(true);

      const connection = supervisor.connection()!;
      expect(connection.password).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(JSON.stringify(running)).not.toContain(connection.password);
      delete process.env.TURNKEY_TOKEN;
      const argv = await processOps.commandLine(running.pid!);
      expect(argv).toContain("serve --hostname 127.0.0.1 --port 0");
      expect(argv).not.toContain(connection.password);

      const environ = readFileSync(`/proc/${running.pid}/environ`, "utf8").split("\0");
      expect(environ).toContain(`OPENCODE_SERVER_PASSWORD=${connection.password}`);
      // Nothing of ours but the tree's mark, which is no secret (a tool may read it) and new per start.
      const mark = environ.find((v) => v.startsWith(`${treeMarkName}=`));
      expect(mark).toMatch(/^TURNKEY_SIDECAR_TREE=[A-Za-z0-9_-]{16}$/);
      expect(environ.filter((v) => v.startsWith("TURNKEY_") && v !== mark)).toEqual([]);

      const record = JSON.parse(readFileSync(recordPath(supervisor.dataDir), "utf8"));
      expect(record).toMatchObject({ pid: running.pid, binaryPath: fakeOpencode, backendPid: process.pid, mark });

      const stopped = await supervisor.stop();
      expect(stopped).toMatchObject({ state: "stopped", pid: null, lastExit: { code: 0 } });
      expect(alive(running.pid)).toBe(false);
      expect(existsSync(recordPath(supervisor.dataDir))).toBe(false);
    },
  );

  it("gives every start a new password and pid", async () => {
    const supervisor = fakeSupervisor("");
    const first = await supervisor.start();
    const firstPassword = supervisor.connection()!.password;
    const second = await supervisor.restart();
    expect(second.state).toBe("running");
    expect(second.pid).not.toBe(first.pid);
    expect(supervisor.connection()!.password).not.toBe(firstPassword);
    expect(alive(first.pid)).toBe(false);
  });

  it("redacts the password from the ring buffer and the log file", async () => {
    const supervisor = fakeSupervisor("echo-password");
    await supervisor.start();
    const password = supervisor.connection()!.password;
    await supervisor.stop();
    const lines = supervisor.logs.tail().map((l) => l.line);
    expect(lines).toContain("my password is [redacted]");
    const file = await readFile(join(supervisor.dataDir, "logs", "sidecar.log"), "utf8");
    expect(file).toContain("my password is [redacted]");
    expect(file + lines.join("\n")).not.toContain(password);
  });

  it("coalesces concurrent requests: never two sidecars, and the last request wins", async () => {
    const supervisor = fakeSupervisor("");
    const seen = new Set<number>();
    let maxAlive = 0;
    supervisor.onStatus((s) => {
      if (s.pid) seen.add(s.pid);
      maxAlive = Math.max(maxAlive, [...seen].filter((pid) => alive(pid)).length);
    });
    const ops = ["start", "restart", "stop", "start", "restart", "start", "stop", "restart", "start"] as const;
    const results = await Promise.all(ops.map((op) => supervisor[op]()));
    expect(maxAlive).toBeLessThanOrEqual(1);
    expect(results.at(-1)?.state).toBe("running");
    expect(supervisor.status().state).toBe("running");
    expect([...seen].filter((pid) => alive(pid))).toEqual([supervisor.status().pid]);
    await supervisor.stop();
    expect([...seen].filter((pid) => alive(pid))).toEqual([]);
  });
});

describe("supervisor fault paths", () => {
  it("a sidecar that exits at once ends in failed after 5 tries, with its last words", async () => {
    const supervisor = fakeSupervisor("exit-at-once");
    const status = await supervisor.start();
    expect(status.state).toBe("failed");
    expect(status.restarts).toBe(4);
    expect(status.lastExit?.code).toBe(3);
    expect(status.error?.message).toContain("failed to start 5 times");
    expect(status.error?.message).toContain("config file is not valid JSON");
    // No restart is pending any more.
    expect(status.nextRestartAt).toBeNull();
  });

  posixIt(
    "a sidecar killed by SIGILL is named as a CPU or C-library mismatch (POSIX: Windows has no SIGILL; its STATUS_ILLEGAL_INSTRUCTION is an exit code, see exitCause.test.ts)",
    async () => {
      const supervisor = fakeSupervisor("sigill", { config: { maxFailedStarts: 1 } });
      const status = await supervisor.start();
      expect(status.state).toBe("failed");
      expect(status.lastExit?.signal).toBe("SIGILL");
      expect(status.error?.code).toBe("illegal_instruction");
      expect(status.error?.message).toContain("AVX2");
    },
  );

  it("a crash after ready is detected from the exit event and restarted with a new process", async () => {
    const supervisor = fakeSupervisor("crash-after=150");
    const first = await supervisor.start();
    const backoff = await waitForStatus(supervisor, (s) => s.state === "backoff", "backoff");
    expect(backoff.error?.code).toBe("crashed");
    expect(backoff.lastExit).toMatchObject({ code: 1 });
    expect(backoff.nextRestartAt).toBeGreaterThan(backoff.lastExit!.at);
    const again = await waitForStatus(supervisor, (s) => s.state === "running" && s.pid !== first.pid, "a new run");
    expect(again.restarts).toBe(1);
    expect(alive(first.pid)).toBe(false);
  });

  it("a sidecar that never prints its port times out with its last output, and is killed", async () => {
    const supervisor = fakeSupervisor("no-listen-line", { config: { startupTimeoutMs: 3_000, maxFailedStarts: 1 } });
    const seenPids: number[] = [];
    supervisor.onStatus((s) => s.pid && seenPids.push(s.pid));
    const status = await supervisor.start();
    expect(status.state).toBe("failed");
    expect(status.error?.code).toBe("startup_timeout");
    expect(status.error?.message).toContain("did not answer within 3 s");
    expect(status.error?.message).toContain("booting fake opencode");
    expect(seenPids.length).toBeGreaterThan(0);
    expect(seenPids.filter(alive)).toEqual([]);
  });

  it("an attempt's error shows its own last output, never an earlier attempt's", async () => {
    // Long enough for node to boot and print on a loaded machine: the second attempt must time out
    // with its own output, not with nothing.
    const supervisor = fakeSupervisor("exit-at-once", { config: { startupTimeoutMs: 3_000, maxFailedStarts: 1 } });
    const first = await supervisor.start();
    expect(first.error?.message).toMatch(/Last output: .+\./);
    const firstLine = /Last output: (.+?)\./.exec(first.error?.message ?? "")?.[1] ?? "";
    supervisor.setEnvironment({ FAKE_OPENCODE: "no-listen-line" });
    const second = await supervisor.start();
    expect(second.error?.code).toBe("startup_timeout");
    expect(second.error?.message).toContain("booting fake opencode");
    expect(second.error?.message).not.toContain(firstLine);
  });

  it("a slow start within the timeout is not a failure", async () => {
    const supervisor = fakeSupervisor("slow-start=300", { config: { startupTimeoutMs: 3_000 } });
    const status = await supervisor.start();
    expect(status).toMatchObject({ state: "running", restarts: 0 });
  });

  it("a hung sidecar goes degraded, then is killed and replaced after 3 failed probes", async () => {
    const supervisor = fakeSupervisor("");
    const first = await supervisor.start();
    const { url, password } = supervisor.connection()!;
    await loopbackRequest(url, { path: "/__fake/hang", method: "POST", password, timeoutMs: 30_000 });
    const degraded = await waitForStatus(supervisor, (s) => s.state === "degraded", "degraded");
    expect(degraded.health).toMatchObject({ ok: false, consecutiveFailures: 1 });
    const replaced = await waitForStatus(supervisor, (s) => s.state === "running" && s.pid !== first.pid, "a new run");
    expect(replaced.restarts).toBe(1);
    expect(alive(first.pid)).toBe(false);
    const messages = supervisor.logs.tail().map((l) => l.line);
    expect(messages.some((m) => m.includes("stopped answering"))).toBe(true);
  });

  it("a busy sidecar that answers health checks late is shown degraded and kept, never restarted", async () => {
    // Checks wait up to 30 s for an answer; one later than the 200 ms probe timeout is late, not missed.
    const supervisor = fakeSupervisor("", { config: { probeAnswerMs: 30_000 } });
    const first = await supervisor.start();
    const { url, password } = supervisor.connection()!;
    await loopbackRequest(url, { path: "/__fake/busy?ms=600", method: "POST", password, timeoutMs: 30_000 });
    const late = () => supervisor.logs.tail().filter((l) => l.line.startsWith("Health check answered late")).length;
    const restarted = () => supervisor.status().restarts > 0;
    await expect.poll(() => late() >= 4 || restarted(), { timeout: 60_000, interval: 50 }).toBe(true);
    expect(supervisor.status()).toMatchObject({ state: "degraded", pid: first.pid, restarts: 0 });
    expect(supervisor.status().health?.latencyMs).toBeGreaterThanOrEqual(600);
    await loopbackRequest(url, { path: "/__fake/busy?ms=0", method: "POST", password, timeoutMs: 30_000 });
    const back = await waitForStatus(supervisor, (s) => s.state === "running", "running again", 60_000);
    expect(back).toMatchObject({ pid: first.pid, restarts: 0 });
  });

  posixIt(
    "a sidecar that ignores SIGTERM is force-killed after the grace period (POSIX: signals; Windows stops with dispose then taskkill /F, see terminateTree.test.ts)",
    async () => {
      const supervisor = fakeSupervisor("ignore-sigterm", { graceMs: 300 });
      const { pid } = await supervisor.start();
      const stopped = await supervisor.stop();
      expect(stopped.state).toBe("stopped");
      expect(stopped.lastExit?.signal).toBe("SIGKILL");
      expect(alive(pid)).toBe(false);
    },
  );

  posixIt(
    "stop ends a grandchild that ignores SIGTERM, even after its parent has gone (POSIX: SIGTERM traps and reparenting to init; Windows holds the tree in a job object)",
    async () => {
      const supervisor = fakeSupervisor("grandchild", { graceMs: 300 });
      const { pid } = await supervisor.start();
      const [grandchild] = descendantPids(supervisor);
      expect(alive(grandchild)).toBe(true);
      await supervisor.stop();
      expect(alive(pid)).toBe(false);
      expect(alive(grandchild)).toBe(false);
    },
  );

  posixIt(
    "stop ends a three-level tree of processes that all trap SIGTERM (POSIX: SIGTERM traps; Windows holds the tree in a job object)",
    async () => {
      const supervisor = fakeSupervisor("tree=3,ignore-sigterm", { graceMs: 300 });
      const { pid } = await supervisor.start();
      let tree: number[] = [];
      // The chain builds itself; wait (by polling the process table, not the clock) until it is 3 deep.
      for (let i = 0; i < 200 && tree.length < 3; i++) {
        tree = descendantsOf(await processOps.list(), pid!);
        await new Promise((r) => setImmediate(r));
      }
      expect(tree.length).toBe(3);
      await supervisor.stop();
      expect([pid!, ...tree].filter(alive)).toEqual([]);
    },
  );

  posixIt(
    "after a crash, the dead sidecar's leftover children are killed before the restart (POSIX: found through the process group)",
    async () => {
      const supervisor = fakeSupervisor("grandchild,crash-after=200");
      const first = await supervisor.start();
      const [grandchild] = descendantPids(supervisor);
      expect(alive(grandchild)).toBe(true);
      await waitForStatus(supervisor, (s) => s.state === "running" && s.pid !== first.pid, "a new run");
      expect(alive(grandchild)).toBe(false);
    },
  );

  it("a missing binary fails at once with a sentence naming the path", async () => {
    const missing = join(tempDir(), "nope", "opencode");
    const supervisor = fakeSupervisor("", { binary: { override: missing, overrideLabel: "TURNKEY_OPENCODE_BIN" } });
    const status = await supervisor.start();
    expect(status.state).toBe("failed");
    expect(status.error?.code).toBe("binary_not_found");
    expect(status.error?.message).toBe(
      `The opencode program set by TURNKEY_OPENCODE_BIN (${missing}) does not exist. Fix the path, or unset it to use the bundled opencode.`,
    );
    expect(status.restarts).toBe(0);
  });

  posixIt(
    "a binary that is not executable fails with what to do (POSIX: the execute bit; Windows' rule, .exe only, is in resolveBinary.test.ts)",
    async () => {
      const file = join(tempDir(), "opencode");
      writeFileSync(file, "#!/bin/sh\n");
      chmodSync(file, 0o644);
      const status = await fakeSupervisor("", { binary: { override: file } }).start();
      expect(status).toMatchObject({ state: "failed", error: { code: "binary_not_executable" } });
      expect(status.error?.message).toContain("chmod +x");
    },
  );
});

describe("paths with spaces and non-ASCII letters", () => {
  it("runs a binary and keeps its data under such folders", async () => {
    const root = join(tempDir(), "Program Files", "Öpen Cødé 日本");
    mkdirSync(root, { recursive: true });
    const binary = join(root, "fake opencode.mjs");
    copyFileSync(fakeOpencode, binary);
    copyFileSync(join(fakeOpencode, "..", "keeper.mjs"), join(root, "keeper.mjs"));
    chmodSync(binary, 0o755);
    const dataDir = join(root, "data dir é");
    const supervisor = fakeSupervisor("", { dataDir, binary: { override: binary }, cwd: root });
    const status = await supervisor.start();
    expect(status).toMatchObject({ state: "running", binary: { path: binary } });
    expect(existsSync(recordPath(dataDir))).toBe(true);
    await supervisor.stop();
    expect(readFileSync(join(dataDir, "logs", "sidecar.log"), "utf8")).toContain("is ready on port");
  });
});

// The run watcher: a test run killed from outside (its teardown never runs) still leaves no
// `opencode serve` behind. A stand-in for vitest's main process starts the watcher and a fake
// sidecar of its run (in a process group of its own, as the supervisor starts it), and is killed.
// After a teardown, one of vitest's own workers still closing is given time, not called a leak.
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { processOpsFor } from "@turnkey/sidecar";
import { afterEach, describe, expect, it } from "vitest";
import { fakeOpencode } from "../packages/sidecar/test/harness.ts";
import { runMarker } from "./strayOpencode.ts";

const repoRoot = join(import.meta.dirname, "..");
const watchModule = pathToFileURL(join(import.meta.dirname, "strayWatch.ts")).href;

/** vitest's main process, reduced to what matters: the watcher, a leaking worker's sidecar, a teardown on stdin. */
function standInRun(runId: string): ChildProcess {
  const script = `
    import { spawn } from "node:child_process";
    const { watchRun } = await import(${JSON.stringify(watchModule)});
    const watch = watchRun(${JSON.stringify(runId)});
    const server = spawn(process.execPath, [${JSON.stringify(fakeOpencode)}, "serve", "--port", "0"], {
      env: { ...process.env, ${runMarker}: ${JSON.stringify(runId)}, FAKE_OPENCODE: "" },
      detached: true,
      stdio: "ignore",
    });
    server.unref();
    // One of vitest's workers, which vitest closes a moment after its teardown.
    const worker = spawn(process.execPath, ["-e", "setInterval(() => undefined, 1 << 30)", "/x/node_modules/vitest/dist/workers/forks.js"], {
      env: { ...process.env, ${runMarker}: ${JSON.stringify(runId)} },
      stdio: "ignore",
    });
    console.log(JSON.stringify({ server: server.pid, watcher: watch.watcher.pid, worker: worker.pid }));
    process.stdin.on("data", () => {
      watch.release();
      setTimeout(() => worker.kill("SIGTERM"), 300);
    });
    setInterval(() => undefined, 1 << 30);
  `;
  return spawn(process.execPath, ["--import", "tsx", "--input-type=module", "--eval", script], {
    cwd: repoRoot,
    stdio: ["pipe", "pipe", "pipe"],
  });
}

/** Zombies count as gone: a killed child of a dead stand-in may wait for init to reap it. */
const alive = (pid: number) => processOpsFor().isAlive(pid);

/** Polls until `pid` is gone; the deadline is a safety net only (the watcher acts in well under a second). */
async function gone(pid: number): Promise<boolean> {
  for (const end = Date.now() + 30_000; Date.now() < end; await new Promise((r) => setTimeout(r, 50))) {
    if (!alive(pid)) return true;
  }
  return false;
}

/**
 * Waits until `pid` reads its stdin: libuv then has fd 0 in its epoll set, which /proc shows as a
 * `tfd: 0` line. So a teardown written after this reaches a watcher that is listening, not booting.
 */
async function readingStdin(pid: number): Promise<boolean> {
  for (const end = Date.now() + 30_000; Date.now() < end; await new Promise((r) => setTimeout(r, 20))) {
    try {
      for (const fd of readdirSync(`/proc/${pid}/fdinfo`)) {
        if (/^tfd:\s+0\s/m.test(readFileSync(`/proc/${pid}/fdinfo/${fd}`, "utf8"))) return true;
      }
    } catch {
      // a file gone meanwhile: look again
    }
  }
  return false;
}

const started: number[] = [];
afterEach(() => {
  for (const pid of started.splice(0)) if (alive(pid)) process.kill(pid, "SIGKILL");
});

async function launch(runId: string) {
  const run = standInRun(runId);
  let stderr = "";
  run.stderr?.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
  const [line] = (await once(run.stdout!.setEncoding("utf8"), "data")) as [string];
  const pids = JSON.parse(line) as { server: number; watcher: number; worker: number };
  started.push(pids.server, pids.watcher, pids.worker, run.pid!);
  return { run, pids, stderr: () => stderr };
}

describe.skipIf(process.platform !== "linux")("the run watcher (Linux: it reads /proc)", () => {
  it("kills the run's opencode when vitest dies without its teardown, and says so", async () => {
    const { run, pids, stderr } = await launch("killed-run");
    expect(alive(pids.server)).toBe(true);
    run.kill("SIGKILL");
    expect(await gone(pids.server)).toBe(true);
    expect(await gone(pids.watcher)).toBe(true);
    expect(stderr()).toContain("ended without its teardown");
    expect(stderr()).toContain(`pid ${pids.server} `);
  });

  it("after a teardown, kills what the run still left and exits; another run's process is left alone", async () => {
    const other = spawn(process.execPath, [fakeOpencode, "serve", "--port", "0"], {
      env: { ...process.env, [runMarker]: "another-run", FAKE_OPENCODE: "" },
      stdio: "ignore",
    });
    started.push(other.pid!);
    const { run, pids, stderr } = await launch("torn-down-run");
    expect(await readingStdin(pids.watcher)).toBe(true);
    run.stdin?.write("teardown\n");
    expect(await gone(pids.server)).toBe(true);
    expect(await gone(pids.watcher)).toBe(true);
    expect(alive(run.pid!)).toBe(true);
    expect(alive(other.pid!)).toBe(true);
    expect(stderr()).toContain("outlived the run's teardown");
    expect(stderr()).toContain(`pid ${pids.server} `);
    // vitest's own worker, closing after the teardown, is not called a leak.
    expect(await gone(pids.worker)).toBe(true);
    expect(stderr()).not.toContain(`pid ${pids.worker} `);
    run.kill("SIGKILL");
    other.kill("SIGKILL");
  });
});

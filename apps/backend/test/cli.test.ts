// `npm run serve` end to end, as a user runs it, with the real opencode binary.
import { type ChildProcess, spawn } from "node:child_process";
import { createServer } from "node:net";
import { join } from "node:path";
import { createTurnkeyClient } from "@turnkey/client";
import { afterEach, describe, expect, it } from "vitest";
import { descendantsOf, processOpsFor } from "../../../packages/sidecar/src/processTable.ts";
import { readSidecarRecord } from "../../../packages/sidecar/src/sidecarRecord.ts";
import { isolatedOpencodeEnv } from "../../../packages/sidecar/test/isolatedHome.ts";
import { onWindows, posixIt } from "../../../packages/sidecar/test/posixOnly.ts";
import { tempDir } from "./harness.ts";

const repoRoot = join(import.meta.dirname, "..", "..", "..");
const ops = processOpsFor();

interface Served {
  child: ChildProcess;
  readyLine: Promise<string>;
  stderr: () => string;
  exited: Promise<number | null>;
}

/** What serve() started, for afterEach: a failing or timed-out test must not leave npm, the backend or opencode running. */
const started: ChildProcess[] = [];
afterEach(async () => {
  const running = started.splice(0).filter((child) => child.exitCode === null && child.signalCode === null);
  if (running.length === 0) return;
  const table = await ops.list();
  for (const { pid } of running) {
    if (pid !== undefined) for (const each of [pid, ...descendantsOf(table, pid)]) ops.signal(each, "SIGKILL");
  }
});

function serve(args: string[], env: Record<string, string> = {}): Served {
  // npm is npm.cmd on Windows, which only a shell can start (Node's child_process docs, "Spawning
  // .bat and .cmd files on Windows"); the arguments here hold no spaces or quotes.
  const child = spawn(onWindows ? "npm.cmd" : "npm", ["run", "--silent", "serve", "--", ...args], {
    shell: onWindows,
    cwd: repoRoot,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  started.push(child);
  let stdout = "";
  let stderr = "";
  child.stderr!.on("data", (chunk) => (stderr += chunk));
  const readyLine = new Promise<string>((resolve, reject) => {
    child.stdout!.on("data", (chunk) => {
      stdout += chunk;
      const line = stdout.split("\n").find((l) => l.startsWith("OpenCode Turnkey ready at "));
      if (line) resolve(line);
    });
    child.once("exit", (code) => reject(new Error(`serve exited (${code}) before ready: ${stderr}`)));
  });
  readyLine.catch(() => undefined); // tests of failing starts await `exited` instead
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return { child, readyLine, stderr: () => stderr, exited };
}

/** Waits for a condition of the process table; bounded so a regression fails instead of hanging. */
async function until(predicate: () => boolean, what: string, timeoutMs = 45_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** `npm run serve` with the real opencode, driven over HTTP: start (joining the autostart), stop, start, restart. */
async function servedAndDriven(root: string) {
  const served = serve(
    ["--port", "0", "--data-dir", join(root, "data dir"), "--workdir", root],
    isolatedOpencodeEnv(root),
  );
  const line = await served.readyLine;
  const match = /^OpenCode Turnkey ready at (http:\/\/127\.0\.0\.1:(\d+))\/#token=([A-Za-z0-9_-]{43})$/.exec(line);
  expect(match, line).not.toBeNull();
  const [, url, , token] = match!;
  const client = createTurnkeyClient({ baseUrl: url!, token: token! });

  const running = await client.start(); // joins the autostart
  expect(running, served.stderr()).toMatchObject({ state: "running", binary: { source: "node_modules" } });
  expect((await client.stop()).state).toBe("stopped");
  expect((await client.start()).state).toBe("running");
  const restarted = await client.restart();
  expect(restarted.state).toBe("running");
  return { served, restarted };
}

describe("npm run serve", () => {
  posixIt(
    "prints one ready line, drives the real sidecar over HTTP, and SIGTERM leaves no process behind (POSIX: SIGTERM asks for a graceful stop; on Windows kill() is TerminateProcess)",
    async () => {
      const { served, restarted } = await servedAndDriven(tempDir("turnkey cli ü-"));
      const tree = [served.child.pid!, ...descendantsOf(await ops.list(), served.child.pid!)];
      expect(tree).toContain(restarted.pid);
      served.child.kill("SIGTERM");
      await until(() => tree.every((pid) => !ops.isAlive(pid)), "npm, the backend and opencode are all gone");
      expect(served.stderr()).toContain("stopping opencode");
    },
    // npm, the build check and the real opencode started three times: 60 s ran out at load 30.
    180_000,
  );

  // Windows has no polite signal (Node's process.kill docs: the process is "killed forcefully and
  // abruptly"), so what must hold is that a backend killed outright, as Task Manager's End task
  // does, takes opencode.exe with it, which its job object (JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE)
  // guarantees. (On Linux the same kill also ends opencode, run by hand once: not a job's proof.)
  it.runIf(onWindows)(
    "prints one ready line, drives the real sidecar, and a backend killed outright takes opencode.exe with it",
    async () => {
      const root = tempDir("turnkey cli ü-");
      const { served, restarted } = await servedAndDriven(root);
      const record = readSidecarRecord(join(root, "data dir"))!;
      expect(record.pid).toBe(restarted.pid);
      expect(record.backendPid).not.toBe(served.child.pid); // the backend itself, not npm's shell
      process.kill(record.backendPid);
      await until(() => !ops.isAlive(record.backendPid), "the backend is gone");
      await until(() => !ops.isAlive(restarted.pid!), "opencode.exe is gone with its backend");
      await served.exited;
    },
    180_000, // the real opencode.exe started three times, on a runner that scans each new process
  );

  it("names a port that is in use and exits with an error", async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, "127.0.0.1", resolve));
    const port = (blocker.address() as { port: number }).port;
    try {
      const served = serve(["--port", String(port), "--data-dir", tempDir(), "--no-autostart"]);
      expect(await served.exited).toBe(1);
      expect(served.stderr()).toContain(`Port ${port} on 127.0.0.1 is already in use`);
    } finally {
      blocker.close();
    }
  });

  it("refuses bad flags with a sentence and the usage", async () => {
    const served = serve(["--profile", "shared"]);
    expect(await served.exited).toBe(2);
    expect(served.stderr()).toContain('--profile must be "managed" or "inherit", not "shared"');
  });
});

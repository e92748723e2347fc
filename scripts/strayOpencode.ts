// A test run must not leave `opencode serve` behind (two did once, found an hour later): the
// product's reaper only covers data dirs it sees again, and test temp dirs never are. This is
// vitest's global setup: it marks the run with an id in the environment, which every worker,
// backend and sidecar of the run inherits (only TURNKEY_* variables are kept from sidecars), and
// its teardown ends each `opencode serve` (real or fake) that carries this run's id, with
// everything under it, and warns, so a leak is noticed and fixed rather than silently cleaned.
// Another run's servers (another worktree's, a user's opencode) never carry this id and are left
// alone. Linux only (it reads /proc); Windows CI checks for opencode.exe itself.
import { randomUUID } from "node:crypto";
import { readdirSync, readFileSync, readlinkSync } from "node:fs";
import { basename } from "node:path";
import { descendantsOf, processOpsFor } from "@turnkey/sidecar";
import { watchRun } from "./strayWatch.ts";

export const runMarker = "VITEST_TURNKEY_RUN";

export interface ProcessFacts {
  pid: number;
  argv: string[];
  env: Record<string, string>;
  cwd: string | null;
}

/** An opencode server: `opencode serve …`, the installed fixtures, or the fake sidecar script. */
function isOpencodeServer(argv: string[]): boolean {
  const program = argv.slice(0, 2).map((arg) => basename(arg));
  return argv.includes("serve") && program.some((name) => /^(fake-)?opencode(\.exe|\.mjs)?$/.test(name));
}

/** The servers among `processes` that this run started (they carry its id). */
export function strayServers(processes: readonly ProcessFacts[], runId: string): ProcessFacts[] {
  return processes.filter((p) => p.env[runMarker] === runId && isOpencodeServer(p.argv));
}

function nulList(file: string): string[] {
  return readFileSync(file, "utf8").split("\0").filter(Boolean);
}

/** What /proc says of each process of this user that can be read; the others are not ours. */
export function readProcesses(): ProcessFacts[] {
  const facts: ProcessFacts[] = [];
  let pids: string[];
  try {
    pids = readdirSync("/proc").filter((name) => /^\d+$/.test(name));
  } catch {
    return facts;
  }
  for (const name of pids) {
    const pid = Number(name);
    if (pid === process.pid) continue;
    try {
      const env = Object.fromEntries(
        nulList(`/proc/${pid}/environ`).map((pair) => [
          pair.slice(0, pair.indexOf("=")),
          pair.slice(pair.indexOf("=") + 1),
        ]),
      );
      let cwd: string | null = null;
      try {
        cwd = readlinkSync(`/proc/${pid}/cwd`);
      } catch {
        // gone meanwhile, or not readable
      }
      facts.push({ pid, argv: nulList(`/proc/${pid}/cmdline`), env, cwd });
    } catch {
      // another user's process, or gone
    }
  }
  return facts;
}

/** Kills this run's stray servers and their trees; returns what was found, for the warning. */
export async function endStrayServers(runId: string): Promise<ProcessFacts[]> {
  const stray = strayServers(readProcesses(), runId);
  if (stray.length === 0) return stray;
  const ops = processOpsFor();
  const table = await ops.list();
  for (const server of stray) {
    for (const pid of [server.pid, ...descendantsOf(table, server.pid)]) ops.signal(pid, "SIGKILL");
  }
  return stray;
}

/**
 * Kills every process that carries this run's id (workers, backends, chromium, opencode, git…)
 * with its tree: what the watcher does once the run's vitest is gone (strayWatch.ts).
 */
export async function endRunProcesses(runId: string): Promise<ProcessFacts[]> {
  const left = readProcesses().filter((p) => p.env[runMarker] === runId);
  if (left.length === 0) return left;
  const ops = processOpsFor();
  const table = await ops.list();
  for (const process of left) {
    for (const pid of [process.pid, ...descendantsOf(table, process.pid)]) ops.signal(pid, "SIGKILL");
  }
  return left;
}

export default function setup(): () => Promise<void> {
  const runId = randomUUID();
  process.env[runMarker] = runId;
  // Started before any worker, so it outlives a run that never reaches the teardown below.
  const watch = process.platform === "linux" ? watchRun(runId) : null;
  return async () => {
    const stray = await endStrayServers(runId);
    watch?.release();
    if (stray.length === 0) return;
    const lines = stray.map((p) => `  pid ${p.pid} in ${p.cwd ?? "?"}: ${p.argv.join(" ")}`);
    process.stderr.write(
      `\nWarning: ${stray.length} opencode server(s) outlived this test run and were killed now. A test leaks them: find which one stops its backend or supervisor too early.\n${lines.join("\n")}\n`,
    );
  };
}

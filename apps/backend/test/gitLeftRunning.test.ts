// git the backend started does not outlive it (review 5, L6): on POSIX git leads its own process
// group, so neither the backend's exit nor Ctrl+C ends it. A backend that closes ends every git
// still running; one that is killed (a crash) leaves each git's record, and the next backend ends
// what those name before it serves. Windows is not affected: git stays in libuv's kill-on-close job
// and ends with the backend (runGit.ts).
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, realpathSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { processOpsFor } from "@turnkey/sidecar";
import { afterEach, describe, expect, it } from "vitest";
import { tempDir, testBackend } from "./harness.ts";

const windows = process.platform === "win32";
const alive = (pid: number) => processOpsFor().isAlive(pid);
const git = (cwd: string, ...args: string[]) =>
  execFileSync("git", ["-c", "user.email=t@example.com", "-c", "user.name=T", ...args], { cwd, encoding: "utf8" });

const leftovers: number[] = [];
const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) child.kill("SIGKILL");
  for (const pid of leftovers.splice(0)) if (alive(pid)) process.kill(pid, "SIGKILL");
});

/** A repository whose remote's ssh hangs (as on an unreachable host): it writes its pid, then sleeps. */
function hangingPush(root: string) {
  const project = join(root, "project");
  mkdirSync(project, { recursive: true });
  git(project, "init", "-q", "-b", "main");
  writeFileSync(join(project, "notes.txt"), "alpha\n");
  git(project, "add", "-A");
  git(project, "commit", "-qm", "init");
  const pidFile = join(root, "ssh.pid");
  const hanging = join(root, "hanging-ssh");
  writeFileSync(hanging, `#!/bin/sh\necho $$ > '${pidFile}.tmp'\nmv '${pidFile}.tmp' '${pidFile}'\nexec sleep 600\n`);
  chmodSync(hanging, 0o755);
  git(project, "remote", "add", "origin", "ssh://git@example.invalid/repo.git");
  git(project, "config", "core.sshCommand", hanging);
  return { project, pidFile };
}

/** Polls for what an other process does (a safety deadline only). */
async function until<T>(what: string, check: () => T | undefined): Promise<T> {
  for (const end = Date.now() + 60_000; ; await new Promise((r) => setTimeout(r, 50))) {
    const value = check();
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error(`${what} never happened`);
  }
}

const push = (url: string, token: string) =>
  fetch(`${url}/api/sessions/ses_left/git/push`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: JSON.stringify({ publishTo: "origin" }),
  }).catch(() => null);

describe.skipIf(windows)("git left running (POSIX: git leads its own process group)", () => {
  it("is ended when the backend closes, the ssh under git included", async () => {
    const root = realpathSync(tempDir());
    const { project, pidFile } = hangingPush(root);
    const backend = await testBackend("", { supervisor: { env: { FAKE_SESSION_DIR: project } } });
    expect((await backend.supervisor.start()).state).toBe("running");
    const pushing = push(backend.url, backend.token);
    const sshPid = await until("the ssh stand-in's start", () =>
      existsSync(pidFile) ? Number(readFileSync(pidFile, "utf8")) : undefined,
    );
    leftovers.push(sshPid);
    expect(alive(sshPid)).toBe(true);
    await backend.close();
    expect(alive(sshPid)).toBe(false);
    await pushing;
  });

  it("is ended by the next backend when a backend is killed during a push", async () => {
    const root = realpathSync(tempDir());
    const { project, pidFile } = hangingPush(root);
    const dataDir = tempDir();
    const crashing = spawn(
      process.execPath,
      ["--import", "tsx", join(import.meta.dirname, "crashableBackend.ts"), dataDir, project],
      { cwd: join(import.meta.dirname, "..", "..", ".."), stdio: ["ignore", "pipe", "pipe"] },
    );
    children.push(crashing);
    let output = "";
    crashing.stdout?.on("data", (chunk) => (output += chunk));
    crashing.stderr?.on("data", (chunk) => (output += chunk));
    const [url, token] = await until("the backend's start", () => {
      const ready = /ready (\S+) (\S+)/.exec(output);
      if (crashing.exitCode !== null) throw new Error(`the backend exited: ${output}`);
      return ready ? [ready[1]!, ready[2]!] : undefined;
    });
    const start = await fetch(`${url}/api/sidecar/start`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: "{}",
    });
    expect(start.status).toBe(200);
    void push(url, token);
    const sshPid = await until("the ssh stand-in's start", () =>
      existsSync(pidFile) ? Number(readFileSync(pidFile, "utf8")) : undefined,
    );
    leftovers.push(sshPid);
    const records = readdirSync(join(dataDir, "git-running"));
    expect(records).toHaveLength(1); // the push's git (the reads before it have ended)
    const gitPid = Number.parseInt(records[0]!, 10);
    leftovers.push(gitPid);

    const exited = new Promise((resolve) => crashing.once("exit", resolve));
    crashing.kill("SIGKILL");
    await exited;
    // The crash ended neither git nor the ssh under it: they would push once the host answers.
    expect(alive(gitPid)).toBe(true);
    expect(alive(sshPid)).toBe(true);

    const next = await testBackend("", { dataDir, supervisor: { env: { FAKE_SESSION_DIR: project } } });
    expect(alive(gitPid)).toBe(false);
    expect(alive(sshPid)).toBe(false);
    expect(readdirSync(join(dataDir, "git-running"))).toEqual([]);
    const log = next.supervisor.logs.tail().map((l) => l.line);
    expect(log).toContain(`Ended git (pid ${gitPid}) left running by an earlier backend.`);
  });
});

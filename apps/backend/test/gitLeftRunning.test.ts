// git the backend started does not outlive it (review 5, L6): on POSIX git leads its own process
// group, so neither the backend's exit nor Ctrl+C ends it. A backend that closes ends every git
// still running; when one is killed (a crash), its watchdog ends them at once, and should the
// watchdog die with it, the next backend ends what the records name before it serves. On Windows
// git is in the backend's own kill-on-close job (gitJob.ts, review 6 W1): a killed backend leaves
// neither Git for Windows' launcher nor the real git under it, nor a hook.
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, realpathSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { descendantsOf, processOpsFor, readSidecarRecord } from "@turnkey/sidecar";
import { afterEach, describe, expect, it } from "vitest";
import { watchdogName } from "../src/git/gitWatchdog.ts";
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

/** A repository with one commit, "init", of notes.txt. */
function committedProject(root: string) {
  const project = join(root, "project");
  mkdirSync(project, { recursive: true });
  git(project, "init", "-q", "-b", "main");
  writeFileSync(join(project, "notes.txt"), "alpha\n");
  git(project, "add", "-A");
  git(project, "commit", "-qm", "init");
  return project;
}

/** The Files tab's commit of notes.txt, sent to a backend that will not answer it (killed meanwhile). */
const commitNotes = (backend: { url: string; token: string }) =>
  void fetch(`${backend.url}/api/sessions/ses_left/git/commit`, {
    method: "POST",
    headers: { authorization: `Bearer ${backend.token}`, "content-type": "application/json" },
    body: JSON.stringify({ message: "after the crash", paths: ["notes.txt"] }),
  }).catch(() => null);

/** A repository whose remote's ssh hangs (as on an unreachable host): it writes its pid, then sleeps. */
function hangingPush(root: string) {
  const project = committedProject(root);
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
    const sshPid = await pidIn(pidFile);
    expect(alive(sshPid)).toBe(true);
    await backend.close();
    expect(alive(sshPid)).toBe(false);
    await pushing;
  });

  it("is ended at once when the backend is killed during a push, the ssh under git included", async () => {
    const root = realpathSync(tempDir());
    const { project, pidFile } = hangingPush(root);
    const dataDir = tempDir();
    const crashing = await crashableBackend(dataDir, project);
    void push(crashing.url, crashing.token);
    const sshPid = await pidIn(pidFile);
    const gitPid = onlyRecord(dataDir); // the push's git (the reads before it have ended)
    expect(alive(gitPid)).toBe(true);
    await crashing.kill();
    // No backend runs now: the watchdog it left ends git and the ssh under it (SIGTERM: at once).
    await until("git's end", () => (alive(gitPid) || alive(sshPid) ? undefined : true));
  });

  it("is ended by the next backend when the watchdog died too, a commit's hook with it, leaving no .git/index.lock", async () => {
    const root = realpathSync(tempDir());
    const { project } = hangingPush(root);
    writeFileSync(join(project, "notes.txt"), "beta\n");
    const hookPidFile = join(root, "hook.pid");
    const hook = join(project, ".git", "hooks", "pre-commit");
    writeFileSync(
      hook,
      `#!/bin/sh\necho $$ > '${hookPidFile}.tmp'\nmv '${hookPidFile}.tmp' '${hookPidFile}'\nexec sleep 600\n`,
    );
    chmodSync(hook, 0o755);
    const dataDir = tempDir();
    const crashing = await crashableBackend(dataDir, project);
    commitNotes(crashing);
    const hookPid = await pidIn(hookPidFile);
    const gitPid = onlyRecord(dataDir);
    // The backend and its watchdog both killed (as the OOM killer or a `kill -9` of everything
    // would): git and its hook run on, git holding the index's lock.
    process.kill(await crashing.watchdog(), "SIGKILL"); // first: it acts the moment the backend dies
    await crashing.kill();
    expect(alive(gitPid)).toBe(true);
    expect(existsSync(join(project, ".git", "index.lock"))).toBe(true);

    const next = await testBackend("", { dataDir, supervisor: { env: { FAKE_SESSION_DIR: project } } });
    expect(alive(gitPid)).toBe(false);
    expect(alive(hookPid)).toBe(false);
    expect(readdirSync(join(dataDir, "git-running"))).toEqual([]);
    const log = next.supervisor.logs.tail().map((l) => l.line);
    expect(log).toContain(`Ended git (pid ${gitPid}) left running by an earlier backend.`);
    // Ended with SIGTERM, git removed its lock: the next commit (from here or a terminal) can run.
    expect(existsSync(join(project, ".git", "index.lock"))).toBe(false);
    expect(git(project, "log", "--format=%s").trim()).toBe("init");
  });
});

describe.runIf(windows)("git left running (Windows: git in the backend's own job, review 6 W1)", () => {
  it("a backend killed during a commit's hanging hook leaves no git and no hook process", async () => {
    const root = realpathSync(tempDir());
    const project = committedProject(root);
    writeFileSync(join(project, "notes.txt"), "beta\n");
    // The hook (run by Git for Windows' sh) starts node, which writes its Windows pid and hangs.
    const hookPidFile = join(root, "hook.pid");
    const hookJs = join(root, "hook.js");
    const fs = 'require("node:fs")';
    writeFileSync(
      hookJs,
      `${fs}.writeFileSync(${JSON.stringify(`${hookPidFile}.tmp`)}, String(process.pid));
${fs}.renameSync(${JSON.stringify(`${hookPidFile}.tmp`)}, ${JSON.stringify(hookPidFile)});
setInterval(() => {}, 1000);`,
    );
    const slash = (path: string) => path.replaceAll("\\", "/");
    writeFileSync(
      join(project, ".git", "hooks", "pre-commit"),
      `#!/bin/sh\n"${slash(process.execPath)}" "${slash(hookJs)}"\n`,
    );
    const dataDir = tempDir();
    const crashing = await crashableBackend(dataDir, project);
    commitNotes(crashing);
    const hookPid = await pidIn(hookPidFile);
    // Every process under the backend but OpenCode's (its own job): git (Git for Windows' launcher
    // and the real git, when PATH names the launcher), the hook's shell and the hook.
    const sidecar = readSidecarRecord(dataDir)?.pid;
    const table = await processOpsFor().list();
    const opencode = sidecar ? [sidecar, ...descendantsOf(table, sidecar)] : [];
    const tree = descendantsOf(table, crashing.pid).filter((pid) => !opencode.includes(pid));
    leftovers.push(...tree);
    expect(tree).toContain(hookPid);
    await crashing.kill();
    await until("the end of git's tree", () => (tree.some(alive) ? undefined : true));
    expect(git(project, "log", "--format=%s").trim()).toBe("init");
  });
});

/** A backend in a process of its own (crashableBackend.ts), OpenCode started, to be SIGKILLed. */
async function crashableBackend(dataDir: string, project: string) {
  const child = spawn(
    process.execPath,
    ["--import", "tsx", join(import.meta.dirname, "crashableBackend.ts"), dataDir, project],
    { cwd: join(import.meta.dirname, "..", "..", ".."), stdio: ["ignore", "pipe", "pipe"] },
  );
  children.push(child);
  let output = "";
  child.stdout?.on("data", (chunk) => (output += chunk));
  child.stderr?.on("data", (chunk) => (output += chunk));
  const [url, token] = await until("the backend's start", () => {
    const ready = /ready (\S+) (\S+)/.exec(output);
    if (child.exitCode !== null) throw new Error(`the backend exited: ${output}`);
    return ready ? [ready[1]!, ready[2]!] : undefined;
  });
  const start = await fetch(`${url}/api/sidecar/start`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: "{}",
  });
  expect(start.status).toBe(200);
  const exited = new Promise((resolve) => child.once("exit", resolve));
  return {
    url,
    token,
    pid: child.pid!,
    /** The backend's git watchdog (gitWatchdog.ts): its child sh, named by its $0. */
    watchdog: async () => {
      const ops = processOpsFor();
      for (const { pid, ppid } of await ops.list())
        if (ppid === child.pid && (await ops.commandLine(pid))?.includes(watchdogName)) return pid;
      throw new Error("the backend has no git watchdog");
    },
    kill: async () => {
      child.kill("SIGKILL");
      await exited;
      // Its OpenCode (the fake) is left too: ended after the test unless a next backend reaps it.
      const sidecar = readSidecarRecord(dataDir)?.pid;
      if (sidecar) leftovers.push(sidecar);
    },
  };
}

/** The pid a stand-in wrote (ssh, a hook), once it has started; ended after the test whatever happens. */
async function pidIn(file: string): Promise<number> {
  const pid = await until(`${file}'s writing`, () =>
    existsSync(file) ? Number(readFileSync(file, "utf8")) : undefined,
  );
  leftovers.push(pid);
  return pid;
}

/** The one git recorded as running in `dataDir`. */
function onlyRecord(dataDir: string): number {
  const records = readdirSync(join(dataDir, "git-running"));
  expect(records).toHaveLength(1);
  const pid = Number.parseInt(records[0]!, 10);
  leftovers.push(pid);
  return pid;
}

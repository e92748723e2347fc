// runGit's deadline covers git itself, not the drain after it exited (review 6, L4): a git that
// exits in time while a hook's background job holds its pipes is reported as finished, never as
// timed out. The clock is replaced, so which timer fires first is the test's choice, not the load's.
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gitStopWaitMs } from "@turnkey/contracts";
import { type ProcessOps, signalZeroAlive } from "@turnkey/sidecar";
import { afterEach, describe, expect, it, vi } from "vitest";
import { runGit } from "./runGit.ts";

/** Timers that fire only when the test says so. */
function manualTimers() {
  const pending = new Map<number, { ms: number; run: () => void }>();
  let next = 1;
  return {
    timers: {
      setTimeout: ((run: () => void, ms: number) => {
        pending.set(next, { ms, run });
        return next++;
      }) as unknown as typeof setTimeout,
      clearTimeout: ((id: number) => pending.delete(id)) as unknown as typeof clearTimeout,
    },
    /** The pending timer set for `ms`, if any. */
    find: (ms: number) => [...pending.entries()].find(([, t]) => t.ms === ms),
    fire(ms: number) {
      const found = this.find(ms);
      if (!found) return false;
      pending.delete(found[0]);
      found[1].run();
      return true;
    },
  };
}

/** Windows' process operations with a PowerShell that never answers: how often the tree was listed. */
function stuckWindowsOps() {
  let listed = 0;
  const ops: ProcessOps = {
    platform: "win32",
    list: () => {
      listed += 1;
      return new Promise(() => {});
    },
    isAlive: () => true,
    commandLine: async () => null,
    startTimeMs: async () => null,
    signal: () => undefined,
    run: () => new Promise(() => {}),
  };
  return { ops, listed: () => listed };
}

const made: string[] = [];
const groups: number[] = [];
afterEach(() => {
  for (const pid of groups.splice(0)) {
    // Its group on POSIX; the process alone when the test ran it as Windows would (no group).
    for (const target of [-pid, pid])
      try {
        process.kill(target, "SIGKILL");
      } catch {}
  }
  // On Windows a killed process leaves its folder (its cwd) busy for a moment: EBUSY/EPERM, retried.
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true, maxRetries: 10 });
});

/**
 * A stand-in git in a folder of its own (runGit never takes a git from the project folder) that
 * writes its pid, then runs `body`: the folder, its bin (for PATH) and the pid file.
 */
function standInGit(name: string, body: string) {
  const root = realpathSync(mkdtempSync(join(tmpdir(), `rungit-${name}-`)));
  made.push(root);
  const bin = join(root, "bin");
  mkdirSync(bin);
  const pidFile = join(root, "git.pid");
  writeFileSync(join(bin, "git"), `#!/bin/sh\necho $$ > '${pidFile}'\n${body}`);
  chmodSync(join(bin, "git"), 0o755);
  return { root, bin, pidFile };
}

describe.skipIf(process.platform === "win32")("runGit's deadline after git exited (review 6, L4)", () => {
  it("a git that exited before its deadline is reported as finished, though a hook's job still holds its pipes", async () => {
    // A stand-in git: it leaves a background job holding its stdout (as a hook's `make watch &`
    // does), says what it made, and exits 0 at once.
    const { root, bin, pidFile } = standInGit("drain", "(sleep 600) &\necho made\nexit 0\n");
    const clock = manualTimers();
    const deadlineMs = 60_000;
    const running = runGit(["commit"], {
      cwd: root,
      env: { PATH: `${bin}:/usr/bin:/bin` },
      deadlineMs,
      timers: clock.timers,
    });
    // git has exited once the drain (500 ms) is waiting for the pipes the job holds.
    await vi.waitFor(() => expect(clock.find(500)).toBeDefined(), { timeout: 30_000, interval: 20 });
    groups.push(Number(readFileSync(pidFile, "utf8")));
    // The deadline falls inside the drain: it must not count any more.
    clock.fire(deadlineMs);
    expect(clock.fire(500)).toBe(true);
    expect(await running).toMatchObject({ code: 0, timedOut: false, stdout: "made\n" });
  });
});

// Runs on windows-latest too: the git is Node itself with a script as its arguments (a shell script
// cannot be spawned there without cmd.exe), so the bound is checked against Windows' real spawn.
describe("runGit's stop on Windows, platform injected (review 13, R2)", () => {
  it("answers within gitStopWaitMs of the deadline though PowerShell's listing of git's tree never answers", async () => {
    // A stand-in git that writes its pid and never ends (a hook waiting on the network).
    const root = realpathSync(mkdtempSync(join(tmpdir(), "rungit-stop-")));
    made.push(root);
    const pidFile = join(root, "git.pid");
    const hang = `require("node:fs").writeFileSync(${JSON.stringify(pidFile)}, String(process.pid)); setTimeout(() => {}, 600_000);`;
    // Windows' stop lists the tree through PowerShell (windowsOps): here a listing that never answers.
    const stuck = stuckWindowsOps();
    const clock = manualTimers();
    const deadlineMs = 60_000;
    const running = runGit(["-e", hang], {
      cwd: root,
      env: process.env,
      deadlineMs,
      platform: "win32",
      isProgram: () => true,
      program: process.execPath,
      processOps: stuck.ops,
      timers: clock.timers,
    });
    await vi.waitFor(() => expect(readFileSync(pidFile, "utf8")).toMatch(/\d/), { timeout: 30_000, interval: 20 });
    groups.push(Number(readFileSync(pidFile, "utf8")));
    expect(clock.fire(deadlineMs)).toBe(true);
    await vi.waitFor(() => expect(stuck.listed()).toBe(1));
    // The stop's own wait, on the same clock: past it git's answer is given, the listing still stuck.
    expect(clock.fire(gitStopWaitMs)).toBe(true);
    expect(await running).toMatchObject({ code: null, timedOut: true });
  });
});

// The program is Node with a script (runs on windows-latest as well): what a caller's signal, the
// output cap and an argument Node refuses make of the answer.
describe("runGit's answer when it is cancelled, its output cut, or its arguments refused", () => {
  const node = (script: string, extra: Partial<Parameters<typeof runGit>[1]> = {}) => {
    const root = realpathSync(mkdtempSync(join(tmpdir(), "rungit-answer-")));
    made.push(root);
    const pidFile = join(root, "program.pid");
    const write = `require("node:fs").writeFileSync(${JSON.stringify(pidFile)}, String(process.pid));`;
    const running = runGit(["-e", `${write}${script}`], {
      cwd: root,
      env: process.env,
      deadlineMs: 600_000,
      isProgram: () => true,
      program: process.execPath,
      ...extra,
    });
    return { running, pidFile };
  };

  it("ends the program when the caller's signal aborts, and says it was cancelled, not timed out", async () => {
    const stop = new AbortController();
    const { running, pidFile } = node("setTimeout(() => {}, 600_000);", { signal: stop.signal });
    await vi.waitFor(() => expect(readFileSync(pidFile, "utf8")).toMatch(/\d/), { timeout: 30_000, interval: 20 });
    const pid = Number(readFileSync(pidFile, "utf8"));
    groups.push(pid);
    stop.abort();
    expect(await running).toMatchObject({ code: null, cancelled: true, timedOut: false });
    await vi.waitFor(() => expect(signalZeroAlive(pid)).toBe(false), { timeout: 10_000, interval: 20 });
  });

  it("ends a program that starts nothing (ripgrep) by itself, with no tree listing (PowerShell on Windows)", async () => {
    const stuck = stuckWindowsOps();
    const stop = new AbortController();
    const { running, pidFile } = node("setTimeout(() => {}, 600_000);", {
      signal: stop.signal,
      alone: true,
      platform: "win32",
      processOps: stuck.ops,
    });
    await vi.waitFor(() => expect(readFileSync(pidFile, "utf8")).toMatch(/\d/), { timeout: 30_000, interval: 20 });
    const pid = Number(readFileSync(pidFile, "utf8"));
    groups.push(pid);
    stop.abort();
    expect(await running).toMatchObject({ code: null, cancelled: true });
    expect(stuck.listed()).toBe(0);
    expect(signalZeroAlive(pid)).toBe(false);
  });

  it("starts nothing for a signal that has already aborted", async () => {
    const stop = new AbortController();
    stop.abort();
    const { running, pidFile } = node("", { signal: stop.signal });
    expect(await running).toMatchObject({ code: null, cancelled: true });
    expect(() => readFileSync(pidFile)).toThrow();
  });

  it("says the output was cut when the program wrote more than maxOutputChars, and not when it wrote less", async () => {
    const big = node(`process.stdout.write("x".repeat(200_000));`, { maxOutputChars: 1_000 });
    const cut = await big.running;
    expect(cut).toMatchObject({ code: 0, outputCut: true });
    expect(cut.stdout.length).toBeLessThan(200_000);
    const small = node(`process.stdout.write("x".repeat(500));`, { maxOutputChars: 1_000 });
    expect(await small.running).toMatchObject({ code: 0, outputCut: false, stdout: "x".repeat(500) });
  });

  it("answers, rather than throwing, for an argument Node refuses to pass (a NUL byte)", async () => {
    const { running } = node("\0");
    expect(await running).toMatchObject({ code: null, missing: false, cancelled: false });
    expect((await running).stderr).toMatch(/null bytes/);
  });
});

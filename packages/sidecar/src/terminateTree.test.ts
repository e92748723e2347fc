import { describe, expect, it } from "vitest";
import { fakeWindows, powershellPath, taskkillPath } from "../test/fakeWindows.ts";
import { descendantsOf, type ProcessOps, parsePidPairs, windowsOps, windowsSystemPaths } from "./processTable.ts";
import { terminateTree } from "./terminateTree.ts";
import { ProcessJob } from "./windowsJob.ts";

describe("descendantsOf", () => {
  it("walks the whole tree and ignores cycles and unrelated processes", () => {
    const entries = [
      { pid: 10, ppid: 1 },
      { pid: 11, ppid: 10 },
      { pid: 12, ppid: 11 },
      { pid: 13, ppid: 12 },
      { pid: 20, ppid: 1 },
      { pid: 14, ppid: 10 },
      { pid: 1, ppid: 1 },
    ];
    expect(descendantsOf(entries, 10).sort()).toEqual([11, 12, 13, 14]);
    expect(descendantsOf(entries, 20)).toEqual([]);
  });

  it("does not adopt a process whose parent pid was reused by a younger process", () => {
    // 30's real parent died; pid 10 now belongs to our sidecar, which started after 30 did.
    const entries = [
      { pid: 10, ppid: 1, startedAtMs: 5_000 },
      { pid: 30, ppid: 10, startedAtMs: 1_000 },
      { pid: 11, ppid: 10, startedAtMs: 6_000 },
    ];
    expect(descendantsOf(entries, 10)).toEqual([11]);
  });

  it("parses `ps` and PowerShell output, with creation times when given", () => {
    expect(parsePidPairs("  10     1\r\n11 10 1700000000123\n12 11 0\nheader\n\n")).toEqual([
      { pid: 10, ppid: 1 },
      { pid: 11, ppid: 10, startedAtMs: 1_700_000_000_123 },
      { pid: 12, ppid: 11 },
    ]);
  });
});

describe("Windows system tools", () => {
  it("are run by absolute System32 path, never by bare name", () => {
    expect(windowsSystemPaths({ SystemRoot: "D:\\WinNT" })).toEqual({
      taskkill: "D:\\WinNT\\System32\\taskkill.exe",
      powershell: "D:\\WinNT\\System32\\WindowsPowerShell\\v1.0\\powershell.exe",
    });
    expect(windowsSystemPaths({}).taskkill).toBe(taskkillPath);
  });

  it("asks PowerShell for UTF-8 and creation times when listing", async () => {
    const calls: string[][] = [];
    const ops = windowsOps(
      async (file, args) => {
        calls.push([file, ...args]);
        return { code: 0, stdout: "4 0 0\r\n100 4 1700000000000\r\n" };
      },
      { SystemRoot: "C:\\Windows" },
    );
    expect(await ops.list()).toEqual([
      { pid: 4, ppid: 0 },
      { pid: 100, ppid: 4, startedAtMs: 1_700_000_000_000 },
    ]);
    expect(calls[0]![0]).toBe(powershellPath);
    expect(calls[0]!.at(-1)).toContain("[Console]::OutputEncoding = New-Object System.Text.UTF8Encoding $false");
    expect(calls[0]!.at(-1)).toContain("ToUnixTimeMilliseconds");
  });
});

describe("terminateTree on Windows", () => {
  it("ends a console-program tree with /T /F at once, without waiting out the grace period", async () => {
    const win = fakeWindows({ 100: { ppid: 1 }, 101: { ppid: 100 }, 102: { ppid: 101 } });
    const result = await terminateTree(100, {
      ops: win.ops,
      graceful: true,
      graceMs: 5_000,
      sleep: win.sleep,
      now: win.now,
    });
    expect(result).toMatchObject({ forced: true, survivors: [] });
    expect(win.alivePids()).toEqual([]);
    expect(win.commands.filter((c) => c.includes("taskkill"))).toEqual([`${taskkillPath} /PID 100 /T /F`]);
    // One poll after the kill, not 5 s of waiting for a polite step that cannot work.
    expect(win.clock.now).toBeLessThan(100);
  });

  it("lists the processes at most once a second while a slow tree dies", async () => {
    const win = fakeWindows({
      100: { ppid: 1, dyingMs: 4_000 },
      101: { ppid: 100, dyingMs: 4_000 },
    });
    const result = await terminateTree(100, {
      ops: win.ops,
      graceful: true,
      graceMs: 5_000,
      sleep: win.sleep,
      now: win.now,
    });
    expect(result.survivors).toEqual([]);
    expect(win.clock.now).toBeGreaterThanOrEqual(4_000);
    // One listing up front, then at most one per second of waiting.
    expect(win.listings()).toBeLessThanOrEqual(1 + Math.ceil(win.clock.now / 1_000));
    expect(win.listings()).toBeGreaterThanOrEqual(2);
  });

  it("adopts a child that appears while the tree dies, at the next listing", async () => {
    const win = fakeWindows({ 100: { ppid: 1, dyingMs: 1_500 } });
    let spawned = false;
    const sleep = async (ms: number) => {
      await win.sleep(ms);
      if (!spawned && win.clock.now >= 500) {
        spawned = true;
        win.spawn(200, { ppid: 100 }); // forked after the kill was sent
      }
    };
    const result = await terminateTree(100, { ops: win.ops, graceful: false, graceMs: 0, sleep, now: win.now });
    expect(result.members).toContain(200);
    expect(win.commands).toContain(`${taskkillPath} /PID 200 /T /F`);
    expect(result.survivors).toEqual([]);
  });

  it("kills descendants whose root already died (orphaned children keep no parent link)", async () => {
    const win = fakeWindows({ 101: { ppid: 100 }, 102: { ppid: 101 } });
    const result = await terminateTree(101, {
      ops: win.ops,
      graceful: false,
      graceMs: 0,
      sleep: win.sleep,
      now: win.now,
    });
    expect(win.commands).toContain(`${taskkillPath} /PID 101 /T /F`);
    expect(result.survivors).toEqual([]);
    expect(win.alivePids()).toEqual([]);
  });

  it("with a job object: ends the whole job at once, re-parented grandchildren included, with no helper process", async () => {
    const win = fakeWindows({ 100: { ppid: 1 }, 101: { ppid: 100 } });
    const job = ProcessJob.create(win.binding);
    job.adopt(100);
    // A tool's dev server whose parent (101) exits: no longer under 100 in any listing, still in the job.
    win.spawn(102, { ppid: 101 });
    job.adopt(102);
    win.exit(101);
    const result = await terminateTree(100, {
      ops: win.ops,
      graceful: true,
      graceMs: 5_000,
      job,
      sleep: win.sleep,
      now: win.now,
    });
    expect(result).toMatchObject({ forced: true, survivors: [] });
    expect(result.members.sort()).toEqual([100, 102]);
    expect(win.alivePids()).toEqual([]);
    expect(win.commands).toEqual([]); // neither PowerShell nor taskkill
  });

  it("falls back to taskkill when the job cannot be terminated", async () => {
    const win = fakeWindows({ 100: { ppid: 1 }, 101: { ppid: 100 } });
    const job = ProcessJob.create({
      ...win.binding,
      terminate: () => {
        throw new Error("TerminateJobObject failed (Windows error 5)");
      },
    });
    job.adopt(100);
    const result = await terminateTree(100, {
      ops: win.ops,
      graceful: true,
      graceMs: 5_000,
      job,
      sleep: win.sleep,
      now: win.now,
    });
    expect(result.survivors).toEqual([]);
    expect(win.commands.some((c) => c.startsWith(`${taskkillPath} /PID 100 /T /F`))).toBe(true);
  });

  it("reports survivors instead of pretending", async () => {
    const ops: ProcessOps = { ...windowsOps(async () => ({ code: 1, stdout: "" })), isAlive: () => true };
    let clock = 0;
    const result = await terminateTree(7, {
      ops,
      graceful: false,
      graceMs: 0,
      forceWaitMs: 100,
      pollMs: 10,
      now: () => clock,
      sleep: async (ms) => {
        clock += ms;
      },
    });
    expect(result.survivors).toEqual([7]);
  });
});

describe("terminateTree on Linux", () => {
  it("waits for the process group of a root that already died: its children were re-parented to init", async () => {
    // The sidecar (100) crashed; its grandchild (101) now belongs to init but is still in group 100.
    const alive = new Set([101]);
    const signals: [number, string][] = [];
    const ops: ProcessOps = {
      platform: "linux",
      list: async () => [...alive].map((pid) => ({ pid, ppid: 1, pgid: 100 })),
      isAlive: (pid) => alive.has(pid),
      commandLine: async () => null,
      startTimeMs: async () => null,
      signal: (pid, signal) => {
        signals.push([pid, signal]);
        if (signal === "SIGKILL" && pid === -100) alive.delete(101);
      },
      run: async () => ({ code: 0, stdout: "" }),
    };
    const result = await terminateTree(100, {
      ops,
      graceful: false,
      graceMs: 0,
      processGroup: true,
      sleep: async () => undefined,
    });
    expect(result).toMatchObject({ forced: true, survivors: [] });
    expect(result.members).toContain(101);
    expect(signals).toContainEqual([-100, "SIGKILL"]);
  });

  /**
   * A Linux process table: `alive`, each under init in a group of its own unless `list` says
   * otherwise; SIGTERM ends a process; every signal is noted in `signals`.
   */
  const linuxTable = (
    alive: Set<number>,
    environment: (pid: number) => Promise<string[] | null>,
    signals: [number, string][] = [],
    list = async () => [...alive].map((pid) => ({ pid, ppid: 1, pgid: pid })),
  ): ProcessOps => ({
    platform: "linux",
    list,
    isAlive: (pid) => alive.has(pid),
    commandLine: async () => null,
    environment,
    startTimeMs: async () => null,
    signal: (pid, signal) => {
      signals.push([pid, signal]);
      if (signal === "SIGTERM") alive.delete(Math.abs(pid));
    },
    run: async () => ({ code: 0, stdout: "" }),
  });
  /** A graceful stop of sidecar 100's group, with our mark. */
  const stopMarked = (ops: ProcessOps, extra: Partial<Parameters<typeof terminateTree>[1]> = {}) =>
    terminateTree(100, {
      ops,
      graceful: true,
      graceMs: 1_000,
      processGroup: true,
      mark: "TURNKEY_SIDECAR_TREE=ours",
      sleep: async () => undefined,
      ...extra,
    });

  it("ends what left the tree but carries its mark (a tool's `(sleep 600 &)`), and nothing carrying another's", async () => {
    // 300 was started by a tool of this sidecar (100) and re-parented to init in a group of its
    // own; 400 carries another sidecar's mark; 500 carries none.
    const alive = new Set([100, 300, 400, 500]);
    const environments: Record<number, string[]> = {
      300: ["PATH=/usr/bin", "TURNKEY_SIDECAR_TREE=ours"],
      400: ["TURNKEY_SIDECAR_TREE=theirs"],
      500: ["PATH=/usr/bin"],
    };
    const signals: [number, string][] = [];
    const result = await stopMarked(linuxTable(alive, async (pid) => environments[pid] ?? null, signals));
    expect(result).toMatchObject({ forced: false, survivors: [] });
    expect(result.members.sort()).toEqual([100, 300]);
    expect(signals).toContainEqual([300, "SIGTERM"]);
    expect([...alive].sort()).toEqual([400, 500]);
  });

  it("still ends its tree when a process's environment cannot be read (stuck on a dead mount), and marked ones after it", async () => {
    // 200's environment does not answer (its read waits on the process's memory map) until the
    // test lets it; 300 carries the mark.
    const alive = new Set([100, 200, 300]);
    const reads: number[] = [];
    const signals: [number, string][] = [];
    let answer200 = () => undefined as unknown;
    const ops = linuxTable(
      alive,
      (pid) => {
        reads.push(pid);
        return pid === 200
          ? new Promise<null>((resolve) => {
              answer200 = () => resolve(null);
            })
          : Promise.resolve(["TURNKEY_SIDECAR_TREE=ours"]);
      },
      signals,
    );
    const stop = () => stopMarked(ops, { environmentReadMs: 5, ownEnv: {} });
    const result = await stop();
    expect(result).toMatchObject({ forced: false, survivors: [] });
    expect(result.members.sort()).toEqual([100, 300]);
    expect(signals).toContainEqual([300, "SIGTERM"]);
    expect(alive).toEqual(new Set([200]));
    // A later stop does not wait on that process's environment again while its read is out…
    alive.add(100);
    reads.length = 0;
    await stop();
    expect(reads).not.toContain(200);
    // …and reads it once that read has answered.
    answer200();
    await new Promise((resolve) => setImmediate(resolve));
    alive.add(100);
    reads.length = 0;
    await stop();
    expect(reads).toContain(200);
    answer200(); // that read is out again: let it answer, so the next test starts with none out
  });

  it("starts no more environment reads while two are stuck: each holds one of node's few I/O threads", async () => {
    // 200, 201 and 202 do not answer until their processes come unstuck; 300 carries the mark.
    const alive = new Set([100, 200, 201, 202, 300]);
    const reads: number[] = [];
    const release: (() => void)[] = [];
    let stuck = true;
    const ops = linuxTable(alive, (pid) => {
      reads.push(pid);
      if (pid === 300) return Promise.resolve(["TURNKEY_SIDECAR_TREE=ours"]);
      return stuck ? new Promise<null>((resolve) => release.push(() => resolve(null))) : Promise.resolve(null);
    });
    const stop = () => stopMarked(ops, { environmentReadMs: 5, ownEnv: {} });
    const result = await stop();
    expect(result).toMatchObject({ forced: false, survivors: [] });
    expect(reads).toEqual([200, 201]); // then no more: 202 and the marked 300 are not read in this stop
    expect(result.members).toEqual([100]);
    // Once the stuck reads answer, the next stop reads again and finds the mark.
    stuck = false;
    for (const answer of release.splice(0)) answer();
    await new Promise((resolve) => setImmediate(resolve));
    alive.add(100);
    const later = await stop();
    expect(later.members.sort()).toEqual([100, 300]);
  });

  it("uses no mark that this process carries itself: it would name the app's own family", async () => {
    // The app was started from a terminal of that sidecar: its renderer (600) inherited the mark too.
    const alive = new Set([100, 600]);
    const ops = linuxTable(alive, async () => ["TURNKEY_SIDECAR_TREE=ours"]);
    const result = await stopMarked(ops, { ownEnv: { TURNKEY_SIDECAR_TREE: "ours" } });
    expect(result.members).toEqual([100]);
    expect(alive).toEqual(new Set([600]));
  });

  it("never ends this process nor what it runs under, even when they carry the mark", async () => {
    // This backend was started from a terminal of the sidecar being stopped: it and its parent inherited the mark.
    const self = process.pid;
    const parent = 7_001;
    const alive = new Set([100, self, parent]);
    const signals: [number, string][] = [];
    const ops = linuxTable(
      alive,
      async () => ["TURNKEY_SIDECAR_TREE=ours"],
      signals,
      async () => [
        { pid: 100, ppid: 1, pgid: 100 },
        { pid: parent, ppid: 1, pgid: parent },
        { pid: self, ppid: parent, pgid: parent },
      ],
    );
    const result = await stopMarked(ops);
    expect(result.members).toEqual([100]);
    expect(signals.map(([pid]) => Math.abs(pid))).not.toContain(self);
    expect(signals.map(([pid]) => pid)).not.toContain(parent);
  });
});

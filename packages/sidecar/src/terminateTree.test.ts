import { describe, expect, it } from "vitest";
import { descendantsOf, type ProcessOps, parsePidPairs, windowsOps } from "./processTable.ts";
import { terminateTree } from "./terminateTree.ts";

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

  it("parses `ps` and PowerShell output", () => {
    expect(parsePidPairs("  10     1\r\n11 10\nheader\n\n")).toEqual([
      { pid: 10, ppid: 1 },
      { pid: 11, ppid: 10 },
    ]);
  });
});

/** A pretend Windows: taskkill /T without /F does nothing to console programs; with /F it kills the tree. */
function fakeWindows(tree: Record<number, number>) {
  const live = new Set(Object.keys(tree).map(Number));
  const commands: string[] = [];
  const run: ProcessOps["run"] = async (file, args) => {
    commands.push([file, ...args].join(" "));
    if (file === "taskkill" && args.includes("/F")) {
      const root = Number(args[args.indexOf("/PID") + 1]);
      const doomed = [root, ...descendantsOf(list(), root)];
      for (const pid of doomed) live.delete(pid);
    }
    if (file === "powershell.exe")
      return {
        code: 0,
        stdout: list()
          .map((e) => `${e.pid} ${e.ppid}`)
          .join("\r\n"),
      };
    return { code: 0, stdout: "" };
  };
  const list = () => [...live].map((pid) => ({ pid, ppid: tree[pid]! }));
  const ops: ProcessOps = { ...windowsOps(run), isAlive: (pid) => live.has(pid) };
  return { ops, commands, live };
}

describe("terminateTree on Windows", () => {
  it("asks with taskkill /T, then forces with taskkill /T /F, and waits until all are gone", async () => {
    const { ops, commands, live } = fakeWindows({ 100: 1, 101: 100, 102: 101 });
    const result = await terminateTree(100, { ops, graceful: true, graceMs: 50, pollMs: 1, sleep: async () => {} });
    expect(commands.filter((c) => c.startsWith("taskkill"))).toEqual([
      "taskkill /PID 100 /T",
      "taskkill /PID 100 /T /F",
    ]);
    expect(result).toMatchObject({ forced: true, survivors: [] });
    expect(live.size).toBe(0);
  });

  it("kills descendants whose root already died (orphaned children keep no parent link)", async () => {
    const { ops, commands, live } = fakeWindows({ 101: 100, 102: 101 });
    // 100 is gone: the snapshot holds 101 only if we ask for it by pid; terminate from 101.
    const result = await terminateTree(101, { ops, graceful: false, graceMs: 0, pollMs: 1, sleep: async () => {} });
    expect(commands).toContain("taskkill /PID 101 /T /F");
    expect(result.survivors).toEqual([]);
    expect(live.size).toBe(0);
  });

  it("reports survivors instead of pretending", async () => {
    const ops: ProcessOps = { ...windowsOps(async () => ({ code: 1, stdout: "" })), isAlive: () => true };
    let clock = 0;
    const realNow = Date.now;
    Date.now = () => clock;
    try {
      const result = await terminateTree(7, {
        ops,
        graceful: false,
        graceMs: 0,
        forceWaitMs: 100,
        pollMs: 10,
        sleep: async (ms) => {
          clock += ms;
        },
      });
      expect(result.survivors).toEqual([7]);
    } finally {
      Date.now = realNow;
    }
  });
});

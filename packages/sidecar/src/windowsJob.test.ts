import { spawn } from "node:child_process";
import { once } from "node:events";
import { describe, expect, it, vi } from "vitest";
import { fakeWindows } from "../test/fakeWindows.ts";
import { loadJobBinding, ProcessJob } from "./windowsJob.ts";
import { jobStructs } from "./windowsJobKoffi.ts";

describe("ProcessJob", () => {
  it("holds what it adopts and everything those start, and ends them at once", () => {
    const win = fakeWindows({ 10: { ppid: 1 }, 11: { ppid: 10 }, 99: { ppid: 1 } });
    const job = ProcessJob.create(win.binding);
    job.adopt(10);
    expect(job.pids().sort()).toEqual([10, 11]);
    job.terminate();
    expect(win.alivePids()).toEqual([99]);
  });

  it("closing the last handle ends the job's processes (kill on job close), and a closed job lists nothing", () => {
    const win = fakeWindows({ 10: { ppid: 1 } });
    const job = ProcessJob.create(win.binding);
    job.adopt(10);
    job.close();
    expect(win.alivePids()).toEqual([]);
    expect(job.pids()).toEqual([]);
    job.close(); // idempotent
  });
});

describe("the koffi binding", () => {
  it("lays out JOBOBJECT_EXTENDED_LIMIT_INFORMATION as Windows x64 does (144 bytes)", async () => {
    const koffi = (await import("koffi")).default;
    const { basic, io, extended } = jobStructs();
    expect(koffi.sizeof(basic)).toBe(64);
    expect(koffi.sizeof(io)).toBe(48);
    expect(koffi.sizeof(extended)).toBe(144);
    expect(koffi.offsetof(extended, "ProcessMemoryLimit")).toBe(112);
  });

  it.skipIf(process.platform === "win32")(
    "is not loaded off Windows, and a binding that cannot load means no job, not a crash",
    async () => {
      expect(await loadJobBinding("linux")).toBeNull();
      const lines: string[] = [];
      // Here kernel32.dll does not exist, like a damaged install on Windows.
      expect(await loadJobBinding("win32", (line) => lines.push(line))).toBeNull();
      expect(lines[0]).toMatch(/Windows job objects are unavailable .*stops list the process tree instead/);
    },
  );
});

// On Windows (the CI workflow): a real job, a real process tree.
describe.runIf(process.platform === "win32")("a real job object", () => {
  it("holds a child and the grandchild it starts afterwards, and ends both at once", async () => {
    const binding = await loadJobBinding("win32");
    expect(binding).not.toBeNull();
    const job = ProcessJob.create(binding!);
    // The child starts its grandchild only once it is in the job (a line on stdin).
    const child = spawn(
      process.execPath,
      [
        "-e",
        `process.stdin.once("data", () => {
          const g = require("node:child_process").spawn(process.execPath, ["-e", "setInterval(() => {}, 1000)"]);
          console.log(g.pid);
        }); setInterval(() => {}, 1000);`,
      ],
      { stdio: ["pipe", "pipe", "inherit"] },
    );
    try {
      job.adopt(child.pid!);
      child.stdin!.write("go\n");
      const [line] = (await once(child.stdout!, "data")) as [Buffer];
      const grandchild = Number(String(line).trim());
      expect(job.pids().sort()).toEqual([child.pid, grandchild].sort());
      job.terminate();
      await once(child, "exit");
      await vi.waitFor(() => expect(() => process.kill(grandchild, 0)).toThrow(), { timeout: 5_000 });
    } finally {
      job.close();
      child.kill();
    }
  });
});

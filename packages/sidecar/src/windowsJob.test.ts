import { describe, expect, it } from "vitest";
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

  it("is not loaded off Windows, and a binding that cannot load means no job, not a crash", async () => {
    expect(await loadJobBinding("linux")).toBeNull();
    const lines: string[] = [];
    // Here kernel32.dll does not exist, like a damaged install on Windows.
    expect(await loadJobBinding("win32", (line) => lines.push(line))).toBeNull();
    expect(lines[0]).toMatch(/Windows job objects are unavailable .*stops list the process tree instead/);
  });
});

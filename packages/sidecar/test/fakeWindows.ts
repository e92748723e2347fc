// A pretend Windows for tree and reaper tests, built on what Windows documents: `taskkill /T`
// without /F does nothing to a console program that has no window; with /F it ends the tree;
// Windows PowerShell writes to a pipe in the OEM code page (850 here) unless the script sets
// [Console]::OutputEncoding; a job object ends every process in it. Time is a fake clock.
import { decodeOutput, descendantsOf, type ProcessOps, windowsOps } from "../src/processTable.ts";
import type { JobBinding } from "../src/windowsJob.ts";

export interface FakeProcess {
  ppid: number;
  commandLine?: string;
  startedAtMs?: number;
  /** Dies only this many fake ms after a forced kill (0 = at once). */
  dyingMs?: number;
}

/** Code page 850 for the letters the tests use; anything else becomes "?". */
const cp850: Record<string, number> = { ë: 0x89, é: 0x82, ü: 0x81 };
function encodeOem(text: string): Uint8Array {
  return Uint8Array.from([...text].map((c) => (c.charCodeAt(0) < 0x80 ? c.charCodeAt(0) : (cp850[c] ?? 0x3f))));
}

export const systemRoot = "C:\\Windows";
export const taskkillPath = "C:\\Windows\\System32\\taskkill.exe";
export const powershellPath = "C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe";

export function fakeWindows(tree: Record<number, FakeProcess>) {
  const procs = new Map(Object.entries(tree).map(([pid, p]) => [Number(pid), { ...p }]));
  const diesAt = new Map<number, number>();
  const clock = { now: 0 };
  const commands: string[] = [];
  let listings = 0;

  const isAlive = (pid: number) => {
    const at = diesAt.get(pid);
    if (at !== undefined && clock.now >= at) procs.delete(pid);
    return procs.has(pid);
  };
  const entries = () =>
    [...procs.keys()]
      .filter(isAlive)
      .map((pid) => ({ pid, ppid: procs.get(pid)!.ppid, startedAtMs: procs.get(pid)!.startedAtMs }));
  const forceKill = (pid: number) => {
    if (!diesAt.has(pid)) diesAt.set(pid, clock.now + (procs.get(pid)?.dyingMs ?? 0));
  };
  /** What PowerShell would print for a script, in the encoding the script chose. */
  const powershell = (script: string): Uint8Array => {
    const one = /ProcessId=(\d+)/.exec(script);
    let text: string;
    if (one) {
      const p = procs.get(Number(one[1]));
      text =
        !p || !isAlive(Number(one[1]))
          ? ""
          : script.includes("CommandLine")
            ? (p.commandLine ?? "")
            : String(p.startedAtMs ?? 0);
    } else {
      listings++;
      text = entries()
        .map((e) => `${e.pid} ${e.ppid} ${e.startedAtMs ?? 0}`)
        .join("\r\n");
    }
    const utf8 = script.includes("[Console]::OutputEncoding = New-Object System.Text.UTF8Encoding $false");
    return utf8 ? new TextEncoder().encode(text) : encodeOem(text);
  };

  const run: ProcessOps["run"] = async (file, args) => {
    commands.push([file, ...args].join(" "));
    if (file === taskkillPath && args.includes("/F")) {
      const root = Number(args[args.indexOf("/PID") + 1]);
      if (args.includes("/T")) for (const pid of descendantsOf(entries(), root)) forceKill(pid);
      forceKill(root);
      return { code: 0, stdout: "" };
    }
    if (file === taskkillPath) return { code: 0, stdout: "" }; // WM_CLOSE to a windowless console program: nothing
    if (file === powershellPath) return { code: 0, stdout: decodeOutput(powershell(args.at(-1) ?? "")) };
    return { code: 1, stdout: "" }; // a bare name is not found: only absolute paths work here
  };

  const ops: ProcessOps = { ...windowsOps(run, { SystemRoot: systemRoot }), isAlive };
  const sleep = async (ms: number) => {
    clock.now += ms;
  };

  /** A job holding the given pids and everything they start (as a job with no breakaway does). */
  const jobs: number[][] = [];
  const binding: JobBinding = {
    createKillOnCloseJob: () => {
      jobs.push([]);
      return jobs.length - 1;
    },
    assign: (job, pid) => {
      jobs[job as number]!.push(pid, ...descendantsOf(entries(), pid));
    },
    processIds: (job) => jobs[job as number]!.filter(isAlive),
    terminate: (job) => {
      for (const pid of jobs[job as number]!) forceKill(pid);
    },
    close: (job) => {
      for (const pid of jobs[job as number]!) forceKill(pid);
    },
  };

  return {
    ops,
    commands,
    clock,
    sleep,
    now: () => clock.now,
    binding,
    listings: () => listings,
    alivePids: () => entries().map((e) => e.pid),
    /** A process starts (e.g. a grandchild spawned by a tool). */
    spawn: (pid: number, p: FakeProcess) => procs.set(pid, p),
    exit: (pid: number) => procs.delete(pid),
  };
}

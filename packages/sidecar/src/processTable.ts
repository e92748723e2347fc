// What the supervisor needs to know about processes it did not start directly: the tree under a
// pid, whether a pid is alive, and its command line (for the orphan reaper). One implementation
// per platform behind one interface, so tree and reaper logic is tested with any platform.
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { readdir, readFile } from "node:fs/promises";

export interface ProcessEntry {
  pid: number;
  ppid: number;
}

export interface ProcessOps {
  platform: NodeJS.Platform;
  list(): Promise<ProcessEntry[]>;
  isAlive(pid: number): boolean;
  commandLine(pid: number): Promise<string | null>;
  /** POSIX signals; a pid that is already gone is not an error. Negative pid = process group. */
  signal(pid: number, signal: NodeJS.Signals): void;
  run(file: string, args: string[]): Promise<{ code: number | null; stdout: string }>;
}

/** Every descendant of `root` in a process list snapshot, breadth first. Pure. */
export function descendantsOf(entries: readonly ProcessEntry[], root: number): number[] {
  const children = new Map<number, number[]>();
  for (const { pid, ppid } of entries) {
    if (pid === ppid) continue;
    const list = children.get(ppid) ?? [];
    list.push(pid);
    children.set(ppid, list);
  }
  const out: number[] = [];
  const seen = new Set([root]);
  const queue = [root];
  while (queue.length > 0) {
    for (const child of children.get(queue.shift()!) ?? []) {
      if (seen.has(child)) continue;
      seen.add(child);
      out.push(child);
      queue.push(child);
    }
  }
  return out;
}

function runFile(file: string, args: string[]): Promise<{ code: number | null; stdout: string }> {
  return new Promise((resolve) => {
    execFile(file, args, { windowsHide: true, maxBuffer: 16 * 1024 * 1024 }, (error, stdout) => {
      const code = error ? (typeof error.code === "number" ? error.code : 1) : 0;
      resolve({ code, stdout: String(stdout) });
    });
  });
}

/** Signal 0 checks a pid exists; EPERM means it does, owned by someone else. */
export function signalZeroAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

function signalQuietly(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch {
    // ESRCH: already gone. EPERM: not ours to kill; the caller sees it alive and reports it.
  }
}

/** Linux reads /proc directly: no `ps` process per look, and zombies count as dead. */
const linuxOps: ProcessOps = {
  platform: "linux",
  async list() {
    const out: ProcessEntry[] = [];
    for (const name of await readdir("/proc")) {
      if (!/^\d+$/.test(name)) continue;
      try {
        const stat = await readFile(`/proc/${name}/stat`, "utf8");
        const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
        if (fields[0] === "Z") continue;
        out.push({ pid: Number(name), ppid: Number(fields[1]) });
      } catch {
        // exited while we looked
      }
    }
    return out;
  },
  isAlive(pid) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      // A zombie has exited; only its parent's bookkeeping remains (PID 1 may never reap it here).
      return stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3) !== "Z";
    } catch {
      return false;
    }
  },
  async commandLine(pid) {
    try {
      const raw = await readFile(`/proc/${pid}/cmdline`, "utf8");
      return raw.split("\0").filter(Boolean).join(" ");
    } catch {
      return null;
    }
  },
  signal: signalQuietly,
  run: runFile,
};

function posixPsOps(platform: NodeJS.Platform): ProcessOps {
  return {
    platform,
    async list() {
      const { stdout } = await runFile("ps", ["-A", "-o", "pid=,ppid="]);
      return parsePidPairs(stdout);
    },
    isAlive: signalZeroAlive,
    async commandLine(pid) {
      const { code, stdout } = await runFile("ps", ["-o", "command=", "-p", String(pid)]);
      return code === 0 && stdout.trim() ? stdout.trim() : null;
    },
    signal: signalQuietly,
    run: runFile,
  };
}

const powershell = ["-NoProfile", "-NonInteractive", "-Command"];

/** Windows: CIM through PowerShell (wmic is gone from new Windows builds). */
export function windowsOps(run: ProcessOps["run"] = runFile): ProcessOps {
  return {
    platform: "win32",
    async list() {
      const { stdout } = await run("powershell.exe", [
        ...powershell,
        'Get-CimInstance Win32_Process | ForEach-Object { "$($_.ProcessId) $($_.ParentProcessId)" }',
      ]);
      return parsePidPairs(stdout);
    },
    isAlive: signalZeroAlive,
    async commandLine(pid) {
      const { code, stdout } = await run("powershell.exe", [
        ...powershell,
        `(Get-CimInstance Win32_Process -Filter "ProcessId=${Math.trunc(pid)}").CommandLine`,
      ]);
      return code === 0 && stdout.trim() ? stdout.trim() : null;
    },
    signal() {
      // Windows has no signals; terminateTree uses taskkill instead.
    },
    run,
  };
}

export function parsePidPairs(text: string): ProcessEntry[] {
  const out: ProcessEntry[] = [];
  for (const line of text.split(/\r?\n/)) {
    const match = /^\s*(\d+)\s+(\d+)\s*$/.exec(line);
    if (match) out.push({ pid: Number(match[1]), ppid: Number(match[2]) });
  }
  return out;
}

export function processOpsFor(platform: NodeJS.Platform = process.platform): ProcessOps {
  if (platform === "win32") return windowsOps();
  if (platform === "linux") return linuxOps;
  return posixPsOps(platform);
}

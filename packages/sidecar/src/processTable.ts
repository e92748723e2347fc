// What the supervisor needs to know about processes it did not start directly: the tree under a
// pid, whether a pid is alive, and its command line (for the orphan reaper). One implementation
// per platform behind one interface, so tree and reaper logic is tested with any platform.
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { readdir, readFile } from "node:fs/promises";
import { win32 } from "node:path";

export interface ProcessEntry {
  pid: number;
  ppid: number;
  /** When the process started (ms since the epoch), where the platform says: tells a reused pid apart. */
  startedAtMs?: number;
  /** POSIX process group, where the platform says (Linux): finds children re-parented away. */
  pgid?: number;
}

export interface ProcessOps {
  platform: NodeJS.Platform;
  list(): Promise<ProcessEntry[]>;
  isAlive(pid: number): boolean;
  commandLine(pid: number): Promise<string | null>;
  /** When `pid` started (ms since the epoch), or null if unknown or gone. */
  startTimeMs(pid: number): Promise<number | null>;
  /**
   * The process's environment as `NAME=value` entries, or null when it cannot be read (gone,
   * another user's, or a platform without /proc: only Linux has it).
   */
  environment?(pid: number): Promise<string[] | null>;
  /** POSIX signals; a pid that is already gone is not an error. Negative pid = process group. */
  signal(pid: number, signal: NodeJS.Signals): void;
  run(file: string, args: string[]): Promise<{ code: number | null; stdout: string }>;
  /** Windows: the absolute paths of the system tools used. */
  tools?: { taskkill: string; powershell: string };
}

/**
 * Every descendant of `root` in a process list snapshot, breadth first. Pure. A parent pid is only
 * trusted when the parent started before the child: Windows keeps a dead parent's pid in
 * ParentProcessId, and that pid may have been reused by an unrelated, younger process
 * (learn.microsoft.com/windows/win32/cimwin32prov/win32-process, ParentProcessId).
 */
export function descendantsOf(entries: readonly ProcessEntry[], root: number): number[] {
  const started = new Map(entries.map((e) => [e.pid, e.startedAtMs]));
  const children = new Map<number, number[]>();
  for (const { pid, ppid, startedAtMs } of entries) {
    if (pid === ppid) continue;
    const parentStarted = started.get(ppid);
    if (startedAtMs !== undefined && parentStarted !== undefined && parentStarted > startedAtMs) continue;
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

/** Output of the helpers we run is UTF-8 (PowerShell is told so below); a BOM is dropped. */
export function decodeOutput(bytes: Uint8Array): string {
  return new TextDecoder("utf-8", { ignoreBOM: false }).decode(bytes);
}

/**
 * How long one helper (`ps`, PowerShell, taskkill) may run. A PowerShell whose CIM query hangs (a
 * stuck WMI service) would otherwise hold a stop, or the start-up reap before the first start, for
 * ever; a cold PowerShell under an antivirus scan takes a few seconds, well inside this.
 */
export const helperRunMs = 20_000;
/** After the kill, how long to wait for the helper's exit: one stuck in the kernel outlives even SIGKILL. */
const helperExitMs = 1_000;

/**
 * Runs a helper and answers with its exit code and output; one that outlives `timeoutMs` is killed
 * (execFile's `timeout`: nodejs.org/api/child_process.html#child_processexecfilefile-args-options-callback)
 * and answers code null. execFile then closes its end of the pipes but answers only on the
 * helper's exit, so the answer also comes `helperExitMs` after the kill without one.
 */
export function runFile(
  file: string,
  args: string[],
  timeoutMs = helperRunMs,
): Promise<{ code: number | null; stdout: string }> {
  return new Promise((resolve) => {
    let settled = false;
    const settle = (answer: { code: number | null; stdout: string }) => {
      if (settled) return;
      settled = true;
      clearTimeout(giveUp);
      resolve(answer);
    };
    const giveUp = setTimeout(() => settle({ code: null, stdout: "" }), timeoutMs + helperExitMs);
    const options = {
      windowsHide: true,
      maxBuffer: 16 * 1024 * 1024,
      encoding: "buffer",
      timeout: timeoutMs,
      killSignal: "SIGKILL",
    } as const;
    execFile(file, args, options, (error, stdout) => {
      const code = error ? (typeof error.code === "number" ? error.code : error.killed ? null : 1) : 0;
      settle({ code, stdout: decodeOutput(stdout) });
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
        out.push({ pid: Number(name), ppid: Number(fields[1]), pgid: Number(fields[2]) });
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
  async environment(pid) {
    try {
      return (await readFile(`/proc/${pid}/environ`, "utf8")).split("\0").filter(Boolean);
    } catch {
      return null;
    }
  },
  async startTimeMs(pid) {
    try {
      // Field 22 of /proc/<pid>/stat: start time in clock ticks after boot (USER_HZ is 100 on Linux).
      const stat = await readFile(`/proc/${pid}/stat`, "utf8");
      const ticks = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19]);
      const bootSeconds = Number(/^btime (\d+)$/m.exec(await readFile("/proc/stat", "utf8"))?.[1]);
      return Number.isFinite(ticks) && Number.isFinite(bootSeconds) ? bootSeconds * 1000 + ticks * 10 : null;
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
      const { code, stdout } = await runFile("ps", ["-A", "-o", "pid=,ppid="]);
      // Killed at its deadline: a cut listing could give a wrong parent, so none is used.
      return code === null ? [] : parsePidPairs(stdout);
    },
    isAlive: signalZeroAlive,
    async commandLine(pid) {
      const { code, stdout } = await runFile("ps", ["-o", "command=", "-p", String(pid)]);
      return code === 0 && stdout.trim() ? stdout.trim() : null;
    },
    async startTimeMs(pid) {
      const { code, stdout } = await runFile("ps", ["-o", "lstart=", "-p", String(pid)]);
      const at = code === 0 ? Date.parse(stdout.trim()) : Number.NaN;
      return Number.isFinite(at) ? at : null;
    },
    signal: signalQuietly,
    run: runFile,
  };
}

/**
 * System tools by absolute path: a bare `taskkill` is looked up in the current folder first on
 * Windows (nodejs.org/api/child_process.html, "Spawning .bat and .cmd files on Windows" and the
 * CreateProcess search order at learn.microsoft.com/windows/win32/api/processthreadsapi/nf-processthreadsapi-createprocessw).
 */
export function windowsSystemPaths(env: NodeJS.ProcessEnv = process.env) {
  const systemRoot = env.SystemRoot ?? env.SYSTEMROOT ?? env.windir ?? "C:\\Windows";
  const system32 = win32.join(systemRoot, "System32");
  return {
    taskkill: win32.join(system32, "taskkill.exe"),
    powershell: win32.join(system32, "WindowsPowerShell", "v1.0", "powershell.exe"),
  };
}

/**
 * Windows PowerShell 5.1 writes to a pipe in the console's OEM code page, so `Zoë` in a command
 * line would arrive as a replacement character; it is told to write UTF-8 (without a BOM) first
 * (learn.microsoft.com/powershell/module/microsoft.powershell.core/about/about_character_encoding).
 */
const utf8Prelude = "[Console]::OutputEncoding = New-Object System.Text.UTF8Encoding $false; ";
const powershellArgs = (script: string) => ["-NoProfile", "-NonInteractive", "-Command", utf8Prelude + script];
/** Creation time as ms since the epoch; the Idle and System processes have none. */
const epochMs = "$(if ($_.CreationDate) { ([DateTimeOffset]$_.CreationDate).ToUnixTimeMilliseconds() } else { 0 })";

/** Windows: CIM through PowerShell (wmic is gone from new Windows builds). */
export function windowsOps(run: ProcessOps["run"] = runFile, env: NodeJS.ProcessEnv = process.env): ProcessOps {
  const paths = windowsSystemPaths(env);
  const query = async (pid: number, field: string) => {
    const { code, stdout } = await run(
      paths.powershell,
      powershellArgs(
        `Get-CimInstance Win32_Process -Filter "ProcessId=${Math.trunc(pid)}" | ForEach-Object { ${field} }`,
      ),
    );
    return code === 0 && stdout.trim() ? stdout.trim() : null;
  };
  return {
    platform: "win32",
    async list() {
      const { code, stdout } = await run(
        paths.powershell,
        powershellArgs(
          `Get-CimInstance Win32_Process | ForEach-Object { "$($_.ProcessId) $($_.ParentProcessId) ${epochMs}" }`,
        ),
      );
      // Killed at its deadline: a cut listing could give a wrong parent, so none is used.
      return code === null ? [] : parsePidPairs(stdout);
    },
    // Node's signal 0 on Windows opens the process and reads its exit code: no helper process.
    isAlive: signalZeroAlive,
    commandLine: (pid) => query(pid, "$_.CommandLine"),
    async startTimeMs(pid) {
      const at = Number(await query(pid, epochMs));
      return at > 0 ? at : null;
    },
    signal() {
      // Windows has no signals; terminateTree uses the job object or taskkill instead.
    },
    run,
    tools: paths,
  };
}

/** Lines of `pid ppid [startedAtMs]`; a start time of 0 means unknown. */
export function parsePidPairs(text: string): ProcessEntry[] {
  const out: ProcessEntry[] = [];
  for (const line of text.split(/\r?\n/)) {
    const match = /^\s*(\d+)\s+(\d+)(?:\s+(\d+))?\s*$/.exec(line);
    if (!match) continue;
    const startedAtMs = Number(match[3] ?? 0);
    out.push({ pid: Number(match[1]), ppid: Number(match[2]), ...(startedAtMs > 0 ? { startedAtMs } : {}) });
  }
  return out;
}

export function processOpsFor(platform: NodeJS.Platform = process.platform): ProcessOps {
  if (platform === "win32") return windowsOps();
  if (platform === "linux") return linuxOps;
  return posixPsOps(platform);
}

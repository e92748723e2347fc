// Who holds a TCP port, so "port 4100 is taken" can say by which program. Linux reads /proc (the
// socket's inode in /proc/net/tcp*, then the process whose fd points at it); Windows asks
// netstat, macOS lsof. Best effort: a holder owned by another user may stay unnamed.
import { execFile } from "node:child_process";
import { readdir, readFile, readlink } from "node:fs/promises";
import { win32 } from "node:path";

export interface PortHolder {
  pid: number;
  /** The program's name (comm / image name), or null when it cannot be read. */
  program: string | null;
}

/** Inodes of sockets listening on `port`, from the text of /proc/net/tcp or tcp6. Pure. */
export function listeningInodes(procNetTcp: string, port: number): string[] {
  const hexPort = port.toString(16).toUpperCase().padStart(4, "0");
  const inodes: string[] = [];
  for (const line of procNetTcp.split("\n").slice(1)) {
    const cols = line.trim().split(/\s+/);
    // sl local_address rem_address st ... inode (column 9); st 0A = LISTEN
    if (cols.length < 10 || cols[3] !== "0A") continue;
    if (cols[1]?.split(":")[1] === hexPort && cols[9] !== "0") inodes.push(cols[9]!);
  }
  return inodes;
}

/** The pid listening on `port` in the text of `netstat -ano -p TCP` (also TCPv6). Pure. */
export function netstatListener(text: string, port: number): number | null {
  for (const line of text.split(/\r?\n/)) {
    const cols = line.trim().split(/\s+/);
    if (cols.length < 5 || !/^TCP/i.test(cols[0]!) || cols[3]?.toUpperCase() !== "LISTENING") continue;
    if (cols[1]?.endsWith(`:${port}`)) return Number(cols[4]);
  }
  return null;
}

function run(file: string, args: string[]): Promise<string> {
  return new Promise((resolve) => {
    execFile(file, args, { timeout: 5_000, windowsHide: true, maxBuffer: 8 << 20 }, (_error, stdout) =>
      resolve(String(stdout ?? "")),
    );
  });
}

async function linuxHolder(port: number): Promise<PortHolder | null> {
  const inodes = new Set<string>();
  for (const table of ["/proc/net/tcp", "/proc/net/tcp6"]) {
    const text = await readFile(table, "utf8").catch(() => "");
    for (const inode of listeningInodes(text, port)) inodes.add(inode);
  }
  if (inodes.size === 0) return null;
  for (const entry of await readdir("/proc").catch(() => [] as string[])) {
    if (!/^\d+$/.test(entry)) continue;
    const fds = await readdir(`/proc/${entry}/fd`).catch(() => [] as string[]);
    for (const fd of fds) {
      const target = await readlink(`/proc/${entry}/fd/${fd}`).catch(() => "");
      const inode = /^socket:\[(\d+)\]$/.exec(target)?.[1];
      if (inode && inodes.has(inode)) {
        const comm = await readFile(`/proc/${entry}/comm`, "utf8").catch(() => null);
        return { pid: Number(entry), program: comm?.trim() || null };
      }
    }
  }
  return null;
}

async function windowsHolder(port: number, env: NodeJS.ProcessEnv): Promise<PortHolder | null> {
  // netstat -a -n -o lists listening ports with the owning pid:
  // https://learn.microsoft.com/en-us/windows-server/administration/windows-commands/netstat
  const system32 = win32.join(env.SystemRoot ?? "C:\\Windows", "System32");
  const text = `${await run(win32.join(system32, "NETSTAT.EXE"), ["-a", "-n", "-o", "-p", "TCP"])}\n${await run(win32.join(system32, "NETSTAT.EXE"), ["-a", "-n", "-o", "-p", "TCPv6"])}`;
  const pid = netstatListener(text, port);
  if (!pid) return null;
  // tasklist /FI "PID eq N" /FO CSV /NH: "image.exe","N",…
  // https://learn.microsoft.com/en-us/windows-server/administration/windows-commands/tasklist
  const csv = await run(win32.join(system32, "tasklist.exe"), ["/FI", `PID eq ${pid}`, "/FO", "CSV", "/NH"]);
  return { pid, program: /^"([^"]+)"/.exec(csv.trim())?.[1] ?? null };
}

async function macHolder(port: number): Promise<PortHolder | null> {
  const text = await run("/usr/sbin/lsof", ["-nP", `-iTCP:${port}`, "-sTCP:LISTEN", "-Fpc"]);
  const pid = /^p(\d+)$/m.exec(text)?.[1];
  return pid ? { pid: Number(pid), program: /^c(.+)$/m.exec(text)?.[1] ?? null } : null;
}

export function findPortHolder(
  port: number,
  platform: NodeJS.Platform = process.platform,
  env: NodeJS.ProcessEnv = process.env,
): Promise<PortHolder | null> {
  if (platform === "linux") return linuxHolder(port);
  if (platform === "win32") return windowsHolder(port, env);
  if (platform === "darwin") return macHolder(port);
  return Promise.resolve(null);
}

export function describeHolder(holder: PortHolder | null): string {
  if (!holder) return "another program";
  return holder.program ? `${holder.program} (pid ${holder.pid})` : `the process with pid ${holder.pid}`;
}

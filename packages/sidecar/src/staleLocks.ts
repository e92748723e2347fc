// opencode guards work it must not do twice (installing its config folders' plugin packages, …)
// with lock folders under `<XDG state>/opencode/locks/<hash>.lock/`, each with a `meta.json`
// naming the holder's pid and host. A sidecar stopped in the middle of such work leaves its lock
// behind, and the next opencode waits on it (seen: every call hung past 30 s after a Stop or
// Restart made while the status window's first requests were loading a folder). Before each
// spawn, a lock whose holder is a dead process on this machine is removed; any other is kept.
import { readdirSync, readFileSync, rmSync } from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";
import { opencodeFolder } from "./opencodeFolders.ts";

export interface StaleLockOptions {
  isAlive(pid: number): boolean;
  hostname?: string;
}

/** Where opencode keeps its locks for a process with this environment (XDG, as opencode reads it). */
export function opencodeLocksDir(env: NodeJS.ProcessEnv): string {
  return join(opencodeFolder("state", env), "locks");
}

/** Removes the locks of dead holders on this host; returns the lock folders removed. */
export function clearStaleOpencodeLocks(locksDir: string, options: StaleLockOptions): string[] {
  const host = options.hostname ?? hostname();
  let entries: string[];
  try {
    entries = readdirSync(locksDir).filter((name) => name.endsWith(".lock"));
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of entries) {
    const dir = join(locksDir, name);
    const holder = readHolder(join(dir, "meta.json"));
    if (!holder || holder.hostname !== host || options.isAlive(holder.pid)) continue;
    rmSync(dir, { recursive: true, force: true });
    removed.push(dir);
  }
  return removed;
}

function readHolder(file: string): { pid: number; hostname: string } | null {
  try {
    const meta = JSON.parse(readFileSync(file, "utf8")) as { pid?: unknown; hostname?: unknown };
    if (typeof meta.pid !== "number" || !Number.isInteger(meta.pid) || meta.pid <= 0) return null;
    if (typeof meta.hostname !== "string") return null;
    return { pid: meta.pid, hostname: meta.hostname };
  } catch {
    return null;
  }
}

// Deleting a variable from process.env does not erase it from the process's initial environment
// block: on Linux /proc/<pid>/environ shows those bytes to every process of the same user, so a
// tool the agent runs could read a secret from any ancestor (opencode, the backend). This
// overwrites the values of the named variables in that block with "x" through /proc/self/mem.
// The same function runs in the backend (Node) and, as source text, in the plugin opencode (Bun)
// loads (secretsPlugin.ts): so it references nothing but its parameters and globals.
import * as nodeFs from "node:fs";

/** The few fs calls it needs, passed in so the function's text stands alone. */
export interface EnvironFs {
  readFileSync(path: string, encoding: "utf8"): string;
  openSync(path: string, flags: string): number;
  readSync(fd: number, buffer: Uint8Array, offset: number, length: number, position: number): number;
  writeSync(fd: number, buffer: Uint8Array, offset: number, length: number, position: number): number;
  closeSync(fd: number): void;
}

/** Returns how many values it overwrote; 0 off Linux. Throws when /proc is not readable. */
export function scrubInitialEnvironment(names: readonly string[], fs: EnvironFs, platform: string): number {
  if (platform !== "linux") return 0;
  const stat = fs.readFileSync("/proc/self/stat", "utf8");
  // Fields after "(comm) ": state is field 3, env_start field 50, env_end field 51 (proc(5)).
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  const start = Number(fields[47]);
  const end = Number(fields[48]);
  if (!(start > 0 && end > start)) return 0;
  let overwritten = 0;
  const fd = fs.openSync("/proc/self/mem", "r+");
  try {
    const block = Buffer.alloc(end - start);
    fs.readSync(fd, block, 0, block.length, start);
    for (let at = 0; at < block.length; ) {
      let stop = block.indexOf(0, at);
      if (stop < 0) stop = block.length;
      const entry = block.subarray(at, stop).toString("latin1");
      const eq = entry.indexOf("=");
      if (eq > 0 && names.includes(entry.slice(0, eq))) {
        const from = at + eq + 1;
        if (stop > from) {
          fs.writeSync(fd, Buffer.alloc(stop - from, 0x78), 0, stop - from, start + from);
          overwritten++;
        }
      }
      at = stop + 1;
    }
  } finally {
    fs.closeSync(fd);
  }
  return overwritten;
}

/**
 * Reads a secret handed over in the environment, once: gone from process.env (so no child
 * inherits it) and, on Linux, from the initial block (so no /proc reader finds it).
 */
export function takeSecretFromEnvironment(name: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const value = env[name];
  if (value === undefined) return undefined;
  delete env[name];
  try {
    scrubInitialEnvironment([name], nodeFs, process.platform);
  } catch {
    // No /proc (a container without it): process.env is clean, which is what children inherit.
  }
  return value === "" ? undefined : value;
}

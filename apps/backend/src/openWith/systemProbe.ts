// findApps.ts's probe on the real system: this process's platform, environment and files.
import { readFileSync } from "node:fs";
import { lstat, readFile, stat } from "node:fs/promises";
import { homedir } from "node:os";
import type { AppProbe } from "./findApps.ts";

/** A shim worth reading is a few hundred bytes; a larger "shim" is not one. */
const shimBytes = 64 * 1024;

/**
 * Linux inside WSL, whose desktop is the Windows one around it: WSL sets WSL_DISTRO_NAME and
 * WSL_INTEROP for what it starts, and a backend started otherwise (a systemd service) is told by
 * the kernel's release string ("…-microsoft-standard-WSL2"), read only for this process's own system.
 */
export function runsInWsl(platform: NodeJS.Platform, env: NodeJS.ProcessEnv): boolean {
  if (platform !== "linux") return false;
  if (env.WSL_DISTRO_NAME || env.WSL_INTEROP) return true;
  if (env !== process.env) return false;
  try {
    return /microsoft/i.test(readFileSync("/proc/sys/kernel/osrelease", "utf8"));
  } catch {
    return false;
  }
}

export function systemProbe(platform = process.platform, env = process.env, home = homedir()): AppProbe {
  return {
    platform,
    env,
    home,
    wsl: runsInWsl(platform, env),
    // lstat first: Windows Terminal's wt.exe is an app execution alias, a reparse point only
    // CreateProcess follows. Node's stat fails on one (EACCES or UNKNOWN, nodejs/node#36790) while
    // lstat answers, reporting it as a link (libuv reads its target as one; libuv/libuv#4986 would
    // make it a plain file). So on Windows a link that cannot be followed still counts as there.
    isFile: async (path) => {
      const link = await lstat(path).catch(() => null);
      if (link === null) return false;
      if (link.isFile()) return true;
      if (!link.isSymbolicLink()) return false;
      const target = await stat(path).catch(() => null);
      return target === null ? platform === "win32" : target.isFile();
    },
    isFolder: async (path) => (await stat(path).catch(() => null))?.isDirectory() ?? false,
    readText: async (path) => {
      try {
        const info = await stat(path);
        return info.size > shimBytes ? null : await readFile(path, "utf8");
      } catch {
        return null;
      }
    },
  };
}

// Runs a script in the Bun that opencode is built on (its binary acts as `bun` when BUN_BE_BUN=1),
// so code that runs inside opencode's plugins (bun:ffi above all) is tested in that runtime.
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { resolveOpencodeBinary } from "../src/resolveBinary.ts";

/** Runs `source` (an ES module) and returns what it printed on stdout. */
export async function runInOpencodeBun(source: string, env: Record<string, string> = {}): Promise<string> {
  const binary = await resolveOpencodeBinary({ nodeModulesFrom: process.cwd() });
  if (!binary.ok) throw new Error(binary.error.message);
  const dir = mkdtempSync(join(tmpdir(), "turnkey-bun-"));
  try {
    const file = join(dir, "script.mjs");
    writeFileSync(file, source);
    return await new Promise((resolve, reject) => {
      execFile(
        binary.path,
        ["run", file],
        { env: { ...process.env, ...env, BUN_BE_BUN: "1" }, timeout: 60_000, cwd: dir },
        (error, stdout, stderr) => (error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve(stdout)),
      );
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// The managed runtime: a verified copy of the installer's opencode in
// <dataDir>/runtime/opencode/<version>/. It is provisioned from the bundled copy (copy while
// hashing, then an atomic rename), checked against the bundled manifest's sha256, and never run
// unverified. Each launch hashes it once; later starts compare a stat stamp (size, mtime, ctime,
// inode: ctime cannot be set back, so a rewrite is always noticed) instead of hashing 180 MB.
import { createHash } from "node:crypto";
import {
  createReadStream,
  createWriteStream,
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
} from "node:fs";
import { chmod, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { RuntimeStatus } from "@turnkey/contracts";
import { z } from "zod";

export const RuntimeManifest = z.object({
  package: z.string(),
  version: z.string(),
  file: z.string().regex(/^opencode(\.exe)?$/),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  size: z.number().int().positive(),
});
export type RuntimeManifest = z.infer<typeof RuntimeManifest>;

/** `progress` is 0..1 while copying or checking. */
export type RuntimeState = RuntimeStatus;

export type RepairOutcome = "verified" | "replaced" | "provisioned" | "unavailable";

interface Stamp {
  size: number;
  mtimeMs: number;
  ctimeMs: number;
  ino: number;
  sha256: string;
}

export function readRuntimeManifest(dir: string): RuntimeManifest | null {
  try {
    return RuntimeManifest.parse(JSON.parse(readFileSync(join(dir, "manifest.json"), "utf8")));
  } catch {
    return null;
  }
}

export async function sha256Of(file: string, onBytes?: (bytes: number) => void): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 })) {
    hash.update(chunk as Buffer);
    onBytes?.((chunk as Buffer).length);
  }
  return hash.digest("hex");
}

export class ManagedRuntime {
  private current: RuntimeState;
  private stamp: Stamp | null = null;
  private queue: Promise<unknown> = Promise.resolve();
  private readonly listeners = new Set<(state: RuntimeState) => void>();

  constructor(private readonly options: { bundledDir: string | null; managedDir: string; platform?: NodeJS.Platform }) {
    const bundled = this.bundled();
    this.current = bundled
      ? { phase: "checking", progress: null, message: "Not checked yet.", version: bundled.version, path: null }
      : {
          phase: "unavailable",
          progress: null,
          message: "No bundled opencode: using one from npm or PATH.",
          version: null,
          path: null,
        };
  }

  state(): RuntimeState {
    return this.current;
  }

  onChange(listener: (state: RuntimeState) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The verified managed binary, provisioning it if needed; null when nothing is bundled. */
  ensure(): Promise<string | null> {
    return this.serialized(async () => (await this.verifyOrProvision(false)).path);
  }

  /** Re-checks the managed copy from scratch (full hash) and replaces it if it is damaged. */
  repair(): Promise<RepairOutcome> {
    return this.serialized(async () => (await this.verifyOrProvision(true)).outcome);
  }

  private serialized<T>(work: () => Promise<T>): Promise<T> {
    const run = this.queue.then(work, work);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private set(state: Partial<RuntimeState>): void {
    this.current = { ...this.current, ...state };
    for (const listener of this.listeners) listener(this.current);
  }

  private bundled(): RuntimeManifest | null {
    return this.options.bundledDir ? readRuntimeManifest(this.options.bundledDir) : null;
  }

  private async verifyOrProvision(full: boolean): Promise<{ path: string | null; outcome: RepairOutcome }> {
    const bundled = this.bundled();
    if (!bundled || !this.options.bundledDir) {
      this.set({ phase: "unavailable", progress: null, path: null });
      return { path: null, outcome: "unavailable" };
    }
    const target = join(this.options.managedDir, bundled.file);
    if (!full && this.stamp && this.stampMatches(target, bundled)) return { path: target, outcome: "verified" };
    this.stamp = null;

    let outcome: RepairOutcome = "provisioned";
    if (existsSync(target)) {
      this.set({ phase: "checking", progress: 0, message: "Checking OpenCode's program…", path: null });
      const sha = await sha256Of(target, this.progressOf(bundled.size));
      if (sha === bundled.sha256) {
        this.remember(target, sha);
        this.set({ phase: "ready", progress: null, message: `OpenCode ${bundled.version} is verified.`, path: target });
        return { path: target, outcome: "verified" };
      }
      outcome = "replaced";
    }
    await this.provision(join(this.options.bundledDir, bundled.file), target, bundled, outcome === "replaced");
    return { path: target, outcome };
  }

  private async provision(source: string, target: string, bundled: RuntimeManifest, damaged: boolean): Promise<void> {
    const why = damaged ? "The copy of OpenCode's program was damaged; replacing it" : "Installing OpenCode's program";
    this.set({ phase: "copying", progress: 0, message: `${why}…`, path: null });
    mkdirSync(this.options.managedDir, { recursive: true });
    const partial = `${target}.partial`;
    const hash = createHash("sha256");
    const progress = this.progressOf(bundled.size);
    try {
      await pipeline(
        createReadStream(source, { highWaterMark: 1 << 20 }),
        new Transform({
          transform(chunk: Buffer, _encoding, done) {
            hash.update(chunk);
            progress(chunk.length);
            done(null, chunk);
          },
        }),
        createWriteStream(partial),
      );
      if (hash.digest("hex") !== bundled.sha256) {
        throw new Error("the bundled copy does not match its checksum. Reinstall OpenCode Turnkey.");
      }
      if ((this.options.platform ?? process.platform) !== "win32") await chmod(partial, 0o755);
      rmSync(target, { force: true });
      renameSync(partial, target); // atomic: never a half-written program under the real name
      await writeFile(join(this.options.managedDir, "manifest.json"), JSON.stringify(bundled, null, 2));
      this.remember(target, bundled.sha256);
      this.set({
        phase: "ready",
        progress: null,
        message: `OpenCode ${bundled.version} is installed and verified.`,
        path: target,
      });
    } catch (error) {
      rmSync(partial, { force: true });
      const message = `OpenCode's program could not be installed: ${(error as Error).message}`;
      this.set({ phase: "failed", progress: null, message, path: null });
      throw new Error(message);
    }
  }

  private progressOf(total: number): (bytes: number) => void {
    let done = 0;
    let shown = -1;
    return (bytes) => {
      done += bytes;
      const progress = Math.min(1, done / total);
      if (Math.floor(progress * 20) !== shown) {
        shown = Math.floor(progress * 20); // every 5 %, not every megabyte
        this.set({ progress });
      }
    };
  }

  private remember(target: string, sha256: string): void {
    const info = statSync(target);
    this.stamp = { size: info.size, mtimeMs: info.mtimeMs, ctimeMs: info.ctimeMs, ino: info.ino, sha256 };
  }

  private stampMatches(target: string, bundled: RuntimeManifest): boolean {
    try {
      const info = statSync(target);
      const s = this.stamp!;
      return (
        s.sha256 === bundled.sha256 &&
        info.size === s.size &&
        info.mtimeMs === s.mtimeMs &&
        info.ctimeMs === s.ctimeMs &&
        info.ino === s.ino
      );
    } catch {
      return false;
    }
  }
}

// The managed runtime: verified copies of opencode under <dataDir>/runtime/opencode/<version>/,
// side by side. The installer's bundled copy seeds its version (copy while hashing into a staging
// folder, checked against the bundled manifest's sha256, renamed into place); other versions come
// from updates. Nothing unverified runs: each launch hashes the copy it starts once, later starts
// compare a stat stamp (size, mtime, ctime, inode; ctime cannot be set back, so a rewrite is
// always noticed) instead of hashing 180 MB again.
import { constants, existsSync } from "node:fs";
import { access, chmod } from "node:fs/promises";
import { join } from "node:path";
import type { RuntimeManifest, RuntimeStatus } from "@turnkey/contracts";
import { type CopyHashing, copyHashing, sha256File } from "./fileHash.ts";
import { RuntimeStore, readRuntimeManifest, writeRuntimeManifest } from "./runtimeStore.ts";
import { type StatStamp, stampMatches, statStamp } from "./statStamp.ts";

/** `progress` is 0..1 while copying or checking. */
export type RuntimeState = RuntimeStatus;

export type RepairOutcome = "verified" | "replaced" | "provisioned" | "unavailable";

/** Why a managed copy cannot run; `code` is the error code the status shows. */
export class RuntimeCopyError extends Error {
  constructor(
    readonly code:
      | "binary_missing"
      | "binary_damaged"
      | "binary_not_executable"
      | "runtime_damaged"
      | "version_not_installed",
    message: string,
  ) {
    super(message);
  }
}

export interface ManagedRuntimeOptions {
  bundledDir: string | null;
  /** <dataDir>/runtime/opencode: one folder per version. */
  root: string;
  platform?: NodeJS.Platform;
  /** Copies the bundled program while hashing it (tests inject a slow one). */
  copy?: CopyHashing;
}

const notChecked = "Not checked yet.";

export class ManagedRuntime {
  readonly store: RuntimeStore;
  private current: RuntimeState;
  private readonly stamps = new Map<string, StatStamp>();
  private queue: Promise<unknown> = Promise.resolve();
  private readonly listeners = new Set<(state: RuntimeState) => void>();

  constructor(private readonly options: ManagedRuntimeOptions) {
    this.store = new RuntimeStore(options.root, options.platform ?? process.platform);
    const bundled = this.bundled();
    this.current = bundled
      ? { phase: "checking", progress: null, message: notChecked, version: bundled.version, path: null }
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

  /** The installer's copy: its manifest, or null when nothing is bundled. */
  bundled(): RuntimeManifest | null {
    return this.options.bundledDir ? readRuntimeManifest(this.options.bundledDir) : null;
  }

  /**
   * The verified executable of `version` (default: the bundled one), provisioning the bundled
   * version if needed; null when no version is asked for and nothing is bundled. An abort of
   * `signal` (a stop, or a newer start) stops the hash or the copy, discards a partial copy and
   * rejects with the abort's reason at once, also while waiting behind another call.
   */
  ensure(version?: string, signal?: AbortSignal): Promise<string | null> {
    return this.serialized(async () => (await this.verifyOrProvision(version, false, signal)).path, signal);
  }

  /** Re-checks a copy from scratch (full hash) and replaces the bundled version if damaged. */
  repair(version?: string): Promise<RepairOutcome> {
    return this.serialized(async () => (await this.verifyOrProvision(version, true)).outcome);
  }

  /** Forgets what was verified, so the next ensure() hashes again (a new copy was put in place). */
  forget(version: string): void {
    this.stamps.delete(version);
  }

  private serialized<T>(work: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    const run = this.queue.then(() => {
      signal?.throwIfAborted();
      return work();
    });
    this.queue = run.catch(() => undefined);
    if (!signal) return run;
    // Waiting behind another call's copy ends at the abort, not when that copy is done.
    return new Promise<T>((resolve, reject) => {
      const onAbort = () => reject(signal.reason);
      if (signal.aborted) return onAbort();
      signal.addEventListener("abort", onAbort, { once: true });
      run.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
    });
  }

  private set(state: Partial<RuntimeState>): void {
    this.current = { ...this.current, ...state };
    for (const listener of this.listeners) listener(this.current);
  }

  private async verifyOrProvision(
    requested: string | undefined,
    full: boolean,
    signal?: AbortSignal,
  ): Promise<{ path: string | null; outcome: RepairOutcome }> {
    const bundled = this.bundled();
    const version = requested ?? bundled?.version;
    if (!version) {
      this.set({ phase: "unavailable", progress: null, path: null, version: null });
      return { path: null, outcome: "unavailable" };
    }
    const fromBundle = bundled?.version === version && this.options.bundledDir ? bundled : null;
    const target = this.store.executableOf(version);
    const stamp = this.stamps.get(version);
    if (!full && stamp && stampMatches(target, stamp)) {
      if (this.current.path !== target) this.set({ phase: "ready", progress: null, version, path: target });
      return { path: target, outcome: "verified" };
    }
    this.stamps.delete(version);

    const installed = this.store.manifest(version);
    const expected = fromBundle ?? installed;
    let outcome: RepairOutcome = "provisioned";
    if (installed && expected && existsSync(target)) {
      this.set({ phase: "checking", progress: 0, message: `Checking OpenCode ${version}…`, path: null, version });
      const sha = await sha256File(target, this.progressOf(expected.size), signal).catch((error: unknown) => {
        if (signal?.aborted) this.set({ phase: "checking", progress: null, message: notChecked, path: null });
        throw error;
      });
      if (sha === expected.sha256 && installed.sha256 === expected.sha256) {
        if (!(await this.executable(target))) {
          if (!full) {
            const error = new RuntimeCopyError(
              "binary_not_executable",
              `OpenCode ${version}'s program at ${target} lost its permission to run. Press Repair to restore it.`,
            );
            this.set({ phase: "failed", progress: null, message: error.message, path: null, version });
            throw error;
          }
          await chmod(target, 0o755); // Repair: the content is verified, only the mode was changed
          outcome = "replaced";
        }
        this.stamps.set(version, statStamp(target, sha));
        this.set({ phase: "ready", progress: null, message: `OpenCode ${version} is verified.`, path: target });
        return { path: target, outcome: outcome === "replaced" ? "replaced" : "verified" };
      }
      outcome = "replaced";
    }
    if (!fromBundle || !this.options.bundledDir) {
      const error = this.unusable(version, installed !== null, outcome === "replaced");
      this.set({ phase: "failed", progress: null, message: error.message, path: null, version });
      throw error;
    }
    await this.provision(this.options.bundledDir, fromBundle, outcome === "replaced", signal);
    return { path: target, outcome };
  }

  private async executable(file: string): Promise<boolean> {
    if (this.store.platform === "win32") return true;
    return access(file, constants.X_OK).then(
      () => true,
      () => false,
    );
  }

  private unusable(version: string, hadManifest: boolean, damaged: boolean): RuntimeCopyError {
    if (damaged) {
      return new RuntimeCopyError(
        "binary_damaged",
        `The copy of OpenCode ${version} in ${this.store.dirOf(version)} no longer matches its checksum (changed or damaged after install). Install it again with Update, or switch to another version.`,
      );
    }
    if (hadManifest) {
      return new RuntimeCopyError(
        "binary_missing",
        `OpenCode ${version}'s program is gone from ${this.store.dirOf(version)}: it was removed after it was installed, often by antivirus software putting it in quarantine. Restore it from the quarantine, or install it again with Update, or switch to another version.`,
      );
    }
    return new RuntimeCopyError(
      "version_not_installed",
      `OpenCode ${version} is not installed. Install it with Update, or choose an installed version.`,
    );
  }

  private async provision(
    bundledDir: string,
    bundled: RuntimeManifest,
    damaged: boolean,
    signal?: AbortSignal,
  ): Promise<void> {
    const why = damaged ? "The copy of OpenCode's program was damaged; replacing it" : "Installing OpenCode's program";
    this.set({ phase: "copying", progress: 0, message: `${why}…`, path: null, version: bundled.version });
    this.store.removeLeftovers();
    let staging: string | null = null;
    try {
      staging = this.store.staging(bundled.version);
      const partial = join(staging, bundled.file);
      const copy = this.options.copy ?? copyHashing;
      const sha = await copy(join(bundledDir, bundled.file), partial, this.progressOf(bundled.size), signal);
      signal?.throwIfAborted(); // a copy that finished as the abort came is not committed either
      if (sha !== bundled.sha256) {
        throw new Error("the bundled copy does not match its checksum. Reinstall OpenCode Turnkey.");
      }
      if (this.store.platform !== "win32") await chmod(partial, 0o755);
      writeRuntimeManifest(staging, { ...bundled, source: "bundled" });
      this.store.commit(staging, bundled.version); // atomic: a version appears whole or not at all
      staging = null;
      const target = this.store.executableOf(bundled.version);
      this.stamps.set(bundled.version, statStamp(target, sha));
      this.set({
        phase: "ready",
        progress: null,
        message: `OpenCode ${bundled.version} is installed and verified.`,
        path: target,
      });
    } catch (error) {
      if (staging) this.store.discard(staging);
      if (signal?.aborted) {
        // Not a fault: the next start copies again from the start.
        this.set({ phase: "checking", progress: null, message: notChecked, path: null });
        throw signal.reason;
      }
      const message = `OpenCode's program could not be installed: ${(error as Error).message}`;
      this.set({ phase: "failed", progress: null, message, path: null });
      throw new RuntimeCopyError("runtime_damaged", message);
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
}

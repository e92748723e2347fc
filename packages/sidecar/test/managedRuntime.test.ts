import {
  copyFileSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { sha256File as sha256Of } from "../src/fileHash.ts";
import { ManagedRuntime, type RuntimeState } from "../src/managedRuntime.ts";
import { resolveOpencodeBinary } from "../src/resolveBinary.ts";
import { RuntimeStore } from "../src/runtimeStore.ts";
import { cleanup, fakeOpencode, fakeSupervisor, tempDir } from "./harness.ts";
import { onWindows, posixIt } from "./posixOnly.ts";
import { slowCopy } from "./slowCopy.ts";

// The bundle below is laid out as Linux's (a program named opencode), on every platform.
const platform = "linux";

afterEach(cleanup);

/** A bundled "opencode" (the fake sidecar) with its manifest, like stage:opencode writes. */
async function bundle(): Promise<string> {
  const dir = join(tempDir("turnkey bundle ü-"), "opencode", "linux-x64");
  mkdirSync(dir, { recursive: true });
  copyFileSync(fakeOpencode, join(dir, "opencode"));
  copyFileSync(join(fakeOpencode, "..", "keeper.mjs"), join(dir, "keeper.mjs"));
  const manifest = {
    package: "opencode-linux-x64",
    version: "1.2.3",
    file: "opencode",
    sha256: await sha256Of(join(dir, "opencode")),
    size: statSync(join(dir, "opencode")).size,
  };
  writeFileSync(join(dir, "manifest.json"), JSON.stringify(manifest));
  return dir;
}

/** Flips one byte in place, then puts the modification time back, as a sneaky corruption would. */
function flipByte(file: string): void {
  const before = statSync(file);
  const bytes = readFileSync(file);
  bytes[40] = bytes[40]! ^ 0xff;
  writeFileSync(file, bytes);
  utimesSync(file, before.atime, before.mtime);
}

function watch(runtime: ManagedRuntime): RuntimeState[] {
  const seen: RuntimeState[] = [];
  runtime.onChange((s) => seen.push(s));
  return seen;
}

describe("managed runtime", () => {
  it("provisions a missing copy from the bundle with progress, verified", async () => {
    const bundled = await bundle();
    const root = join(tempDir(), "runtime", "opencode");
    const managedDir = join(root, "1.2.3");
    const runtime = new ManagedRuntime({ bundledDir: bundled, root, platform });
    const seen = watch(runtime);
    const path = await runtime.ensure();
    expect(path).toBe(join(managedDir, "opencode"));
    expect(readFileSync(path!).equals(readFileSync(join(bundled, "opencode")))).toBe(true);
    // Windows has no execute bit to set (Node's fs docs, "File modes": only the write bit there).
    if (!onWindows) expect(statSync(path!).mode & 0o111).not.toBe(0);
    expect(seen.map((s) => s.phase)).toContain("copying");
    expect(seen.some((s) => s.phase === "copying" && s.progress === 1)).toBe(true);
    expect(runtime.state()).toMatchObject({ phase: "ready", version: "1.2.3", path });
    expect(readdirSync(root)).toEqual(["1.2.3"]); // no staging folder left
    expect(JSON.parse(readFileSync(join(managedDir, "manifest.json"), "utf8"))).toMatchObject({
      version: "1.2.3",
      source: "bundled",
    });

    const again = watch(runtime);
    expect(await runtime.ensure()).toBe(path);
    expect(again).toEqual([]); // the stamp matched: no re-hash
  });

  it("notices a flipped byte even with the old mtime, and replaces the copy", async () => {
    const bundled = await bundle();
    const runtime = new ManagedRuntime({ bundledDir: bundled, root: join(tempDir(), "rt"), platform });
    const path = (await runtime.ensure())!;
    flipByte(path);
    const seen = watch(runtime);
    expect(await runtime.ensure()).toBe(path);
    expect(seen.map((s) => s.phase)).toEqual(expect.arrayContaining(["checking", "copying", "ready"]));
    expect(await sha256Of(path)).toBe(await sha256Of(join(bundled, "opencode")));
  });

  it("repair re-hashes: verified when intact, replaced when damaged", async () => {
    const bundled = await bundle();
    const runtime = new ManagedRuntime({ bundledDir: bundled, root: join(tempDir(), "rt"), platform });
    expect(await runtime.repair()).toBe("provisioned");
    expect(await runtime.repair()).toBe("verified");
    const path = runtime.state().path!;
    const bytes = readFileSync(path);
    bytes[40] = bytes[40]! ^ 0xff;
    writeFileSync(path, bytes);
    expect(await runtime.repair()).toBe("replaced");
    expect(await sha256Of(path)).toBe(await sha256Of(join(bundled, "opencode")));
  });

  it("refuses a damaged bundle and installs nothing", async () => {
    const bundled = await bundle();
    flipByte(join(bundled, "opencode"));
    const root = join(tempDir(), "rt");
    const runtime = new ManagedRuntime({ bundledDir: bundled, root, platform });
    await expect(runtime.ensure()).rejects.toThrow("does not match its checksum. Reinstall OpenCode Turnkey.");
    expect(runtime.state().phase).toBe("failed");
    expect(readdirSync(root)).toEqual([]); // neither the version nor a staging folder
  });

  it("without a bundle, says so and provides nothing", async () => {
    const runtime = new ManagedRuntime({ bundledDir: null, root: join(tempDir(), "rt"), platform });
    expect(await runtime.ensure()).toBeNull();
    expect(runtime.state().phase).toBe("unavailable");
  });

  posixIt(
    "a sidecar start never runs an unverified copy (POSIX: runs the fake, installed as a program named opencode, by its shebang)",
    async () => {
      const bundled = await bundle();
      const root = join(tempDir(), "rt");
      const managedDir = join(root, "1.2.3");
      const runtime = new ManagedRuntime({ bundledDir: bundled, root, platform });
      const supervisor = fakeSupervisor("", {
        deps: {
          prepareBinary: async () =>
            resolveOpencodeBinary({ managedDir: (await runtime.ensure()) ? managedDir : null }),
        },
      });
      expect(await supervisor.start()).toMatchObject({ state: "running", binary: { source: "managed" } });
      await supervisor.stop();
      flipByte(join(managedDir, "opencode"));
      expect(await supervisor.start()).toMatchObject({ state: "running", binary: { source: "managed" } });
      expect(await sha256Of(join(managedDir, "opencode"))).toBe(await sha256Of(join(bundled, "opencode")));
    },
  );
});

describe("an aborted first copy", () => {
  /** A runtime whose first copy stalls half way; its first ensure() is under way and stalled. */
  async function stalledFirstCopy() {
    const bundled = await bundle();
    const root = join(tempDir(), "rt");
    const slow = slowCopy();
    const runtime = new ManagedRuntime({ bundledDir: bundled, root, platform, copy: slow.copy });
    const stop = new AbortController();
    const first = runtime.ensure(undefined, stop.signal);
    await slow.started;
    return { bundled, root, slow, runtime, stop, first };
  }

  it("stops the copy, leaves no partial program and no failure, and the next ensure copies anew", async () => {
    const { bundled, root, slow, runtime, stop, first } = await stalledFirstCopy();
    expect(runtime.state()).toMatchObject({ phase: "copying", progress: expect.any(Number) });
    // A newer start asks meanwhile: it waits behind the copy, not beside it.
    const newer = new AbortController();
    const second = runtime.ensure(undefined, newer.signal);
    stop.abort();
    await expect(first).rejects.toMatchObject({ name: "AbortError" });
    await slow.aborted;
    expect(runtime.state().phase).not.toBe("failed"); // a stop is not a damaged program
    const path = await second;
    expect(slow.calls).toBe(2);
    expect(readFileSync(path!).equals(readFileSync(join(bundled, "opencode")))).toBe(true);
    expect(readdirSync(root)).toEqual(["1.2.3"]); // the half-written staging copy is gone
  });

  it("lets a caller waiting behind another's copy give up at once, and never runs its work", async () => {
    const { root, slow, runtime, stop, first } = await stalledFirstCopy();
    const waiting = new AbortController();
    const queued = runtime.ensure(undefined, waiting.signal);
    waiting.abort();
    await expect(queued).rejects.toMatchObject({ name: "AbortError" });
    stop.abort();
    await expect(first).rejects.toMatchObject({ name: "AbortError" });
    expect(slow.calls).toBe(1); // the queued call never started a copy of its own
    expect(readdirSync(root)).toEqual([]);
  });
});

describe("versions side by side", () => {
  async function installAs(root: string, version: string, bundled: string): Promise<void> {
    const dir = join(root, version);
    mkdirSync(dir, { recursive: true });
    copyFileSync(join(bundled, "opencode"), join(dir, "opencode"));
    const manifest = JSON.parse(readFileSync(join(bundled, "manifest.json"), "utf8"));
    writeFileSync(join(dir, "manifest.json"), JSON.stringify({ ...manifest, version, source: "registry" }));
  }

  it("verifies another installed version without touching the bundled one", async () => {
    const bundled = await bundle();
    const root = join(tempDir(), "rt");
    await installAs(root, "1.2.4", bundled);
    const runtime = new ManagedRuntime({ bundledDir: bundled, root, platform });
    expect(await runtime.ensure("1.2.4")).toBe(join(root, "1.2.4", "opencode"));
    expect(runtime.state()).toMatchObject({ phase: "ready", version: "1.2.4" });
    expect(runtime.store.list().map((m) => m.version)).toEqual(["1.2.4"]);
    expect(await runtime.ensure()).toBe(join(root, "1.2.3", "opencode"));
    expect(runtime.store.list().map((m) => m.version)).toEqual(["1.2.4", "1.2.3"]);
  });

  it("names a removed program (quarantine), a damaged one, and one never installed", async () => {
    const bundled = await bundle();
    const root = join(tempDir(), "rt");
    await installAs(root, "1.2.4", bundled);
    await installAs(root, "1.2.5", bundled);
    const runtime = new ManagedRuntime({ bundledDir: bundled, root, platform });
    rmSync(join(root, "1.2.4", "opencode"));
    await expect(runtime.ensure("1.2.4")).rejects.toMatchObject({
      code: "binary_missing",
      message: expect.stringContaining("antivirus"),
    });
    flipByte(join(root, "1.2.5", "opencode"));
    await expect(runtime.ensure("1.2.5")).rejects.toMatchObject({ code: "binary_damaged" });
    await expect(runtime.ensure("9.9.9")).rejects.toMatchObject({ code: "version_not_installed" });
    expect(runtime.state().phase).toBe("failed");
  });

  it("removes what an interrupted install left, and prunes all but the versions kept", async () => {
    const bundled = await bundle();
    const root = join(tempDir(), "rt");
    for (const v of ["1.0.0", "1.1.0", "1.2.4"]) await installAs(root, v, bundled);
    const runtime = new ManagedRuntime({ bundledDir: bundled, root, platform });
    // Left by an earlier run (another store): this one's own staging folders are work in progress.
    const staging = new RuntimeStore(root, platform).staging("2.0.0");
    writeFileSync(join(staging, "opencode"), "half");
    expect(runtime.store.list().map((m) => m.version)).toEqual(["1.2.4", "1.1.0", "1.0.0"]);
    expect(runtime.store.removeLeftovers()).toBe(1);
    expect(runtime.store.prune(["1.2.4", "1.0.0"])).toEqual({ removed: ["1.1.0"], kept: [] });
    expect(readdirSync(root).sort()).toEqual(["1.0.0", "1.2.4"]);
  });
});

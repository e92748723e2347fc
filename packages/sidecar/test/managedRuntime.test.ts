import { copyFileSync, existsSync, mkdirSync, readFileSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { ManagedRuntime, type RuntimeState, sha256Of } from "../src/managedRuntime.ts";
import { resolveOpencodeBinary } from "../src/resolveBinary.ts";
import { cleanup, fakeOpencode, fakeSupervisor, tempDir } from "./harness.ts";

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
    const managedDir = join(tempDir(), "runtime", "opencode", "1.2.3");
    const runtime = new ManagedRuntime({ bundledDir: bundled, managedDir });
    const seen = watch(runtime);
    const path = await runtime.ensure();
    expect(path).toBe(join(managedDir, "opencode"));
    expect(readFileSync(path!).equals(readFileSync(join(bundled, "opencode")))).toBe(true);
    expect(statSync(path!).mode & 0o111).not.toBe(0);
    expect(seen.map((s) => s.phase)).toContain("copying");
    expect(seen.some((s) => s.phase === "copying" && s.progress === 1)).toBe(true);
    expect(runtime.state()).toMatchObject({ phase: "ready", version: "1.2.3", path });
    expect(existsSync(`${path}.partial`)).toBe(false);

    const again = watch(runtime);
    expect(await runtime.ensure()).toBe(path);
    expect(again).toEqual([]); // the stamp matched: no re-hash
  });

  it("notices a flipped byte even with the old mtime, and replaces the copy", async () => {
    const bundled = await bundle();
    const runtime = new ManagedRuntime({ bundledDir: bundled, managedDir: join(tempDir(), "rt") });
    const path = (await runtime.ensure())!;
    flipByte(path);
    const seen = watch(runtime);
    expect(await runtime.ensure()).toBe(path);
    expect(seen.map((s) => s.phase)).toEqual(expect.arrayContaining(["checking", "copying", "ready"]));
    expect(await sha256Of(path)).toBe(await sha256Of(join(bundled, "opencode")));
  });

  it("repair re-hashes: verified when intact, replaced when damaged", async () => {
    const bundled = await bundle();
    const runtime = new ManagedRuntime({ bundledDir: bundled, managedDir: join(tempDir(), "rt") });
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
    const managedDir = join(tempDir(), "rt");
    const runtime = new ManagedRuntime({ bundledDir: bundled, managedDir });
    await expect(runtime.ensure()).rejects.toThrow("does not match its checksum. Reinstall OpenCode Turnkey.");
    expect(runtime.state().phase).toBe("failed");
    expect(existsSync(join(managedDir, "opencode"))).toBe(false);
    expect(existsSync(join(managedDir, "opencode.partial"))).toBe(false);
  });

  it("without a bundle, says so and provides nothing", async () => {
    const runtime = new ManagedRuntime({ bundledDir: null, managedDir: join(tempDir(), "rt") });
    expect(await runtime.ensure()).toBeNull();
    expect(runtime.state().phase).toBe("unavailable");
  });

  it("a sidecar start never runs an unverified copy", async () => {
    const bundled = await bundle();
    const managedDir = join(tempDir(), "rt");
    const runtime = new ManagedRuntime({ bundledDir: bundled, managedDir });
    const supervisor = fakeSupervisor("", {
      deps: {
        resolveBinary: async () => resolveOpencodeBinary({ managedDir: (await runtime.ensure()) ? managedDir : null }),
      },
    });
    expect(await supervisor.start()).toMatchObject({ state: "running", binary: { source: "managed" } });
    await supervisor.stop();
    flipByte(join(managedDir, "opencode"));
    expect(await supervisor.start()).toMatchObject({ state: "running", binary: { source: "managed" } });
    expect(await sha256Of(join(managedDir, "opencode"))).toBe(await sha256Of(join(bundled, "opencode")));
  });
});

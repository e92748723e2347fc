// File modes of the data dir: a fresh install after a real session (opencode's database, WAL,
// credential store and logs included), and an install from before the rule, tightened at start-up.

import { chmodSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { createTurnkeyClient } from "@turnkey/client";
import { tightenTree } from "@turnkey/sidecar";
import { afterAll, describe, expect, it, onTestFinished } from "vitest";
import { testModelCatalogue } from "../../../packages/sidecar/test/isolatedHome.ts";
import { startBackend } from "../src/startBackend.ts";
import { fakeOpencode } from "./harness.ts";
import { startRealBackend } from "./realBackend.ts";

const roots: string[] = [];
afterAll(() => {
  for (const root of roots) rmSync(root, { recursive: true, force: true });
});
function newRoot(): string {
  const root = mkdtempSync(join(tmpdir(), "turnkey modes-"));
  roots.push(root);
  return root;
}

/** Every entry under dir with a mode that is not owner-only: `path mode`. */
function notPrivate(dir: string): string[] {
  const bad: string[] = [];
  const visit = (path: string) => {
    const info = lstatSync(path);
    if (info.isSymbolicLink()) return;
    const mode = info.mode & 0o777;
    const ok = info.isDirectory() ? mode === 0o700 : mode === 0o600 || mode === 0o700;
    if (!ok) bad.push(`${relative(dir, path) || "."} ${mode.toString(8)}`);
    if (info.isDirectory()) for (const name of readdirSync(path)) visit(join(path, name));
  };
  visit(dir);
  return bad;
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: "utf8" }).map((name) => name.split("\\").join("/"));
}

describe.skipIf(process.platform === "win32")(
  "private files (POSIX: file modes; on Windows %LOCALAPPDATA%'s inherited ACL does this)",
  () => {
    it("a fresh data dir after a real session: 0700 folders, 0600 files, opencode's own included", async () => {
      // opencode's own folders stay in the data dir (the managed profile's), to be checked there.
      const { backend, dataDir, close } = await startRealBackend({
        name: "modes",
        env: (root) => ({
          HOME: join(root, "home"),
          XDG_CACHE_HOME: join(root, "cache"),
          OPENCODE_MODELS_PATH: testModelCatalogue,
        }),
        // Unseeded on purpose (opencode's own installed files are checked too), so its first call
        // waits for opencode's plugin install: over 2 min on a loaded 2-core machine once.
        backend: { uiDir: null, autostart: false, profile: "managed", sidecarCallDeadlineMs: 240_000 },
      });
      onTestFinished(close);
      const client = createTurnkeyClient({ baseUrl: backend.url, token: backend.token, timeoutMs: 270_000 });
      try {
        await client.start();
        await client.setProviderKey("openai", "sk-modes-check-0123456789");
        const { session } = await client.createSession({});
        await client.sendAndWait(session.id, "hello");
      } finally {
        await backend.close();
      }
      const files = filesUnder(dataDir);
      // The files that matter most are there, and are checked like everything else.
      for (const name of ["opencode/data/opencode/auth.json", "opencode/config/opencode/opencode.json"])
        expect(files).toContain(name);
      expect(files.some((f) => /opencode\.db$/.test(f))).toBe(true);
      expect(files.some((f) => f.startsWith("logs/"))).toBe(true);
      expect(notPrivate(dataDir)).toEqual([]);
      expect(files.length).toBeGreaterThan(10);
    }, 420_000);

    it("an older install's data dir is tightened at start-up, before the backend is up", async () => {
      const root = newRoot();
      const dataDir = join(root, "data");
      const old = [
        "settings.json",
        "sidecar.json",
        "logs/sidecar.log",
        "opencode/data/opencode/opencode.db",
        "opencode/data/opencode/opencode.db-wal",
        "opencode/data/opencode/auth.json",
      ];
      for (const file of old) {
        mkdirSync(join(dataDir, file, ".."), { recursive: true, mode: 0o755 });
        writeFileSync(join(dataDir, file), file === "settings.json" ? "{}" : "x", { mode: 0o644 });
      }
      mkdirSync(join(dataDir, "runtime", "opencode", "1.0.0"), { recursive: true });
      writeFileSync(join(dataDir, "runtime", "opencode", "1.0.0", "opencode"), "#!/bin/sh\n", { mode: 0o755 });
      for (const dir of ["", "logs", "opencode", "opencode/data", "opencode/data/opencode", "runtime"])
        chmodSync(join(dataDir, dir), 0o755);
      expect(notPrivate(dataDir).length).toBeGreaterThan(8);

      const backend = await startBackend({ dataDir, opencodeBin: fakeOpencode, autostart: false, uiDir: null });
      try {
        expect(notPrivate(dataDir)).toEqual([]);
        // A program stays runnable by its owner.
        expect(lstatSync(join(dataDir, "runtime", "opencode", "1.0.0", "opencode")).mode & 0o777).toBe(0o700);
      } finally {
        await backend.close();
      }
    });

    it("leaves symlinks and what they point to alone, and does nothing on Windows", async () => {
      const root = newRoot();
      const outside = join(root, "outside.txt");
      writeFileSync(outside, "not ours", { mode: 0o644 });
      chmodSync(outside, 0o644);
      const dir = join(root, "data");
      mkdirSync(dir, { mode: 0o755 });
      chmodSync(dir, 0o755);
      symlinkSync(outside, join(dir, "link"));
      expect(await tightenTree(dir, "win32")).toBe(0);
      expect(lstatSync(dir).mode & 0o777).toBe(0o755);
      expect(await tightenTree(dir)).toBe(1);
      expect(lstatSync(outside).mode & 0o777).toBe(0o644);
      expect(lstatSync(dir).mode & 0o777).toBe(0o700);
    });
  },
);

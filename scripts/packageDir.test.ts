// `electron-builder --dir` for Windows, run for real with a stand-in Electron folder
// (`electronDist`, so nothing is downloaded): a small real PE with version info from
// electron-winstaller's vendor folder plays electron.exe, with an Electron fuse wire appended
// (@electron/fuses' sentinel, wire version 1, 9 fuses) so `electronFuses` can be applied. The packed app folder must hold what the
// app needs: the bundles and the web UI in app.asar; opencode.exe with its manifest, koffi's
// native module and the ICO tray icons in resources; and the package check (afterPack) runs.
// Not exercised here: editing and signing the executable (signAndEditExecutable is off, as no
// signtool runs on Linux) and the NSIS installer itself (scripts/installer.test.ts compiles
// resources/installer.nsh). The Windows CI workflow runs the whole `npm run dist:win`.
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { listPackage } from "@electron/asar";
import { Arch, build, Platform } from "electron-builder";
import { beforeAll, describe, expect, it } from "vitest";
import { tempDir } from "../packages/sidecar/test/harness.ts";
import { buildDesktop } from "./buildDesktop.ts";
import { effectiveBuilderConfig, projectDir } from "./builderConfig.ts";
import { ensureWebBuild } from "./ensureWebBuild.ts";

const standInExe = join(projectDir, "node_modules", "electron-winstaller", "vendor", "rcedit.exe");
const fuseSentinel = "dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX";
const standInWire = "111111111";

function stage() {
  const dir = tempDir();
  const electron = join(dir, "electron");
  mkdirSync(electron);
  writeFileSync(
    join(electron, "electron.exe"),
    Buffer.concat([readFileSync(standInExe), Buffer.from(fuseSentinel), Buffer.from([1, 9]), Buffer.from(standInWire)]),
  );
  writeFileSync(join(electron, "version"), "45.4.1");
  const opencode = join(dir, "opencode");
  mkdirSync(opencode);
  writeFileSync(join(opencode, "opencode.exe"), "MZ stand-in opencode");
  const sha256 = createHash("sha256").update("MZ stand-in opencode").digest("hex");
  writeFileSync(join(opencode, "manifest.json"), JSON.stringify({ version: "1.0.0", sha256 }));
  const koffi = join(dir, "koffi");
  mkdirSync(koffi);
  writeFileSync(join(koffi, "koffi.node"), "MZ stand-in koffi");
  return { dir, electron, opencode, koffi, sha256 };
}

describe.skipIf(!existsSync(standInExe))("electron-builder --dir (Windows, stand-in Electron)", () => {
  beforeAll(async () => {
    await buildDesktop();
    ensureWebBuild();
  });

  it("packs the bundles, the web UI, opencode with its manifest, koffi and the tray icons", async () => {
    const staged = stage();
    const output = join(staged.dir, "out");
    await build({
      projectDir,
      targets: Platform.WINDOWS.createTarget("dir", Arch.x64),
      publish: "never",
      config: {
        electronDist: staged.electron,
        electronVersion: "45.4.1",
        directories: { output },
        win: {
          signAndEditExecutable: false,
          // Merged with electron-builder.yml's own entries (which point at the real staging
          // folders, absent here: electron-builder skips a missing source with a warning).
          extraResources: [
            { from: staged.opencode, to: "opencode/win32-x64" },
            { from: staged.koffi, to: "koffi/win32_x64" },
          ],
        },
      },
    });
    const app = join(output, "win-unpacked");
    const resources = join(app, "resources");
    expect(existsSync(join(app, "OpenCode Turnkey.exe"))).toBe(true);
    const asar = listPackage(join(resources, "app.asar"), { isPack: false }).map((f) => f.replaceAll("\\", "/"));
    for (const file of [
      "/package.json",
      "/apps/desktop/dist/main.cjs",
      "/apps/desktop/dist/backend-worker.mjs",
      "/apps/web/dist/index.html",
    ]) {
      expect(asar).toContain(file);
    }
    expect(asar.some((f) => f.startsWith("/node_modules/"))).toBe(false);
    expect(asar.some((f) => f.endsWith(".map"))).toBe(false);
    const binary = readFileSync(join(resources, "opencode", "win32-x64", "opencode.exe"));
    const manifest = JSON.parse(readFileSync(join(resources, "opencode", "win32-x64", "manifest.json"), "utf8"));
    expect(createHash("sha256").update(binary).digest("hex")).toBe(manifest.sha256);
    expect(existsSync(join(resources, "koffi", "win32_x64", "koffi.node"))).toBe(true);
    expect(existsSync(join(resources, "icons", "tray-running.ico"))).toBe(true);
    // When electron-builder.yml sets electronFuses, they were flipped in the packed executable.
    const exe = readFileSync(join(app, "OpenCode Turnkey.exe"));
    const wireAt = exe.indexOf(fuseSentinel) + fuseSentinel.length + 2;
    const wire = exe.subarray(wireAt, wireAt + standInWire.length).toString("latin1");
    if ((await effectiveBuilderConfig({})).electronFuses) expect(wire).not.toBe(standInWire);
    else expect(wire).toBe(standInWire);
  });

  it("fails the build when the package is incomplete (the afterPack check runs)", async () => {
    const staged = stage();
    writeFileSync(join(staged.opencode, "opencode.exe"), "MZ stand-in opencode, re-signed");
    await expect(
      build({
        projectDir,
        targets: Platform.WINDOWS.createTarget("dir", Arch.x64),
        publish: "never",
        config: {
          electronDist: staged.electron,
          electronVersion: "45.4.1",
          directories: { output: join(staged.dir, "out") },
          win: {
            signAndEditExecutable: false,
            extraResources: [{ from: staged.opencode, to: "opencode/win32-x64" }],
          },
        },
      }),
    ).rejects.toThrow(/opencode\.exe no longer matches its manifest[\s\S]*koffi's native module/);
  });

  it("keeps opencode.exe out of signing in the configuration electron-builder actually uses", async () => {
    const config = await effectiveBuilderConfig({});
    expect(config.win?.signExts).toEqual(["!opencode.exe"]);
  });
});

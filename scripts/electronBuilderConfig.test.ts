// The installer configuration, checked the way electron-builder itself will read it, since the
// Windows build cannot run here.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import Ajv from "ajv";
import { load } from "js-yaml";
import { describe, expect, it } from "vitest";
import { effectiveBuilderConfig, updateFeed } from "./builderConfig.ts";

const root = join(import.meta.dirname, "..");
interface BuilderConfig {
  appId: string;
  files: string[];
  extraResources: { from: string; to: string }[];
  win: { target: unknown; icon: string; artifactName: string; extraResources: { from: string; to: string }[] };
  nsis: Record<string, unknown> & { include: string };
}
const config = load(readFileSync(join(root, "electron-builder.yml"), "utf8")) as BuilderConfig;
/** electron-builder's own ${…} macros, which are not JavaScript templates. */
const macro = (name: string) => `$${"{"}${name}}`;

describe("electron-builder.yml", () => {
  it("validates against electron-builder's own schema (app-builder-lib/scheme.json)", () => {
    const schema = JSON.parse(readFileSync(join(root, "node_modules", "app-builder-lib", "scheme.json"), "utf8"));
    const ajv = new Ajv({ allErrors: true, strict: false, allowUnionTypes: true });
    const validate = ajv.compile(schema);
    expect(validate(config), JSON.stringify(validate.errors, null, 2)).toBe(true);
    // …and the check has teeth: a wrong type or an unknown option is refused.
    expect(validate({ ...config, nsis: { ...config.nsis, perMachine: "yes" } })).toBe(false);
    expect(validate({ ...config, nsis: { ...config.nsis, runAfterFinsh: true } })).toBe(false);
  });

  it("flips the Electron fuses that keep the shipped binary from running other code", () => {
    expect((config as unknown as { electronFuses: unknown }).electronFuses).toEqual({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      enableCookieEncryption: true,
    });
    // An unknown fuse name would be refused by the schema check above.
  });

  it("builds a per-user NSIS installer for x64 that launches the app when done", () => {
    expect(config.win.target).toEqual([{ target: "nsis", arch: ["x64"] }]);
    expect(config.nsis).toMatchObject({
      perMachine: false,
      allowElevation: false,
      runAfterFinish: true,
      oneClick: true,
    });
    expect(config.win.artifactName).toContain(macro("version"));
    expect(config.appId).toMatch(/^[a-z0-9.-]+$/);
  });

  it("bundles the staged opencode binary per target architecture (never the build host's platform), koffi and the tray icons", () => {
    const arch = macro("arch");
    expect(config.win.extraResources).toContainEqual({
      from: `resources/opencode/win32-${arch}`,
      to: `opencode/win32-${arch}`,
    });
    expect(config.win.extraResources).toContainEqual({
      from: `node_modules/@koromix/koffi-win32-${arch}/win32_${arch}`,
      to: `koffi/win32_${arch}`,
    });
    expect(JSON.stringify(config)).not.toContain(macro("platform"));
    expect(config.extraResources).toContainEqual({ from: "resources/icons", to: "icons" });
    expect(existsSync(join(root, config.win.icon))).toBe(true);
    // Where koffi looks for its native module in a packaged app: <resourcesPath>/koffi/<platform>_<arch>/.
    expect(readFileSync(join(root, "node_modules", "koffi", "src", "koffi", "index.cjs"), "utf8")).toContain(
      '"/koffi"',
    );
  });

  it("packages the bundles, not node_modules, and main points at the bundled entry", () => {
    const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
    expect(pkg.main).toBe("apps/desktop/dist/main.cjs");
    expect(config.files).toEqual(
      expect.arrayContaining(["apps/desktop/dist/**", "apps/web/dist/**", "!node_modules/**"]),
    );
    expect(pkg.scripts["dist:win"]).toContain("stage:opencode -- --platform win32 --arch x64");
    expect(pkg.scripts["dist:win"]).toContain("scripts/dist.ts --x64");
  });
});

describe("the app-update feed", () => {
  it("is set at build time from TURNKEY_UPDATE_OWNER / TURNKEY_UPDATE_REPO; the file holds no placeholder", async () => {
    expect((config as unknown as { publish: unknown }).publish).toEqual({ provider: "github", releaseType: "release" });
    const effective = await effectiveBuilderConfig({
      TURNKEY_UPDATE_OWNER: "acme",
      TURNKEY_UPDATE_REPO: "turnkey.app",
    });
    expect(effective.publish).toEqual({
      provider: "github",
      releaseType: "release",
      owner: "acme",
      repo: "turnkey.app",
    });
  });

  it("names what to set when it is missing or malformed", () => {
    expect(() => updateFeed({})).toThrow(/TURNKEY_UPDATE_OWNER and TURNKEY_UPDATE_REPO are empty\. Set /);
    expect(() => updateFeed({ TURNKEY_UPDATE_OWNER: "acme" })).toThrow(/: TURNKEY_UPDATE_REPO is empty\./);
    expect(() => updateFeed({ TURNKEY_UPDATE_OWNER: "acme/x", TURNKEY_UPDATE_REPO: "r" })).toThrow(
      /"acme\/x\/r" is not a GitHub repository name/,
    );
    expect(updateFeed({ TURNKEY_UPDATE_OWNER: " acme ", TURNKEY_UPDATE_REPO: "r" })).toEqual({
      owner: "acme",
      repo: "r",
    });
  });

  it("an installer build without it fails at once with that sentence, before building anything", () => {
    const env = { ...process.env };
    delete env.TURNKEY_UPDATE_OWNER;
    delete env.TURNKEY_UPDATE_REPO;
    const run = spawnSync(process.execPath, ["--import", "tsx", join(root, "scripts", "dist.ts"), "--x64"], {
      cwd: root,
      env,
      encoding: "utf8",
      timeout: 60_000,
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain("The app-update feed is not set");
    expect(run.stderr).not.toContain("Building the Windows installer");
  });
});

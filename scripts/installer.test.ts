// The Windows installer's own pieces, as far as they can be checked here: the effective builder
// configuration (signing from the environment, opencode.exe never re-signed), the package check
// electron-builder runs after packing and after signing, and the NSIS include, compiled with
// makensis against stand-ins for electron-builder's defines when makensis is installed.
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import Ajv from "ajv";
import { describe, expect, it } from "vitest";
import { tempDir } from "../packages/sidecar/test/harness.ts";
import { effectiveBuilderConfig, signingSummary } from "./builderConfig.ts";

const root = join(import.meta.dirname, "..");
const require = createRequire(import.meta.url);
const { packageProblems } = require("./packageCheck.cjs") as {
  packageProblems: (
    appOutDir: string,
    platform: string,
    arch: string,
    listAsar: (file: string) => string[],
  ) => string[];
};

const azure = {
  AZURE_TRUSTED_SIGNING_ENDPOINT: "https://eus.codesigning.azure.net",
  AZURE_TRUSTED_SIGNING_ACCOUNT: "turnkey",
  AZURE_TRUSTED_SIGNING_PROFILE: "public-trust",
};

describe("effective electron-builder configuration", () => {
  const schema = JSON.parse(readFileSync(join(root, "node_modules", "app-builder-lib", "scheme.json"), "utf8"));
  const validate = new Ajv({ allErrors: true, strict: false, allowUnionTypes: true }).compile(schema);

  it("never re-signs opencode.exe, signs with SHA-256 and a timestamp, and is unsigned without credentials", async () => {
    const config = await effectiveBuilderConfig({});
    expect(config.win?.signExts).toContain("!opencode.exe");
    expect(config.win?.signtoolOptions).toMatchObject({ signingHashAlgorithms: ["sha256"] });
    expect(config.win?.azureSignOptions).toBeUndefined();
    expect(signingSummary(config, {})).toMatch(/^unsigned/);
    expect(signingSummary(config, { WIN_CSC_LINK: "cert.pfx" })).toMatch(/certificate/);
    expect(validate(config), JSON.stringify(validate.errors)).toBe(true);
  });

  it("adds Azure Trusted Signing only when all its variables are set, and stays schema-valid", async () => {
    const partial = await effectiveBuilderConfig({ ...azure, AZURE_TRUSTED_SIGNING_PROFILE: "" });
    expect(partial.win?.azureSignOptions).toBeUndefined();
    const config = await effectiveBuilderConfig(azure);
    expect(config.win?.azureSignOptions).toEqual({
      endpoint: azure.AZURE_TRUSTED_SIGNING_ENDPOINT,
      codeSigningAccountName: "turnkey",
      certificateProfileName: "public-trust",
      publisherName: "OpenCode Turnkey",
    });
    expect(config.win?.signExts).toContain("!opencode.exe");
    expect(validate(config), JSON.stringify(validate.errors)).toBe(true);
    expect(signingSummary(config, {})).toMatch(/Azure/);
  });

  it("excludes opencode.exe the way electron-builder decides what to sign (WinPackager.shouldSignFile)", async () => {
    const { WinPackager } = require("app-builder-lib") as {
      WinPackager: { prototype: { shouldSignFile(this: unknown, file: string, fallback?: boolean): boolean } };
    };
    const packager = { platformSpecificBuildOptions: (await effectiveBuilderConfig({})).win };
    const shouldSign = (file: string) => WinPackager.prototype.shouldSignFile.call(packager, file, true);
    expect(shouldSign("C:\\b\\win-unpacked\\resources\\opencode\\win32-x64\\opencode.exe")).toBe(false);
    expect(shouldSign("C:\\b\\win-unpacked\\OpenCode Turnkey.exe")).toBe(true);
    // Without the exclusion electron-builder would re-sign it: the test has teeth.
    const unguarded = { platformSpecificBuildOptions: { ...packager.platformSpecificBuildOptions, signExts: null } };
    expect(WinPackager.prototype.shouldSignFile.call(unguarded, "C:\\x\\opencode.exe", true)).toBe(true);
  });

  it("runs the package check after packing and after signing", async () => {
    const config = await effectiveBuilderConfig({});
    expect(config.afterPack).toBe("scripts/packageCheck.cjs");
    expect(config.afterSign).toBe("scripts/packageCheck.cjs");
    expect(config.npmRebuild).toBe(false);
    expect(config.publish).toEqual(expect.objectContaining({ provider: "github" }));
  });
});

describe("package check (afterPack / afterSign)", () => {
  const bundles = [
    "package.json",
    "apps/desktop/dist/main.cjs",
    "apps/desktop/dist/backend-worker.mjs",
    "apps/web/dist/index.html",
  ];

  function fakePackage(binary = "MZ opencode") {
    const out = tempDir();
    const put = (path: string, data: string) => {
      mkdirSync(join(out, path, ".."), { recursive: true });
      writeFileSync(join(out, path), data);
    };
    put("resources/opencode/win32-x64/opencode.exe", binary);
    const sha256 = createHash("sha256").update("MZ opencode").digest("hex");
    put("resources/opencode/win32-x64/manifest.json", JSON.stringify({ sha256 }));
    put("resources/koffi/win32_x64/koffi.node", "MZ");
    put("resources/icons/tray-running.ico", "ico");
    put("resources/app.asar", "asar");
    return out;
  }

  it("accepts a complete package", () => {
    expect(packageProblems(fakePackage(), "win32", "x64", () => bundles)).toEqual([]);
  });

  it("names what is missing, and a re-signed opencode.exe", () => {
    const problems = packageProblems(fakePackage("MZ opencode + signature"), "win32", "arm64", () => bundles.slice(1));
    expect(problems.join("\n")).toContain("opencode.exe is missing from the package");
    expect(problems.join("\n")).toContain("koffi's native module");
    expect(problems.join("\n")).toContain("app.asar lacks package.json");
    const resigned = packageProblems(fakePackage("MZ opencode + signature"), "win32", "x64", () => bundles);
    expect(resigned).toEqual([
      expect.stringMatching(/no longer matches its manifest .*Keep "!opencode.exe" in win.signExts/),
    ]);
  });
});

const makensis = ["/usr/bin/makensis", "/usr/local/bin/makensis"].find((p) => existsSync(p));

describe("resources/installer.nsh", () => {
  const nsh = readFileSync(join(root, "resources", "installer.nsh"), "utf8");

  it("ends the app in customCheckAppRunning: --quit first, then this user's tree by force, by System32 path, no fixed sleep", () => {
    expect(nsh).toContain("!macro customCheckAppRunning");
    // biome-ignore lint/suspicious/noTemplateCurlyInString: NSIS's own ${…} syntax, not a JavaScript template
    expect(nsh).toContain('"$INSTDIR\\${APP_EXECUTABLE_FILENAME}" --quit');
    expect(nsh).toMatch(/"\$SYSDIR\\taskkill\.exe" \/F \/T \/FI "USERNAME eq \$turnkeyUser"/);
    expect(nsh).not.toMatch(/Sleep [1-9]\d{3}/);
    expect(nsh).not.toContain("!macro customUnInit");
  });

  it("removes the login item and runtime copies on uninstall and keeps chats unless asked", () => {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: NSIS's own ${…} syntax, not a JavaScript template
    expect(nsh).toContain('DeleteRegValue HKCU "Software\\Microsoft\\Windows\\CurrentVersion\\Run" "${APP_ID}"');
    expect(nsh).toContain("StartupApproved\\Run");
    expect(nsh).toContain('RMDir /r "$LOCALAPPDATA\\opencode-turnkey\\Data\\runtime"');
    expect(nsh).toMatch(/MessageBox MB_YESNO[^\n]*\/SD IDNO IDNO turnkeyKeepData/);
  });

  it.skipIf(!makensis)("compiles with makensis, warnings as errors, inserted where electron-builder inserts it", () => {
    const dir = tempDir();
    writeFileSync(
      join(dir, "check.nsi"),
      [
        "Unicode true",
        "!include LogicLib.nsh",
        '!define APP_EXECUTABLE_FILENAME "OpenCode Turnkey.exe"',
        '!define PRODUCT_NAME "OpenCode Turnkey"',
        '!define APP_ID "dev.opencode-turnkey.app"',
        "Var updatedFlag",
        "!macro _isUpdated _a _b _t _f",
        // biome-ignore lint/suspicious/noTemplateCurlyInString: NSIS's own ${…} syntax, not a JavaScript template
        '  StrCmp $updatedFlag "1" `${_t}` `${_f}`',
        "!macroend",
        '!define isUpdated `"" isUpdated ""`',
        `!include "${join(root, "resources", "installer.nsh")}"`,
        `OutFile "${join(dir, "check.exe")}"`,
        "RequestExecutionLevel user",
        "Section",
        '  StrCpy $updatedFlag "0"',
        `  WriteUninstaller "${join(dir, "uninstall.exe")}"`,
        // The installer inserts CHECK_APP_RUNNING twice (installSection.nsh).
        "  !insertmacro customCheckAppRunning",
        "  !insertmacro customCheckAppRunning",
        "SectionEnd",
        "Function un.checkAppRunning",
        "  !insertmacro customCheckAppRunning",
        "FunctionEnd",
        'Section "Uninstall"',
        "  Call un.checkAppRunning",
        "  !insertmacro customUnInstall",
        "SectionEnd",
      ].join("\n"),
    );
    execFileSync(makensis!, ["-V2", "-WX", join(dir, "check.nsi")], { stdio: "pipe" });
    expect(existsSync(join(dir, "check.exe"))).toBe(true);
  });
});

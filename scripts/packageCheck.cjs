// electron-builder's afterPack and afterSign hook (electron-builder.yml). A Windows package must
// hold what the app needs to run: the opencode binary for its own architecture with a manifest
// whose sha256 still matches (after signing too, which proves opencode.exe was left unsigned by
// `signExts: ["!opencode.exe"]`; the managed runtime refuses a binary that does not match), koffi's
// native module for the job object, the tray icons, and the bundles in app.asar. A package that
// lacks any of them fails the build here, not on a user's machine.
// CommonJS because electron-builder require()s hook files.
const { createHash } = require("node:crypto");
const { existsSync, readFileSync } = require("node:fs");
const { join } = require("node:path");

/** electron-builder's Arch enum (builder-util): ia32 0, x64 1, armv7l 2, arm64 3, universal 4. */
const archNames = ["ia32", "x64", "armv7l", "arm64", "universal"];

const asarEntries = [
  "package.json",
  "apps/desktop/dist/main.cjs",
  "apps/desktop/dist/backend-worker.mjs",
  "apps/web/dist/index.html",
];

/** Every problem with a packaged app folder, as sentences; empty when it is complete. */
function packageProblems(appOutDir, platform, arch, listAsar) {
  const resources = join(appOutDir, "resources");
  const problems = [];
  const need = (path, what) => {
    if (!existsSync(path)) problems.push(`${what} is missing from the package (${path}).`);
    return existsSync(path);
  };
  if (platform === "win32") {
    const dir = join(resources, "opencode", `win32-${arch}`);
    const binary = join(dir, "opencode.exe");
    const manifestFile = join(dir, "manifest.json");
    if (need(binary, "opencode.exe") && need(manifestFile, "The opencode manifest")) {
      const manifest = JSON.parse(readFileSync(manifestFile, "utf8"));
      const sha256 = createHash("sha256").update(readFileSync(binary)).digest("hex");
      if (manifest.sha256 !== sha256) {
        problems.push(
          `opencode.exe no longer matches its manifest (sha256 ${sha256}, manifest ${manifest.sha256}): was it re-signed? Keep "!opencode.exe" in win.signExts.`,
        );
      }
    }
    need(join(resources, "koffi", `win32_${arch}`, "koffi.node"), "koffi's native module (for the job object)");
    need(join(resources, "icons", "tray-running.ico"), "The tray icons");
  }
  const asar = join(resources, "app.asar");
  if (need(asar, "app.asar")) {
    const files = new Set(listAsar(asar).map((f) => f.replaceAll("\\", "/").replace(/^\//, "")));
    for (const entry of asarEntries) if (!files.has(entry)) problems.push(`app.asar lacks ${entry}.`);
  }
  return problems;
}

async function check(context) {
  const { listPackage } = require("@electron/asar");
  const arch = archNames[context.arch] ?? String(context.arch);
  const problems = packageProblems(context.appOutDir, context.electronPlatformName, arch, (a) => listPackage(a, {}));
  if (problems.length > 0) throw new Error(`The package is incomplete:\n- ${problems.join("\n- ")}`);
}

module.exports = check;
module.exports.default = check;
module.exports.packageProblems = packageProblems;

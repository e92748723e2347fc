// `npm run dist:win`: electron-builder on electron-builder.yml plus signing from the environment
// (scripts/builderConfig.ts). `--dir` builds the unpacked app folder only; `--arm64` targets
// Windows on ARM (stage its opencode first). An installer needs the app-update feed
// (TURNKEY_UPDATE_OWNER / TURNKEY_UPDATE_REPO); the app folder alone does not.
import { Arch, build, Platform } from "electron-builder";
import { effectiveBuilderConfig, environmentOverrides, signingSummary, updateFeed } from "./builderConfig.ts";

const args = process.argv.slice(2);
const arch = args.includes("--arm64") ? Arch.arm64 : Arch.x64;
const installer = !args.includes("--dir");
let feed: string;
try {
  const { owner, repo } = updateFeed(process.env);
  feed = `app updates from github.com/${owner}/${repo}`;
} catch (error) {
  if (installer) {
    process.stderr.write(`${(error as Error).message}\n`);
    process.exit(1);
  }
  feed = "no app-update feed";
}
const summary = signingSummary(await effectiveBuilderConfig(process.env), process.env);
process.stderr.write(`Building the Windows ${installer ? "installer" : "app folder"}, ${summary}, ${feed}.\n`);
await build({
  targets: Platform.WINDOWS.createTarget(installer ? "nsis" : "dir", arch),
  config: environmentOverrides(process.env),
  publish: "never",
});

// `npm run dist:win`: electron-builder with the effective configuration (scripts/builderConfig.ts).
// `--dir` builds the unpacked app folder only; `--arm64` targets Windows on ARM (after staging it).
import { Arch, build, Platform } from "electron-builder";
import { effectiveBuilderConfig, signingSummary } from "./builderConfig.ts";

const args = process.argv.slice(2);
const arch = args.includes("--arm64") ? Arch.arm64 : Arch.x64;
const config = effectiveBuilderConfig(process.env);
process.stderr.write(
  `Building the Windows ${args.includes("--dir") ? "app folder" : "installer"}, ${signingSummary(config, process.env)}.\n`,
);
await build({
  targets: Platform.WINDOWS.createTarget(args.includes("--dir") ? "dir" : "nsis", arch),
  config,
  publish: "never",
});

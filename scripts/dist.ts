// `npm run dist:win`: electron-builder on electron-builder.yml plus signing from the environment
// (scripts/builderConfig.ts). `--dir` builds the unpacked app folder only; `--arm64` targets
// Windows on ARM (stage its opencode first).
import { Arch, build, Platform } from "electron-builder";
import { effectiveBuilderConfig, signingOverrides, signingSummary } from "./builderConfig.ts";

const args = process.argv.slice(2);
const arch = args.includes("--arm64") ? Arch.arm64 : Arch.x64;
const summary = signingSummary(await effectiveBuilderConfig(process.env), process.env);
process.stderr.write(`Building the Windows ${args.includes("--dir") ? "app folder" : "installer"}, ${summary}.\n`);
await build({
  targets: Platform.WINDOWS.createTarget(args.includes("--dir") ? "dir" : "nsis", arch),
  config: signingOverrides(process.env),
  publish: "never",
});

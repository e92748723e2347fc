// Bundles the backend into one ESM file, every dependency inlined: the Electron worker
// (scripts/buildDesktop.ts) and the headless CLI (`npm run serve`) run the same kind of bundle,
// so neither transpiles TypeScript or resolves hundreds of modules at start-up.
import { join } from "node:path";
import { type BuildOptions, build } from "esbuild";

const root = join(import.meta.dirname, "..");
export const cliBundle = join(root, "apps", "backend", "dist", "cli.mjs");

export function backendBundleOptions(entry: string, outfile: string): BuildOptions {
  return {
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: "node",
    target: "node20",
    format: "esm",
    sourcemap: true,
    // Less source to hold and parse at start-up; names stay, so stack traces still read.
    minifyWhitespace: true,
    minifySyntax: true,
    logLevel: "warning",
    // Some dependencies are CommonJS and call require(); give the ESM bundle one.
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  };
}

/** The headless CLI, at apps/backend/dist/cli.mjs (beside src/, so its relative paths hold). */
export async function buildBackendCli(): Promise<void> {
  await build(backendBundleOptions(join(root, "apps", "backend", "src", "cli.ts"), cliBundle));
}

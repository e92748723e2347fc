// Bundles what Electron runs: the main process (CJS, electron external) and the backend worker
// (ESM, every dependency inlined), so the packaged app needs no node_modules at all.
import { mkdirSync, renameSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { type BuildOptions, build as esbuild } from "esbuild";
import { backendBundleOptions } from "./buildBackend.ts";

const root = join(import.meta.dirname, "..");
export const desktopDist = join(root, "apps", "desktop", "dist");
export const workerBundle = join(desktopDist, "backend-worker.mjs");

/**
 * Writes each output atomically (temp file, then rename): several test files build the bundles
 * while others are already running them, and a worker must never start from a half-written file.
 */
async function build(options: BuildOptions): Promise<void> {
  const result = await esbuild({ ...options, write: false });
  for (const file of result.outputFiles ?? []) {
    mkdirSync(dirname(file.path), { recursive: true });
    const temp = `${file.path}.${process.pid}.tmp`;
    writeFileSync(temp, file.contents);
    renameSync(temp, file.path);
  }
}

export async function buildDesktop(): Promise<void> {
  const common = { bundle: true, platform: "node", target: "node22", sourcemap: true, logLevel: "warning" } as const;
  await build({
    ...common,
    entryPoints: [join(root, "apps", "desktop", "src", "main.ts")],
    outfile: join(desktopDist, "main.cjs"),
    format: "cjs",
    external: ["electron"],
  });
  await build({
    ...backendBundleOptions(join(root, "apps", "backend", "src", "worker.ts"), workerBundle),
    target: "node22",
  });
}

if (process.argv[1] && import.meta.filename === process.argv[1]) {
  await buildDesktop();
  process.stderr.write(`Built ${desktopDist}\n`);
}

// Bundles what Electron runs: the main process (CJS, electron external) and the backend worker
// (ESM, every dependency inlined), so the packaged app needs no node_modules at all.
import { join } from "node:path";
import { backendBundleOptions, buildAtomically as build } from "./buildBackend.ts";
import { isMain } from "./isMain.ts";

const root = join(import.meta.dirname, "..");
export const desktopDist = join(root, "apps", "desktop", "dist");
export const workerBundle = join(desktopDist, "backend-worker.mjs");

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

if (isMain(import.meta)) {
  await buildDesktop();
  process.stderr.write(`Built ${desktopDist}\n`);
}

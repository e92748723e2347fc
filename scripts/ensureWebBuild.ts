// Builds the web UI when dist/ is missing or older than its sources, so `npm run serve` works on
// a fresh clone and after a pull, and costs one stat walk otherwise. Build output goes to
// stderr: the backend's stdout carries only its ready line.
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { withBuildLock } from "./buildLock.ts";
import { isFresh, webTarget } from "./freshness.mjs";
import { isMain } from "./isMain.ts";

const root = join(import.meta.dirname, "..");
const webDir = join(root, "apps", "web");

export function webBuildIsFresh(): boolean {
  return isFresh(webTarget);
}

export function ensureWebBuild(): void {
  if (webBuildIsFresh()) return;
  // Test files in parallel workers may all find it stale at once: one builds (vite empties dist/
  // first), the others wait and find it fresh.
  withBuildLock(join(root, "node_modules", ".cache", "turnkey-web-build.lock"), "build of the web UI", () => {
    if (!webBuildIsFresh()) buildWeb();
  });
}

function buildWeb(): void {
  process.stderr.write("Building the web UI…\n");
  const result = spawnSync(process.execPath, [join(root, "node_modules", "vite", "bin", "vite.js"), "build"], {
    cwd: webDir,
    // Always a production build: an inherited NODE_ENV (vitest sets "test") would ship React's
    // development bundle, twice the size.
    env: { ...process.env, NODE_ENV: "production" },
    stdio: ["ignore", 2, 2],
  });
  if (result.status !== 0) throw new Error("Building the web UI failed; see the output above.");
}

if (isMain(import.meta)) {
  try {
    ensureWebBuild();
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    process.exit(1);
  }
}

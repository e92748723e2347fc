// Whether a build output is older than its sources, by one stat walk. Plain JavaScript on
// purpose: `npm run serve` asks this before anything could transpile TypeScript.
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";

const root = join(import.meta.dirname, "..");
const web = join(root, "apps", "web");
const packageSources = ["client", "contracts", "sidecar"].map((name) => join(root, "packages", name, "src"));

/** The built web UI (scripts/ensureWebBuild.ts). */
export const webTarget = {
  output: join(web, "dist", "index.html"),
  sources: [
    join(web, "src"),
    join(web, "public"),
    join(web, "index.html"),
    join(web, "vite.config.ts"),
    join(web, "build"),
    join(root, "packages", "client", "src"),
    join(root, "packages", "contracts", "src"),
    // A dependency upgraded (xterm, whose bundle build/ rewrites; React…) is a new build too.
    join(root, "package-lock.json"),
  ],
};

/** The headless CLI bundle (scripts/buildBackend.ts). */
export const cliTarget = {
  output: join(root, "apps", "backend", "dist", "cli.mjs"),
  sources: [
    join(root, "apps", "backend", "src"),
    ...packageSources,
    // The build script and every local module it imports (its esbuild plugins): a change to how
    // the bundle is made must rebuild it too (freshness.test.ts checks this list is complete).
    join(root, "scripts", "buildBackend.ts"),
    join(root, "scripts", "leanZod.ts"),
    join(root, "package.json"),
    join(root, "package-lock.json"),
  ],
};

/** Newest modification time under a path; tests are not part of any build. */
export function newestMtimeMs(path) {
  if (!existsSync(path)) return 0;
  const info = statSync(path);
  if (!info.isDirectory()) return info.mtimeMs;
  let newest = info.mtimeMs;
  for (const name of readdirSync(path)) {
    if (!/\.test\.tsx?$/.test(name)) newest = Math.max(newest, newestMtimeMs(join(path, name)));
  }
  return newest;
}

export function isFresh(target) {
  if (!existsSync(target.output)) return false;
  const built = statSync(target.output).mtimeMs;
  return target.sources.every((source) => newestMtimeMs(source) <= built);
}

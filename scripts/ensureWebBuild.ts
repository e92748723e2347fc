// Builds the web UI when dist/ is missing or older than its sources, so `npm run serve` works on
// a fresh clone and after a pull, and costs one stat walk otherwise. Build output goes to
// stderr: the backend's stdout carries only its ready line.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";

const root = join(import.meta.dirname, "..");
const webDir = join(root, "apps", "web");
const builtIndex = join(webDir, "dist", "index.html");
const sources = [
  join(webDir, "src"),
  join(webDir, "public"),
  join(webDir, "index.html"),
  join(webDir, "vite.config.ts"),
  join(root, "packages", "client", "src"),
  join(root, "packages", "contracts", "src"),
];

function newestMtimeMs(path: string): number {
  if (!existsSync(path)) return 0;
  const info = statSync(path);
  if (!info.isDirectory()) return info.mtimeMs;
  let newest = info.mtimeMs;
  for (const name of readdirSync(path)) newest = Math.max(newest, newestMtimeMs(join(path, name)));
  return newest;
}

export function webBuildIsFresh(): boolean {
  if (!existsSync(builtIndex)) return false;
  const built = statSync(builtIndex).mtimeMs;
  return sources.every((source) => newestMtimeMs(source) <= built);
}

export function ensureWebBuild(): void {
  if (webBuildIsFresh()) return;
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

if (process.argv[1] && import.meta.filename === process.argv[1]) {
  try {
    ensureWebBuild();
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    process.exit(1);
  }
}

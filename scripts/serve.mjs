// `npm run serve`: the headless backend as the desktop runs it, from a built bundle in this very
// process, so nothing transpiles TypeScript at start-up and no extra process sits between npm
// and the backend. Builds first (the web UI, the CLI bundle) only when one is missing or stale.
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { cliTarget, isFresh, webTarget } from "./freshness.mjs";

if (!isFresh(webTarget) || !isFresh(cliTarget)) {
  const build = spawnSync(process.execPath, ["--import", "tsx", join(import.meta.dirname, "buildForServe.ts")], {
    stdio: ["ignore", 2, 2],
  });
  if (build.status !== 0) process.exit(build.status ?? 1);
}
await import(pathToFileURL(cliTarget.output).href);

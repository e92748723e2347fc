// `npm run serve`: the headless backend as the desktop runs it, from a built bundle in this very
// process, so nothing transpiles TypeScript at start-up and no extra process sits between npm
// and the backend. Builds first (the web UI, the CLI bundle) only when one is missing or stale.
import { spawnSync } from "node:child_process";
import module from "node:module";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import { cliTarget, isFresh, webTarget } from "./freshness.mjs";

if (!isFresh(webTarget) || !isFresh(cliTarget)) {
  const build = spawnSync(process.execPath, ["--import", "tsx", join(import.meta.dirname, "buildForServe.ts")], {
    stdio: ["ignore", 2, 2],
  });
  if (build.status !== 0) process.exit(build.status ?? 1);
}
// Compiling the 1 MB bundle is most of a start's own CPU time; Node 22.1+ can keep the compiled
// code between runs (Node 20 has no such cache, so this is a no-op there). The cache sits beside
// the bundle, writable by whoever can write the bundle itself: Node's default, a folder under the
// shared temp dir with a predictable name, would let another local user plant compiled code.
module.enableCompileCache?.(join(dirname(cliTarget.output), ".compile-cache"));
await import(pathToFileURL(cliTarget.output).href);

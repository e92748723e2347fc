// `npm run serve`: the headless backend as the desktop runs it, from a built bundle in this very
// process, so nothing transpiles TypeScript at start-up and no extra process sits between npm
// and the backend. Builds first (the web UI, the CLI bundle) only when one is missing or stale.
import { spawnSync } from "node:child_process";
import module from "node:module";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import { setFlagsFromString } from "node:v8";
import { cliTarget, isFresh, webTarget } from "./freshness.mjs";

// V8 times its memory reducer's first look from the heap's first growth, which comes while this
// file checks the build, before the bundle's own start-up code could set it: the backend gives its
// start's garbage back while OpenCode starts only if that look comes soon (startupHeap.ts, which
// sets the same for a bundle started directly, and restores V8's 8 s once started).
setFlagsFromString("--gc-memory-reducer-start-delay-ms=400");
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

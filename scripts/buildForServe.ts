// What `npm run serve` needs built, built when missing or stale: the web UI and the CLI bundle.
// Run by scripts/serve.mjs only when one of them is; output goes to stderr.
import { buildBackendCli } from "./buildBackend.ts";
import { ensureWebBuild } from "./ensureWebBuild.ts";
import { cliTarget, isFresh } from "./freshness.mjs";

try {
  ensureWebBuild();
  if (!isFresh(cliTarget)) {
    process.stderr.write("Building the backend…\n");
    await buildBackendCli();
  }
} catch (error) {
  process.stderr.write(`${(error as Error).message}\n`);
  process.exit(1);
}

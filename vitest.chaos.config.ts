import { defineConfig } from "vitest/config";

// The chaos suite: long-running fault injection, fuzzing and leak scans, apart from `npm test`.
export default defineConfig({
  test: {
    include: ["chaos/**/*.test.ts"],
    testTimeout: 600_000,
    hookTimeout: 120_000,
    pool: "forks",
    // Ends and reports any `opencode serve` this run leaves behind (scripts/strayOpencode.ts);
    // installs opencode's plugin package once for the run's opencode config folders.
    globalSetup: ["scripts/strayOpencode.ts", "packages/sidecar/test/opencodeSeed.ts"],
    // global.gc, so memory is measured after a forced collection rather than whenever V8 felt like it.
    execArgv: ["--expose-gc"],
    fileParallelism: false,
  },
});

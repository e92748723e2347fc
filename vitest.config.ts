import { availableParallelism } from "node:os";
import { defineConfig } from "vitest/config";

// One runner for the whole monorepo; tests live beside the code they test.
export default defineConfig({
  test: {
    include: [
      "packages/*/src/**/*.test.ts",
      "packages/*/test/**/*.test.ts",
      "apps/*/src/**/*.test.{ts,tsx}",
      "apps/*/test/**/*.test.ts",
      "scripts/**/*.test.ts",
      "bench/**/*.test.ts",
    ],
    testTimeout: 60_000,
    // Hooks start and end whole backends with opencode and chromium; terminal.browser.test.ts's beforeAll also
    // waits up to 150 s for the chat window's pickers (openChatWindow), so 60 s cut that safety net
    // short on a loaded machine, and an afterAll cut short left its servers to the run's teardown.
    hookTimeout: 180_000,
    pool: "forks",
    // vitest's default is a worker per core but one: one on a 2-core CI, where most files wait on
    // opencode, chromium or a child process and the run used 1.1 cores. Two run side by side
    // (README "Tests").
    maxWorkers: Math.max(2, availableParallelism() - 1),
    // Ends and reports any `opencode serve` this run leaves behind (scripts/strayOpencode.ts);
    // installs opencode's plugin package once for the run's opencode config folders.
    globalSetup: ["scripts/strayOpencode.ts", "packages/sidecar/test/opencodeSeed.ts"],
    // Testing Library's waits and vi.waitFor get a safety net fit for a loaded 2-core machine;
    // expect.poll's is here (scripts/domTestSetup.ts says why).
    // scripts/lateRenders.ts does nothing unless asked (it plays a loaded machine, to find races).
    setupFiles: ["scripts/lateRenders.ts", "scripts/domTestSetup.ts"],
    expect: { poll: { timeout: 10_000 } },
  },
});

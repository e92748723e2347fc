import { defineConfig } from "vitest/config";

// The chaos suite: long-running fault injection, fuzzing and leak scans, apart from `npm test`.
export default defineConfig({
  test: {
    include: ["chaos/**/*.test.ts"],
    testTimeout: 600_000,
    hookTimeout: 120_000,
    pool: "forks",
    fileParallelism: false,
  },
});

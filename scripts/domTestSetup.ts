// Testing Library's findBy* and waitFor, vitest's vi.waitFor and expect.poll all give up after 1 s
// by default. On a 2-core CI machine running two vitest workers beside chromium and opencode, a
// React update in a happy-dom test or a fake electron's notification can take longer, and one test
// failed waiting for text that was on its way (waitingElsewhere.test.tsx, a fresh-clone CI run).
// Each such wait is for something that does come, so 10 s is a safety net, not a timing. A call that
// names its own timeout keeps it. expect.poll's default is set in vitest.config.ts (it has a
// setting); vi.waitFor has none, so every file's copy is wrapped here. Node-only test files have no
// `document` and load no Testing Library.
import { vi } from "vitest";

export const waitSafetyNetMs = 10_000;

const waitFor = vi.waitFor;
vi.waitFor = ((callback, options) =>
  waitFor(
    callback,
    typeof options === "number" ? options : { timeout: waitSafetyNetMs, ...options },
  )) as typeof waitFor;

if (typeof document !== "undefined") {
  const { configure } = await import("@testing-library/react");
  configure({ asyncUtilTimeout: waitSafetyNetMs });
}

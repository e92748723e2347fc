// Testing Library's findBy* and waitFor give up after 1 s by default. On a 2-core CI machine
// running two vitest workers beside chromium and opencode, a React update in a happy-dom test can
// take longer, and one failed waiting for text that was on its way (waitingElsewhere.test.tsx, a
// fresh-clone CI run). Each such wait is for something that does come, so 10 s is a safety net,
// not a timing. Node-only test files have no `document` and load nothing here.
if (typeof document !== "undefined") {
  const { configure } = await import("@testing-library/react");
  configure({ asyncUtilTimeout: 10_000 });
}

export {};

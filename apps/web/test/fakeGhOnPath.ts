// A fake GitHub CLI on PATH for a browser test: the backend's own fixture (fakeGh.mjs) as `gh`,
// answering what the test plans and writing down every call. The backend started by the test
// finds it on PATH as it would find the user's gh. `restore` puts PATH and the fake's settings back.
import { chmodSync, copyFileSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { delimiter, join } from "node:path";

export function fakeGhOnPath(root: string) {
  const bin = join(root, "bin");
  mkdirSync(bin);
  copyFileSync(join(import.meta.dirname, "..", "..", "backend", "test", "fixtures", "fakeGh.mjs"), join(bin, "gh"));
  chmodSync(join(bin, "gh"), 0o755);
  const log = join(root, "gh-log.jsonl");
  const planFile = join(root, "gh-plan.json");
  const saved = process.env.PATH;
  process.env.PATH = `${bin}${delimiter}${saved}`;
  process.env.FAKE_GH_LOG = log;
  process.env.FAKE_GH_PLAN = planFile;
  return {
    /** What the fake answers next (see fakeGh.mjs). */
    plan: (value: object) => writeFileSync(planFile, JSON.stringify(value)),
    /** A successful answer carrying `view` as gh's JSON. */
    answer: (view: object) => ({ code: 0, stdout: JSON.stringify(view) }),
    /** Every call so far, in order. */
    calls: () =>
      readFileSync(log, "utf8")
        .trim()
        .split("\n")
        .map((line) => JSON.parse(line) as { args: string[] }),
    restore: () => {
      process.env.PATH = saved;
      delete process.env.FAKE_GH_LOG;
      delete process.env.FAKE_GH_PLAN;
    },
  };
}

// The fake GitHub CLI for the pull request tests (fixtures/fakeGh.mjs, copied onto PATH as `gh`):
// what it answers next (`plan`), what it was run with (`runs`), a published project for it to act
// on, and a pull request as gh's JSON gives it. `useFakeGh()` installs it around each test.
import { chmodSync, copyFileSync, existsSync, mkdirSync, readFileSync, realpathSync, writeFileSync } from "node:fs";
import { delimiter, join } from "node:path";
import { afterEach, beforeEach } from "vitest";
import { git, repo } from "./gitProject.ts";
import { tempDir } from "./harness.ts";

const fakeGh = join(import.meta.dirname, "fixtures", "fakeGh.mjs");
export const pr = {
  number: 12,
  title: "Add the login page",
  state: "OPEN",
  isDraft: true,
  url: "https://github.com/o/r/pull/12",
  baseRefName: "main",
  headRefName: "add-login_page",
  headRefOid: "0123456789abcdef0123456789abcdef01234567",
  mergeable: "MERGEABLE",
  mergeStateStatus: "BLOCKED",
  statusCheckRollup: [
    // A re-run: the earlier failed run of "test" is superseded by the later one that passed.
    { ...run("test", "FAILURE", "2026-01-01T10:00:00Z"), detailsUrl: "https://github.com/o/r/actions/runs/1" },
    { ...run("test", "SUCCESS", "2026-01-01T11:00:00Z"), detailsUrl: "https://github.com/o/r/actions/runs/2" },
    { ...run("lint", "FAILURE", "2026-01-01T11:00:00Z"), detailsUrl: "javascript:alert(1)" },
    { __typename: "CheckRun", name: "build", workflowName: "CI", status: "IN_PROGRESS", conclusion: "" },
    { __typename: "StatusContext", context: "ci/old", state: "PENDING", targetUrl: "https://ci.example.com/7" },
  ],
};

function run(name: string, conclusion: string, startedAt: string) {
  return { __typename: "CheckRun", name, workflowName: "CI", status: "COMPLETED", conclusion, startedAt };
}

const touched = new Map<string, string | undefined>();
export function setEnv(name: string, value: string) {
  if (!touched.has(name)) touched.set(name, process.env[name]);
  process.env[name] = value;
}
let log: string;
let planFile: string;
/** What the fake gh answers next. */
export const plan = (value: object) => writeFileSync(planFile, JSON.stringify(value));
export interface GhRun {
  args: string[];
  stdin: string;
  cwd: string;
  pid: number;
  env: Record<string, string>;
}
/** Each run of the fake gh so far, as it recorded itself. */
export const runs = (): GhRun[] =>
  existsSync(log)
    ? readFileSync(log, "utf8")
        .trim()
        .split("\n")
        .map((line) => JSON.parse(line) as GhRun)
    : [];

/** The fake gh on PATH for each test of the file, and the environment put back after it. */
export function useFakeGh(): void {
  beforeEach(() => {
    const bin = join(realpathSync(tempDir()), "bin");
    mkdirSync(bin);
    copyFileSync(fakeGh, join(bin, "gh"));
    chmodSync(join(bin, "gh"), 0o755);
    log = join(bin, "..", "gh-log.jsonl");
    planFile = join(bin, "..", "gh-plan.json");
    plan({});
    setEnv("PATH", `${bin}${delimiter}${process.env.PATH}`);
    setEnv("FAKE_GH_LOG", log);
    setEnv("FAKE_GH_PLAN", planFile);
  });
  afterEach(() => {
    for (const [name, value] of touched) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    touched.clear();
  });
}

/** A project on the branch add-login_page with two commits, published to a bare origin that also has `release`. */
export function published(): string {
  const project = repo();
  const origin = join(project, "..", "origin.git");
  git(project, "init", "-q", "--bare", origin);
  git(project, "remote", "add", "origin", origin);
  git(project, "branch", "release");
  git(project, "push", "-q", "origin", "main", "release");
  git(project, "remote", "set-head", "origin", "main");
  git(project, "switch", "-q", "--create", "add-login_page");
  writeFileSync(join(project, "login.txt"), "form\n");
  git(project, "add", "-A");
  git(project, "commit", "-qm", "Add the login form", "-m", "It posts to /login.");
  writeFileSync(join(project, "login.txt"), "form\nstyle\n");
  git(project, "commit", "-qam", "Style the login form");
  git(project, "push", "-q", "--set-upstream", "origin", "add-login_page");
  return project;
}

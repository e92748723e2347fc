// Whether git would commit a project's config file (ProjectGit.wouldCommit, which the MCP form's
// refusal of a typed secret asks): with real git, for a file at a repository's root, in a package
// folder below it (a monorepo's package opened as the project), ignored, and outside any repository.
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { ProjectGit } from "./projectGit.ts";

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function setUp() {
  const root = realpathSync(mkdtempSync(join(tmpdir(), "would-commit-")));
  dirs.push(root);
  const repo = join(root, "repo");
  const outside = join(root, "outside");
  mkdirSync(join(repo, "packages", "app"), { recursive: true });
  mkdirSync(outside);
  execFileSync("git", ["init", "-q"], { cwd: repo });
  const git = new ProjectGit({
    folderOf: async () => repo,
    privateFolders: [],
    providerKeyNames: () => [],
    localDeadlineMs: 20_000,
  });
  return { root, repo, outside, git };
}

describe("ProjectGit.wouldCommit", () => {
  it("says yes for a config file at the root and in a package folder below it, no once ignored or outside git", async () => {
    const { repo, outside, git } = setUp();
    const atRoot = join(repo, "opencode.json");
    const inPackage = join(repo, "packages", "app", "opencode.json");
    for (const file of [atRoot, inPackage, join(outside, "opencode.json")]) writeFileSync(file, "{}\n");
    expect(await git.wouldCommit(atRoot)).toBe(true);
    expect(await git.wouldCommit(inPackage)).toBe(true);
    expect(await git.wouldCommit(join(outside, "opencode.json"))).toBe(false);
    writeFileSync(join(repo, ".gitignore"), "opencode.json\n");
    expect(await git.wouldCommit(atRoot)).toBe(false);
    expect(await git.wouldCommit(inPackage)).toBe(false);
  });

  it("says it cannot tell when git fails inside a repository, which a secret's guard takes as a yes", async () => {
    const { repo, git } = setUp();
    const file = join(repo, "opencode.json");
    writeFileSync(file, "{}\n");
    writeFileSync(join(repo, ".git", "config"), "[core\n"); // git: "fatal: bad config line 1"
    expect(await git.wouldCommit(file)).toBe("unknown");
  });

  it("says yes for a tracked file even when .gitignore names it", async () => {
    const { repo, git } = setUp();
    const file = join(repo, "opencode.json");
    writeFileSync(file, "{}\n");
    execFileSync("git", ["add", "opencode.json"], { cwd: repo });
    writeFileSync(join(repo, ".gitignore"), "opencode.json\n");
    expect(await git.wouldCommit(file)).toBe(true);
  });
});

// Committing any of more changed files than the Files tab lists (2,500 new files, the list capped at
// 100 to keep the test fast): the selection route counts a choice made by path filters and ticks
// over every changed file, a commit of that selection with its listing takes exactly those files,
// one whose listing is stale (a file made since it was counted) commits nothing, and a choice that
// names no files (the old `allExcept`, every changed file but some, with no listing) commits nothing.
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { GitCommitRequest, type GitSelection } from "@turnkey/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ProjectGit } from "../src/git/projectGit.ts";

const generated = Array.from({ length: 2_500 }, (_, i) => `out/f${String(i).padStart(4, "0")}.txt`);
let project: string;
let git: ProjectGit;
const run = (...args: string[]) =>
  execFileSync("git", ["-c", "user.email=t@example.com", "-c", "user.name=T", ...args], { cwd: project }).toString();

beforeAll(() => {
  project = join(realpathSync(mkdtempSync(join(tmpdir(), "turnkey-commit-choice-"))), "project");
  mkdirSync(join(project, "out"), { recursive: true });
  run("init", "-q", "-b", "main");
  writeFileSync(join(project, "README.md"), "one\n");
  run("add", "-A");
  run("commit", "-qm", "init");
  for (const path of generated) writeFileSync(join(project, path), `${path}\n`);
  git = new ProjectGit({
    folderOf: async () => project,
    privateFolders: [],
    providerKeyNames: () => [],
    baseEnv: () => ({
      ...process.env,
      GIT_AUTHOR_NAME: "T",
      GIT_AUTHOR_EMAIL: "t@example.com",
      GIT_COMMITTER_NAME: "T",
      GIT_COMMITTER_EMAIL: "t@example.com",
    }),
    maxFilesListed: 100,
  });
});

afterAll(() => rmSync(join(project, ".."), { recursive: true, force: true }));

// Every file but those holding "f2" (out/f2000–f2499), with out/f2499.txt ticked back in by hand.
const selection: GitSelection = {
  all: true,
  rules: [{ filter: "F2", chosen: false }],
  chosen: ["out/f2499.txt"],
  leftOut: [],
};

describe("a commit of a selection past the files listed", () => {
  it("counts the choice over every changed file and lists those holding the filter", async () => {
    const view = await git.selection("ses_1", selection, "f249");
    expect([view.total, view.chosen, view.files.length, view.more]).toEqual([2_500, 2_001, 10, 0]);
    expect(view.files.map((f) => f.path)).toEqual(generated.slice(2_490));
    const unfiltered = await git.selection("ses_1", selection);
    expect([unfiltered.files.length, unfiltered.more]).toEqual([100, 2_400]);
  });

  it("refuses a selection counted over other files, commits nothing, then commits exactly the files counted", async () => {
    const { listing } = await git.selection("ses_1", selection);
    writeFileSync(join(project, "out", "late.txt"), "made after the count\n");
    await expect(git.commit("ses_1", "Too late", { selection, listing })).rejects.toThrow(
      /not the ones you chose from any more.*nothing was committed/,
    );
    expect(run("rev-list", "--count", "HEAD").trim()).toBe("1");

    const counted = await git.selection("ses_1", selection);
    expect(counted.chosen).toBe(2_002); // late.txt is chosen too (no rule leaves it out)
    const made = await git.commit("ses_1", "Add the build but f2", { selection, listing: counted.listing });
    expect(made.commit.subject).toBe("Add the build but f2");
    const committed = run("show", "--name-only", "--format=", "HEAD").trim().split("\n");
    expect(committed).toHaveLength(2_002);
    expect(committed).toContain("out/f2499.txt");
    expect(committed).toContain("out/late.txt");
    expect(committed).not.toContain("out/f2498.txt");
    // Left changed: out/f2000–f2498, the list's first 100 of them and the rest counted.
    expect(made.state.files.map((f) => f.path)).toEqual(generated.slice(2_000, 2_100));
    expect(made.state.moreFiles).toBe(399);
  });

  it("never commits every changed file unasked: a choice naming no files, or the old allExcept, commits nothing", async () => {
    // allExcept ("every changed file but these", no listing) committed files the person never saw.
    const commits = run("rev-list", "--count", "HEAD");
    const allButOne = { message: "m", allExcept: ["out/f0000.txt"] };
    expect(GitCommitRequest.safeParse(allButOne).success).toBe(false);
    await expect(git.commit("ses_1", "Everything", { allExcept: ["out/f0000.txt"] } as never)).rejects.toThrow(
      /Say which files to commit/,
    );
    await expect(git.commit("ses_1", "Everything", {})).rejects.toThrow(/Say which files to commit/);
    expect(run("rev-list", "--count", "HEAD")).toBe(commits);
  });

  it("takes a selection only with its listing", () => {
    expect(GitCommitRequest.safeParse({ message: "m", selection }).success).toBe(false);
    expect(GitCommitRequest.safeParse({ message: "m", selection, listing: "x" }).success).toBe(true);
    expect(GitCommitRequest.safeParse({ message: "m", selection, paths: ["a"], listing: "x" }).success).toBe(false);
    expect(GitCommitRequest.safeParse({ message: "m", paths: ["a"] }).success).toBe(true);
  });
});

// Which folders OpenCode snapshots (an undo puts their files back): inside a git work tree, a
// repository with no commit yet and a worktree's `.git` file included; a plain folder not.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { filesTracked } from "./filesTracked.ts";

const roots: string[] = [];
afterEach(() => {
  for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
});
const temp = () => {
  const root = mkdtempSync(join(tmpdir(), "turnkey files tracked-"));
  roots.push(root);
  return root;
};

describe("filesTracked", () => {
  it("is true in a repository (no commit needed) and its subfolders, and in a linked worktree", () => {
    const repo = temp();
    mkdirSync(join(repo, ".git")); // `git init` made it; nothing committed
    mkdirSync(join(repo, "packages", "app"), { recursive: true });
    expect(filesTracked(join(repo, "packages", "app"))).toBe(true);
    const worktree = temp();
    writeFileSync(join(worktree, ".git"), "gitdir: /elsewhere/.git/worktrees/try-1\n");
    expect(filesTracked(worktree)).toBe(true);
  });

  it("is false in a plain folder, and learns of a `git init` within seconds", () => {
    const plain = temp();
    expect(filesTracked(plain, 1_000)).toBe(false);
    mkdirSync(join(plain, ".git"));
    expect(filesTracked(plain, 2_000)).toBe(false); // kept a moment: a list asks once per folder
    expect(filesTracked(plain, 7_000)).toBe(true);
  });
});

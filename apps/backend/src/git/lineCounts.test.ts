// The change list's line counts of new files read only the start of each file and share one budget
// per listing (review 6, P1), and a row says when its count is not the whole file's.
import { mkdtempSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { GitWorkFile } from "@turnkey/contracts";
import { afterEach, describe, expect, it } from "vitest";
import { withLineCounts } from "./gitChanges.ts";

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const untracked = (path: string): GitWorkFile => ({ path, state: "untracked", staged: false });
const noGit = async () => ({ code: 0, stdout: "" });

function folderWith(files: Record<string, string | Buffer>) {
  const folder = realpathSync(mkdtempSync(join(tmpdir(), "line-counts-")));
  dirs.push(folder);
  for (const [name, content] of Object.entries(files)) writeFileSync(join(folder, name), content);
  return folder;
}

describe("the change list's line counts of new files (review 6, P1)", () => {
  it("counts a small file whole and a big one in its first bytes only, saying so", async () => {
    // 2,000 lines of 100 bytes: 200,000 bytes, of which the first 64 KiB hold 655 whole lines.
    const line = `${"x".repeat(99)}\n`;
    const folder = folderWith({ "big.log": line.repeat(2_000), "small.txt": "a\nb\nno newline", "empty.txt": "" });
    const files = ["big.log", "empty.txt", "small.txt"].map(untracked);
    const changes = await withLineCounts(folder, files, true, noGit);
    expect(changes).toEqual([
      {
        path: "big.log",
        status: "added",
        additions: Math.floor((64 * 1024) / 100),
        deletions: 0,
        patch: null,
        partialCount: true,
      },
      { path: "empty.txt", status: "added", additions: 0, deletions: 0, patch: null },
      { path: "small.txt", status: "added", additions: 3, deletions: 0, patch: null },
    ]);
  });

  it("stops reading once the listing's budget is spent, in list order, and marks the rest uncounted", async () => {
    const folder = folderWith({
      "a.txt": "1\n2\n3\n",
      "b.txt": "1\n2\n3\n",
      "c.txt": "1\n2\n3\n",
      "d.bin": Buffer.from([1, 0, 2]),
    });
    const files = ["a.txt", "b.txt", "c.txt", "d.bin"].map(untracked);
    // Room for a.txt (6 bytes) and the first 4 bytes of b.txt only.
    const changes = await withLineCounts(folder, files, false, noGit, { fileBytes: 64 * 1024, listingBytes: 10 });
    expect(changes.map((c) => [c.path, c.additions, c.partialCount ?? false])).toEqual([
      ["a.txt", 3, false],
      ["b.txt", 2, true],
      ["c.txt", 0, true],
      ["d.bin", 0, true],
    ]);
  });

  it("counts no lines in a binary file", async () => {
    const folder = folderWith({ "image.png": Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0a, 0x00, 0x0a]) });
    const [change] = await withLineCounts(folder, [untracked("image.png")], true, noGit);
    expect(change).toEqual({ path: "image.png", status: "added", additions: 0, deletions: 0, patch: null });
  });
});

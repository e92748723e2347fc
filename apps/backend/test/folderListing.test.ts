// The folder browser's listing of a folder full of links: what it shows is complete up to the
// 2,000-entry cap, and it follows (stats) no more links than it can show, so a folder of many
// thousands of links, or links on a slow network share, does not make one listing slow.
import { promises as fs, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { type DirectoryFs, listFolders, maxFolderEntries } from "../src/projects/folderBrowser.ts";

const made: string[] = [];
afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** The real disk, with every stat counted. */
function countingFs(): DirectoryFs & { stats: number } {
  const io = {
    stats: 0,
    readdir: (p: string) => fs.readdir(p, { withFileTypes: true }),
    stat: (p: string) => {
      io.stats++;
      return fs.stat(p);
    },
  };
  return io;
}

const pad = (i: number) => String(i).padStart(5, "0");

function folderWith(build: (dir: string, target: { folder: string; file: string }) => void): string {
  const root = mkdtempSync(join(tmpdir(), "turnkey links-"));
  made.push(root);
  const target = { folder: join(root, "target"), file: join(root, "target.txt") };
  mkdirSync(target.folder);
  writeFileSync(target.file, "x");
  const dir = join(root, "listed");
  mkdirSync(dir);
  build(dir, target);
  return dir;
}

describe("listing a folder of links", () => {
  it("shows the first 2,000 folders by name, links to folders included, with one stat per link shown", async () => {
    const dir = folderWith((dir, target) => {
      for (let i = 0; i < 2_500; i++) symlinkSync(target.folder, join(dir, `link${pad(i)}`));
      for (let i = 0; i < 50; i++) mkdirSync(join(dir, `link${pad(i)}x`)); // real folders among them
      symlinkSync(target.file, join(dir, "link00000a")); // a link to a file: never a folder
      symlinkSync(join(dir, "nowhere"), join(dir, "link00001a")); // a dangling link
      writeFileSync(join(dir, "link00002.txt"), "a file");
    });
    const io = countingFs();
    const result = await listFolders(dir, { home: dir, platform: "linux", directoryFs: io });
    if (!result.ok) throw new Error(result.message);
    const names = result.listing.folders.map((f) => f.name);
    // Complete up to the cap: every folder-like name, in order, none skipped.
    const expected = [
      ...Array.from({ length: 2_500 }, (_, i) => `link${pad(i)}`),
      ...Array.from({ length: 50 }, (_, i) => `link${pad(i)}x`),
    ]
      .sort((a, b) => a.localeCompare(b, undefined, { sensitivity: "base", numeric: true }))
      .slice(0, maxFolderEntries);
    expect(names).toEqual(expected);
    expect(result.listing.folders[0]?.path).toBe(join(dir, names[0]!));
    // The real folders cost nothing; the links shown one stat each, plus the two that are not folders.
    expect(io.stats).toBe(maxFolderEntries - 50 + 2);
  });

  it("follows at most 2,000 links in all, however many lead to files", async () => {
    const dir = folderWith((dir, target) => {
      for (let i = 0; i < 2_100; i++) symlinkSync(target.file, join(dir, `a${pad(i)}`));
      mkdirSync(join(dir, "b-real"));
      symlinkSync(target.folder, join(dir, "c-link")); // past the budget: not followed, so not shown
    });
    const io = countingFs();
    const result = await listFolders(dir, { home: dir, platform: "linux", directoryFs: io });
    if (!result.ok) throw new Error(result.message);
    expect(result.listing.folders.map((f) => f.name)).toEqual(["b-real"]);
    expect(io.stats).toBe(maxFolderEntries);
  });
});

// The folder browser's listing of a folder full of links: what it shows is complete up to the
// 2,000-entry cap, and it follows (stats) no more links than it can show, so a folder of many
// thousands of links, or links on a slow network share, does not make one listing slow; a read or
// a stat that never answers (a hung share) costs the listing's deadline, not the request.
import { promises as fs, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { type DirectoryFs, hungFolderMs, listFolders, maxFolderEntries } from "../src/projects/folderBrowser.ts";
import type { FolderFs } from "../src/projects/folderPath.ts";
import { manualTimers } from "./manualTimers.ts";

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
      symlinkSync(target.folder, join(dir, "c-link")); // past the budget: on the next page
    });
    const io = countingFs();
    const result = await listFolders(dir, { home: dir, platform: "linux", directoryFs: io });
    if (!result.ok) throw new Error(result.message);
    // The page ends before the first link it cannot follow; what comes after is on the next page.
    expect([result.listing.folders, result.listing.more, result.listing.next]).toEqual([[], 102, "a01999"]);
    expect(io.stats).toBe(maxFolderEntries);
    const rest = await listFolders(dir, { home: dir, platform: "linux", directoryFs: io }, result.listing.next);
    if (!rest.ok) throw new Error(rest.message);
    expect(rest.listing.folders.map((f) => f.name)).toEqual(["b-real", "c-link"]);
    expect([rest.listing.more, io.stats]).toEqual([undefined, maxFolderEntries + 101]);
  });

  it("reaches every sub-folder past the first 2,000, a page after another", async () => {
    const dir = folderWith(() => undefined);
    const io: DirectoryFs = {
      readdir: async () => Array.from({ length: 2_300 }, (_, i) => entry(`d${pad(2_299 - i)}`, "folder")),
      stat: () => Promise.reject(new Error("a folder needs no stat")),
    };
    const options = { home: dir, platform: "linux" as const, directoryFs: io };
    const first = await listFolders(dir, options);
    if (!first.ok) throw new Error(first.message);
    expect([first.listing.folders.length, first.listing.more, first.listing.next]).toEqual([2_000, 300, "d01999"]);
    const second = await listFolders(dir, options, first.listing.next);
    if (!second.ok) throw new Error(second.message);
    expect(second.listing.folders.map((f) => f.name)).toEqual(
      Array.from({ length: 300 }, (_, i) => `d${pad(2_000 + i)}`),
    );
    expect(second.listing.more).toBeUndefined();
  });
});

const entry = (name: string, kind: "folder" | "link") => ({
  name,
  isDirectory: () => kind === "folder",
  isSymbolicLink: () => kind === "link",
});
const never = new Promise<never>(() => undefined);

describe("a folder on a share that stops answering", () => {
  it("answers with what it has and says which links did not answer when a link's stat never settles", async () => {
    const timers = manualTimers();
    const io: DirectoryFs = {
      readdir: async () => [entry("fine", "link"), entry("real", "folder"), entry("stuck", "link")],
      stat: (p) => {
        if (!p.endsWith("stuck")) return Promise.resolve({ isDirectory: () => true });
        setImmediate(timers.fire); // the share hangs: the deadline passes while this stat waits
        return never;
      },
    };
    const dir = tmpdir(); // a real folder: the path is checked on the disk before it is listed
    const result = await listFolders(dir, { home: dir, platform: "linux", directoryFs: io, timers });
    if (!result.ok) throw new Error(result.message);
    expect(result.listing.folders.map((f) => f.name)).toEqual(["fine", "real"]);
    expect(result.listing.note).toBe(
      "1 link did not answer within 3 s and is not shown (a network share that cannot be reached?).",
    );
  });

  it("refuses with a sentence when reading the folder never settles", async () => {
    const timers = manualTimers();
    const io: DirectoryFs = {
      readdir: () => {
        setImmediate(timers.fire);
        return never;
      },
      stat: () => never,
    };
    const dir = tmpdir();
    const result = await listFolders(dir, { home: dir, platform: "linux", directoryFs: io, timers });
    expect(result).toEqual({
      ok: false,
      message: `${dir} did not answer within 3 s (a network share that cannot be reached?). Choose another folder.`,
    });
  });
});

describe("a hung share does not take the backend's disk threads with it", () => {
  it("answers within the deadline when the folder's own stat never settles, and does not ask it again at once", async () => {
    const timers = manualTimers();
    let stats = 0;
    const folderFs: FolderFs = {
      stat: () => {
        stats++;
        setImmediate(timers.fire); // a mount point of a share that stopped answering
        return never;
      },
      access: () => never,
      realpath: () => never,
    };
    const mount = `/mnt/nas-${process.pid}-${Date.now()}`;
    const options = { home: tmpdir(), platform: "linux" as const, fs: folderFs, timers };
    const refusal = {
      ok: false,
      message: `${mount} did not answer within 3 s (a network share that cannot be reached?). Choose another folder.`,
    };
    expect(await listFolders(mount, options)).toEqual(refusal);
    expect(await listFolders(mount, options)).toEqual(refusal); // a second click: no new stuck stat
    expect(stats).toBe(1);
  });

  it("keeps one listing's link stats below libuv's 4 threads and starts none after the deadline", async () => {
    const timers = manualTimers();
    let started = 0;
    const io: DirectoryFs = {
      readdir: async () => Array.from({ length: 10 }, (_, i) => entry(`link${i}`, "link")),
      stat: () => {
        if (++started === 1) setImmediate(timers.fire);
        return never; // every link leads into the hung share
      },
    };
    const dir = mkdtempSync(join(tmpdir(), "turnkey hung-links-"));
    made.push(dir);
    const options = { home: dir, platform: "linux" as const, directoryFs: io, timers };
    const first = await listFolders(dir, options);
    if (!first.ok) throw new Error(first.message);
    expect(first.listing.note).toMatch(/^10 links did not answer within 3 s/);
    expect(started).toBe(3);
    const again = await listFolders(dir, options); // a moment later: its links are not followed
    if (!again.ok) throw new Error(again.message);
    expect(again.listing.note).toMatch(/^10 links did not answer/);
    expect(started).toBe(3);
  });

  it("never has more than 3 link stats stuck on a hung share, across listings and folders (review 4, L1)", async () => {
    let started = 0;
    // The deadline passes once each listing's link stats have started (a 20 ms real deadline
    // also ran out on the folder's own check on a loaded machine: "a listing was refused").
    const timers = manualTimers();
    const io: DirectoryFs = {
      readdir: async () => {
        setImmediate(timers.fire);
        return ["nas1", "nas2", "nas3", "nas4"].map((name) => entry(name, "link"));
      },
      stat: () => {
        started++;
        return never; // a hard-mounted share that went away: the stat never returns its thread
      },
    };
    const dirs = [1, 2].map((i) => mkdtempSync(join(tmpdir(), `turnkey stuck-${i}-`)));
    made.push(...dirs);
    const options = { home: dirs[0]!, platform: "linux" as const, directoryFs: io, timers };
    await listFolders(dirs[0]!, options);
    expect(started).toBe(3);
    // Past hungFolderMs the same folder is asked again, and another folder links into the share.
    vi.useFakeTimers({ toFake: ["Date"], now: Date.now() + hungFolderMs + 1_000 });
    try {
      const again = await listFolders(dirs[0]!, options);
      const other = await listFolders(dirs[1]!, options);
      if (!again.ok || !other.ok) throw new Error("a listing was refused");
      expect(other.listing.note).toMatch(/^4 links did not answer/);
    } finally {
      vi.useRealTimers();
    }
    expect(started).toBe(3);
  });
});

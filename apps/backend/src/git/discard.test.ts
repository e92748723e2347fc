import {
  chmodSync,
  existsSync,
  lstatSync,
  mkdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import { maxDiscardKeptBytes } from "@turnkey/contracts";
import { describe, expect, it } from "vitest";
import { gitIn, projectGitIn, refusal, tempRepo } from "../../test/tempGitRepo.ts";
import { DiscardStore } from "./discardStore.ts";
import { GitError } from "./gitErrors.ts";

const git = (cwd: string, ...args: string[]) => gitIn(cwd)(...args);

/** `project` and `other`, two repositories with a.txt (CRLF) and gone.txt committed; chat "other" works in the second. */
function repo() {
  const { root, project } = tempRepo("git-discard-");
  const other = join(root, "other");
  mkdirSync(other);
  git(other, "init", "-q", "-b", "main");
  for (const folder of [project, other]) {
    writeFileSync(join(folder, "a.txt"), "committed\r\n");
    writeFileSync(join(folder, "gone.txt"), "was here\n");
    git(folder, "add", "-A");
    git(folder, "commit", "-qm", "init");
  }
  const projectGit = projectGitIn((id) => (id === "other" ? other : project), join(project, "data"));
  const status = () => git(project, "status", "--porcelain=v1", "--untracked-files=all");
  const index = () => git(project, "ls-files", "-s");
  return { project, projectGit, status, index };
}

describe("discarding a file's changes", () => {
  it("puts a changed file back as committed, and Undo brings back its bytes, mode and staged part", async () => {
    const { project, projectGit, status, index } = repo();
    const file = join(project, "a.txt");
    // Staged: one version; on disk: another, executable, with bytes no text decoding keeps.
    writeFileSync(file, "staged\n");
    git(project, "add", "a.txt");
    const onDisk = Buffer.from([0x68, 0x69, 0xff, 0xfe, 0x00, 0x0d, 0x0a]);
    writeFileSync(file, onDisk);
    chmodSync(file, 0o755);
    const [statusBefore, indexBefore] = [status(), index()];

    const discarded = await projectGit.discard("s", "a.txt");
    expect(discarded.done).toBe("Discarded the changes to a.txt: it is as the last commit has it.");
    expect(readFileSync(file, "utf8")).toBe("committed\r\n");
    expect(status()).toBe("");
    expect(discarded.state?.files).toEqual([]);

    const undone = await projectGit.undoDiscard("s", discarded.undo);
    expect(undone.done).toBe("Put back what a.txt held.");
    expect(readFileSync(file).equals(onDisk)).toBe(true);
    // Windows keeps no executable bit (its modes are read-only or not): the bytes are what count there.
    if (process.platform !== "win32") expect(statSync(file).mode & 0o777).toBe(0o755);
    expect(index()).toBe(indexBefore);
    expect(status()).toBe(statusBefore);
    expect(git(project, "diff", "--cached", "--", "a.txt")).toMatch(/^\+staged$/m);
  });

  it("deletes a new file (untracked or added) and Undo writes it again, its index entry too", async () => {
    const { project, projectGit, status, index } = repo();
    mkdirSync(join(project, "src"));
    writeFileSync(join(project, "src", "new.ts"), "export {};\n");
    writeFileSync(join(project, "added.ts"), "added\n");
    git(project, "add", "added.ts");
    const [statusBefore, indexBefore] = [status(), index()];

    const untracked = await projectGit.discard("s", "src/new.ts");
    const added = await projectGit.discard("s", "added.ts");
    expect(untracked.done).toBe("Deleted src/new.ts (the last commit does not have it).");
    expect(existsSync(join(project, "src", "new.ts"))).toBe(false);
    expect(existsSync(join(project, "added.ts"))).toBe(false);
    expect(status()).toBe("");

    await projectGit.undoDiscard("s", added.undo);
    await projectGit.undoDiscard("s", untracked.undo);
    expect(readFileSync(join(project, "src", "new.ts"), "utf8")).toBe("export {};\n");
    expect(readFileSync(join(project, "added.ts"), "utf8")).toBe("added\n");
    expect(index()).toBe(indexBefore);
    expect(status()).toBe(statusBefore);
  });

  it("restores a deleted file, and Undo deletes it again", async () => {
    const { project, projectGit, status } = repo();
    rmSync(join(project, "gone.txt"));
    const discarded = await projectGit.discard("s", "gone.txt");
    expect(discarded.done).toBe("Put gone.txt back as the last commit has it.");
    expect(readFileSync(join(project, "gone.txt"), "utf8")).toBe("was here\n");
    await projectGit.undoDiscard("s", discarded.undo);
    expect(existsSync(join(project, "gone.txt"))).toBe(false);
    expect(status()).toBe(" D gone.txt\n");
  });

  it("removes a new link itself, never what it points to, and Undo makes the same link", async () => {
    const { project, projectGit } = repo();
    const target = join(project, "..", "outside.txt");
    writeFileSync(target, "not the project's\n");
    symlinkSync("../outside.txt", join(project, "link"));
    const discarded = await projectGit.discard("s", "link");
    expect(existsSync(target)).toBe(true);
    expect(() => lstatSync(join(project, "link"))).toThrow();
    await projectGit.undoDiscard("s", discarded.undo);
    expect(readlinkSync(join(project, "link"))).toBe("../outside.txt");
  });

  // A backslash is a separator on Windows, so no such file name exists there.
  it.skipIf(process.platform === "win32")(
    "discards a file whose POSIX name holds a backslash, as git names it",
    async () => {
      const { project, projectGit } = repo();
      writeFileSync(join(project, "x\\y.txt"), "one file\n");
      mkdirSync(join(project, "x"));
      writeFileSync(join(project, "x", "y.txt"), "another\n");
      const discarded = await projectGit.discard("s", "x\\y.txt");
      expect(existsSync(join(project, "x\\y.txt"))).toBe(false);
      expect(readFileSync(join(project, "x", "y.txt"), "utf8")).toBe("another\n");
      await projectGit.undoDiscard("s", discarded.undo);
      expect(readFileSync(join(project, "x\\y.txt"), "utf8")).toBe("one file\n");
    },
  );

  it("refuses an Undo that would overwrite a later change, and changes nothing", async () => {
    const { project, projectGit } = repo();
    writeFileSync(join(project, "a.txt"), "mine\n");
    const discarded = await projectGit.discard("s", "a.txt");
    writeFileSync(join(project, "a.txt"), "the agent's\n");
    const refused = await refusal(projectGit.undoDiscard("s", discarded.undo));
    expect(refused).toMatchObject({ httpStatus: 409, code: "changed_since_discard" });
    expect(refused.message).toMatch(/^a\.txt changed after it was discarded/);
    expect(readFileSync(join(project, "a.txt"), "utf8")).toBe("the agent's\n");

    // A new file written again after its discard: the same.
    writeFileSync(join(project, "new.txt"), "first\n");
    const second = await projectGit.discard("s", "new.txt");
    writeFileSync(join(project, "new.txt"), "second\n");
    expect(await refusal(projectGit.undoDiscard("s", second.undo))).toMatchObject({ code: "changed_since_discard" });
    expect(readFileSync(join(project, "new.txt"), "utf8")).toBe("second\n");
  });

  it("undoes once, only in its own project, and says so when it cannot", async () => {
    const { project, projectGit } = repo();
    writeFileSync(join(project, "a.txt"), "mine\n");
    const discarded = await projectGit.discard("s", "a.txt");
    // Another project's chat cannot use (or learn of) this one's kept file.
    expect(await refusal(projectGit.undoDiscard("other", discarded.undo))).toMatchObject({
      httpStatus: 404,
      code: "undo_gone",
    });
    await projectGit.undoDiscard("s", discarded.undo);
    const again = await refusal(projectGit.undoDiscard("s", discarded.undo));
    expect(again).toMatchObject({ httpStatus: 404, code: "undo_gone" });
    expect(again.message).toMatch(/can no longer be undone.*Nothing was changed\.$/);
    expect(readFileSync(join(project, "a.txt"), "utf8")).toBe("mine\n");
  });

  it("refuses what is no changed file, a conflict, a path out of the project, and a file too large to keep", async () => {
    const { project, projectGit, status } = repo();
    expect(await refusal(projectGit.discard("s", "a.txt"))).toMatchObject({ httpStatus: 404, code: "not_found" });
    expect(await refusal(projectGit.discard("s", "../other/a.txt"))).toMatchObject({
      httpStatus: 400,
      code: "invalid_path",
    });
    // The backend's data folder inside the project is never a changed file.
    mkdirSync(join(project, "data"));
    writeFileSync(join(project, "data", "settings.json"), "{}");
    expect(await refusal(projectGit.discard("s", "data/settings.json"))).toMatchObject({ code: "not_found" });
    expect(existsSync(join(project, "data", "settings.json"))).toBe(true);

    writeFileSync(join(project, "big.bin"), Buffer.alloc(maxDiscardKeptBytes + 1, 1));
    const big = await refusal(projectGit.discard("s", "big.bin"));
    expect(big).toMatchObject({ httpStatus: 409, code: "too_large_to_keep" });
    expect(big.message).toMatch(
      /^big\.bin is 33 MB, too large to keep for Undo \(32 MB at most\), so it was not discarded/,
    );
    expect(statSync(join(project, "big.bin")).size).toBe(maxDiscardKeptBytes + 1);

    // A merge conflict in a.txt.
    git(project, "switch", "-q", "-c", "side");
    writeFileSync(join(project, "a.txt"), "side\n");
    git(project, "commit", "-qam", "side");
    git(project, "switch", "-q", "main");
    writeFileSync(join(project, "a.txt"), "main\n");
    git(project, "commit", "-qam", "main");
    expect(() => git(project, "merge", "-q", "side")).toThrow();
    const before = status();
    expect(await refusal(projectGit.discard("s", "a.txt"))).toMatchObject({ httpStatus: 409, code: "git_refused" });
    expect(status()).toBe(before);
  });
});

describe("a discard or an Undo that cannot be done whole (review 17)", () => {
  it("never writes through a folder made a link since the discard, out of the project or into the data folder", async () => {
    const { project, projectGit } = repo();
    const outside = join(project, "..", "outside");
    mkdirSync(outside);
    mkdirSync(join(project, "data"), { recursive: true });
    for (const [link, to] of [
      ["dir", outside],
      ["sneaky", join(project, "data")],
    ] as const) {
      mkdirSync(join(project, link, "sub"), { recursive: true });
      writeFileSync(join(project, link, "sub", "new.txt"), "mine\n");
      const discarded = await projectGit.discard("s", `${link}/sub/new.txt`);
      rmSync(join(project, link), { recursive: true });
      symlinkSync(to, join(project, link)); // the agent's bash could do this
      const refused = await refusal(projectGit.undoDiscard("s", discarded.undo));
      expect(refused).toMatchObject({ httpStatus: 403, code: "path_outside_project" });
      expect(refused.message).toContain(`is in ${link}, which is now a link`);
    }
    expect(existsSync(join(outside, "sub"))).toBe(false);
    expect(existsSync(join(project, "data", "sub"))).toBe(false);
  });

  it("rolls a discard back when git fails half-way (the index reset, the file not written)", async () => {
    const { project, projectGit, status, index } = repo();
    writeFileSync(join(project, "a.txt"), "staged\n");
    git(project, "add", "a.txt");
    writeFileSync(join(project, "a.txt"), "on disk\n");
    const [statusBefore, indexBefore] = [status(), index()];
    const real = projectGit.git.bind(projectGit);
    projectGit.git = async (scope, action, args, extra) => {
      const run = await real(scope, action, args, extra);
      // What git does when the file is held open (Windows) or its folder is read-only: the index
      // is reset, then writing the file fails.
      if (args[0] === "restore") {
        git(project, "reset", "-q", "--", "a.txt");
        throw new GitError(409, "git_refused", "error: unable to unlink old 'a.txt'.");
      }
      return run;
    };
    const refused = await refusal(projectGit.discard("s", "a.txt"));
    expect(refused.message).toBe("error: unable to unlink old 'a.txt'. The file was left as it was.");
    expect([status(), index()]).toEqual([statusBefore, indexBefore]);
    expect(readFileSync(join(project, "a.txt"), "utf8")).toBe("on disk\n");
  });

  it("answers with the Undo even when reading the state after the discard fails", async () => {
    const { project, projectGit } = repo();
    writeFileSync(join(project, "new.txt"), "mine\n");
    projectGit.read = async () => {
      throw new Error("status timed out");
    };
    const discarded = await projectGit.discard("s", "new.txt");
    expect(discarded).toMatchObject({ done: "Deleted new.txt (the last commit does not have it)." });
    expect(discarded.state).toBeUndefined();
    await projectGit.undoDiscard("s", discarded.undo);
    expect(readFileSync(join(project, "new.txt"), "utf8")).toBe("mine\n");
  });

  it("leaves everything as it was when the index is locked, and the Undo can be tried again", async () => {
    const { project, projectGit, status, index } = repo();
    writeFileSync(join(project, "a.txt"), "staged\n");
    git(project, "add", "a.txt");
    writeFileSync(join(project, "a.txt"), "on disk\n");
    const [statusBefore, indexBefore] = [status(), index()];
    const discarded = await projectGit.discard("s", "a.txt");
    const [statusDiscarded, indexDiscarded] = [status(), index()];
    writeFileSync(join(project, ".git", "index.lock"), ""); // another git at work
    const refused = await refusal(projectGit.undoDiscard("s", discarded.undo));
    expect(refused.message).toMatch(/index\.lock[\s\S]*The file was left as it was\.$/);
    rmSync(join(project, ".git", "index.lock"));
    expect([status(), index()]).toEqual([statusDiscarded, indexDiscarded]);
    await projectGit.undoDiscard("s", discarded.undo);
    expect([status(), index()]).toEqual([statusBefore, indexBefore]);
  });

  it("takes a new file for new where the last commit has a folder of that name", async () => {
    const { project, projectGit } = repo();
    mkdirSync(join(project, "a"));
    writeFileSync(join(project, "a", "x"), "x\n");
    git(project, "add", "-A");
    git(project, "commit", "-qm", "folder a");
    rmSync(join(project, "a"), { recursive: true });
    writeFileSync(join(project, "a"), "a file now\n");
    const discarded = await projectGit.discard("s", "a");
    expect(discarded.done).toBe("Deleted a (the last commit does not have it).");
    expect(existsSync(join(project, "a"))).toBe(false);
    await projectGit.undoDiscard("s", discarded.undo);
    expect(readFileSync(join(project, "a"), "utf8")).toBe("a file now\n");
  });

  it("undoes a discard whose committed version is larger than is kept (review 17b R1)", async () => {
    const { project, projectGit, status } = repo();
    writeFileSync(join(project, "big.bin"), Buffer.alloc(maxDiscardKeptBytes + 1, 1));
    git(project, "add", "big.bin");
    git(project, "commit", "-qm", "big");
    writeFileSync(join(project, "big.bin"), "the agent shrank it\n");
    const discarded = await projectGit.discard("s", "big.bin");
    expect(statSync(join(project, "big.bin")).size).toBe(maxDiscardKeptBytes + 1);
    await projectGit.undoDiscard("s", discarded.undo);
    expect(readFileSync(join(project, "big.bin"), "utf8")).toBe("the agent shrank it\n");
    expect(status()).toBe(" M big.bin\n");
  });

  it("puts an intent-to-add entry back as one, not as a staged empty file", async () => {
    const { project, projectGit, status } = repo();
    writeFileSync(join(project, "ita.txt"), "later\n");
    git(project, "add", "--intent-to-add", "ita.txt");
    const before = status();
    expect(before).toBe(" A ita.txt\n");
    const discarded = await projectGit.discard("s", "ita.txt");
    expect(existsSync(join(project, "ita.txt"))).toBe(false);
    await projectGit.undoDiscard("s", discarded.undo);
    expect(status()).toBe(before);
  });

  it("refuses a submodule, and says when git's clean-up took a staged version since the discard", async () => {
    const { project, projectGit, status } = repo();
    const sub = join(project, "..", "sub");
    mkdirSync(sub);
    git(sub, "init", "-q", "-b", "main");
    git(sub, "commit", "-q", "--allow-empty", "-m", "sub");
    git(project, "-c", "protocol.file.allow=always", "submodule", "add", "-q", sub, "sm");
    git(project, "commit", "-qm", "sm");
    rmSync(join(project, "sm"), { recursive: true });
    const before = status();
    const refused = await refusal(projectGit.discard("s", "sm"));
    expect(refused).toMatchObject({ httpStatus: 409, code: "git_refused" });
    expect(refused.message).toMatch(/^sm is a submodule/);
    expect(status()).toBe(before);

    writeFileSync(join(project, "a.txt"), "staged only here\n");
    git(project, "add", "a.txt");
    writeFileSync(join(project, "a.txt"), "on disk\n");
    const discarded = await projectGit.discard("s", "a.txt");
    git(project, "prune", "--expire=now");
    const undone = await projectGit.undoDiscard("s", discarded.undo);
    expect(undone.done).toBe(
      "Put back what a.txt held, but not its staged version: git's clean-up (gc) has removed it since.",
    );
    expect(readFileSync(join(project, "a.txt"), "utf8")).toBe("on disk\n");
    git(project, "commit", "-qam", "still commits"); // no entry for a missing object was written
  });
});

describe("what discards keep for Undo", () => {
  const kept = (bytes: number) => ({
    folder: "/p",
    path: "f",
    tree: { kind: "file" as const, bytes: Buffer.alloc(bytes), mode: 0o644 },
    index: null,
    inHead: false,
  });
  let n = 0;
  const ids = () => `id${++n}`;

  it("forgets the oldest past the count or the bytes, never the newest", () => {
    const store = new DiscardStore(2, 100, ids);
    const first = store.keep(kept(10));
    const second = store.keep(kept(10));
    const third = store.keep(kept(10));
    expect([first, second, third].map((id) => store.find(id, "/p") !== undefined)).toEqual([false, true, true]);
    const large = store.keep(kept(99));
    expect(store.find(third, "/p")).toBeUndefined();
    expect(store.find(large, "/p")).toBeDefined();
    expect(store.size).toEqual({ discards: 1, bytes: 100 });
    store.forget(large);
    expect(store.size).toEqual({ discards: 0, bytes: 0 });
  });

  it("finds a discard only in the folder it was made in", () => {
    const store = new DiscardStore(20, 1_000, ids);
    const id = store.keep(kept(1));
    expect(store.find(id, "/elsewhere")).toBeUndefined();
    expect(store.find(id, "/p")?.path).toBe("f");
  });
});

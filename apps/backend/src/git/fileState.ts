// One path's state for a discard and its Undo (discard.ts): what the working tree holds there, its
// entry in git's index and in the last commit, read exactly (a literal pathspec also matches a
// folder's files, so each answer is filtered to the path itself), and put back: the file through
// a temporary name and one rename, its folders made one level at a time, never through a link,
// never into the backend's data folder.
import { chmod, lstat, mkdir, readFile, readlink, rename, rm, symlink, writeFile } from "node:fs/promises";
import { dirname, join, relative, resolve, sep } from "node:path";
import { maxDiscardKeptBytes } from "@turnkey/contracts";
import { isInside, PathRefusedError } from "../files/containment.ts";
import type { KeptIndex, KeptTree } from "./discardStore.ts";
import { literal } from "./gitChanges.ts";
import { GitError } from "./gitErrors.ts";
import type { ProjectGit, Scope } from "./projectGit.ts";

const megabytes = (bytes: number) => `${Math.ceil(bytes / (1024 * 1024))} MB`;

/**
 * The path's file inside the project. Each folder on the way must be a folder, not a link (git
 * lists no file behind a linked folder, but one can be swapped in later: the agent's bash, review
 * 17 D1), and never the backend's data folder. `makeFolders`: the missing ones are made, one level
 * at a time, each looked at again once made.
 */
export async function placeOf(scope: Scope, path: string, makeFolders = false): Promise<string> {
  const absolute = resolve(scope.folder, path);
  const refused = (why: string) =>
    new PathRefusedError(403, "path_outside_project", `${path} ${why}: nothing was changed.`);
  if (scope.hidden.some((folder) => isInside(folder, absolute)))
    throw refused("is inside OpenCode Turnkey's own data folder");
  let at = scope.folder;
  for (const part of relative(scope.folder, dirname(absolute)).split(sep).filter(Boolean)) {
    at = join(at, part);
    let info = await lstat(at).catch(() => null);
    if (!info && makeFolders) {
      await mkdir(at).catch((error: NodeJS.ErrnoException) => {
        if (error.code !== "EEXIST") throw error;
      });
      info = await lstat(at).catch(() => null);
    }
    if (!info) return absolute; // nothing below it exists either
    if (info.isSymbolicLink()) throw refused(`is in ${relative(scope.folder, at)}, which is now a link`);
    if (!info.isDirectory()) throw refused(`is in ${relative(scope.folder, at)}, which is now a file`);
  }
  return absolute;
}

/**
 * What the working tree holds at `absolute` (a link itself, not what it points to); a file larger
 * than `maxBytes` is refused (too large to keep), or read as null with `orNull`.
 */
export async function treeAt(absolute: string, path: string, maxBytes = maxDiscardKeptBytes): Promise<KeptTree> {
  let info: Awaited<ReturnType<typeof lstat>>;
  try {
    info = await lstat(absolute);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return { kind: "none" };
    throw error;
  }
  if (info.isSymbolicLink()) return { kind: "link", target: await readlink(absolute) };
  if (!info.isFile())
    throw new GitError(
      409,
      "git_refused",
      `${path} is a folder now (a submodule, a repository inside this one, or a file replaced by a folder): discard inside it, in a terminal.`,
    );
  const tooLarge = (size: number) =>
    new GitError(
      409,
      "too_large_to_keep",
      `${path} is ${megabytes(size)}, too large to keep for Undo (${megabytes(maxBytes)} at most), so it was not discarded. If you mean to lose it, run \`git restore\` (or delete the file) in a terminal.`,
    );
  if (info.size > maxBytes) throw tooLarge(info.size);
  const bytes = await readFile(absolute);
  if (bytes.length > maxBytes) throw tooLarge(bytes.length);
  return { kind: "file", bytes, mode: info.mode & 0o777 };
}

/** Records of `git ls-files -s -z` / `git ls-tree -z` for exactly `path` (not the files of a folder of that name). */
function entriesOf(stdout: string, path: string): string[][] {
  return stdout
    .split("\0")
    .map((record) => {
      const tab = record.indexOf("\t");
      return tab < 0 || record.slice(tab + 1) !== path ? null : record.slice(0, tab).split(" ");
    })
    .filter((fields): fields is string[] => fields !== null);
}

/**
 * The path's entry in git's index; `intentToAdd` (`git add -N`, porcelain's ".A") is put back as
 * such, not as a staged empty file (review 17 D6).
 */
export async function indexAt(git: ProjectGit, scope: Scope, path: string, intentToAdd: boolean): Promise<KeptIndex> {
  const run = await git.git(scope, "status", [
    ...(await git.unaskedArgs(scope)),
    "ls-files",
    "-s",
    "-z",
    "--",
    literal(path),
  ]);
  // "mode blob stage\tpath"; a conflicted file (stages 1–3) was refused before.
  const [mode, blob] = entriesOf(run.stdout, path)[0] ?? [];
  if (!mode || !blob) return null;
  return intentToAdd ? { mode, blob, intentToAdd: true } : { mode, blob };
}

/** What the last commit has at the path: a file or link (true), nothing there or a folder (false), or a submodule. */
export async function headAt(git: ProjectGit, scope: Scope, path: string): Promise<boolean | "submodule"> {
  const run = await git.run(scope, [...(await git.unaskedArgs(scope)), "ls-tree", "-z", "HEAD", "--", literal(path)]);
  if (run.code !== 0) return false; // no commit yet
  const [mode] = entriesOf(run.stdout, path)[0] ?? [];
  if (mode === "160000") return "submodule";
  return mode === "100644" || mode === "100755" || mode === "120000";
}

/** A file or link removed; a folder never is. */
export async function removeFile(absolute: string): Promise<void> {
  const info = await lstat(absolute).catch(() => null);
  if (info && !info.isDirectory()) await rm(absolute, { force: true });
}

/**
 * Writes what the tree held through a temporary name and one rename (never half a file), a link
 * too: on Windows making a link needs a privilege, and a refusal must not have deleted the file first.
 */
export async function putTree(scope: Scope, path: string, tree: KeptTree): Promise<void> {
  const absolute = await placeOf(scope, path, tree.kind !== "none");
  if (tree.kind === "none") return removeFile(absolute);
  const temp = `${absolute}.${process.pid}.${Date.now()}.undo`;
  try {
    if (tree.kind === "link") await symlink(tree.target, temp);
    else {
      // "wx": never through something already at that name; then the mode as it was, not as the umask cuts it.
      await writeFile(temp, tree.bytes, { mode: tree.mode, flag: "wx" });
      await chmod(temp, tree.mode);
    }
    await rename(temp, absolute);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

/**
 * Puts the index entry back; false when its staged version is gone from git's objects (a `git gc`
 * since the discard pruned it), in which case the entry is left as it is (review 17 D9).
 */
export async function putIndex(git: ProjectGit, scope: Scope, path: string, index: KeptIndex): Promise<boolean> {
  if (!index || index.intentToAdd) {
    await dropFromIndex(git, scope, path, "undo");
    if (index) await git.git(scope, "undo", ["add", "--intent-to-add", "--", literal(path)]);
    return true;
  }
  const there = await git.run(scope, [...(await git.unaskedArgs(scope)), "cat-file", "-e", index.blob]);
  if (there.code !== 0) return false;
  await git.git(scope, "undo", ["update-index", "-z", "--index-info"], {
    input: `${index.mode} ${index.blob}\t${path}\0`,
  });
  return true;
}

/**
 * Takes exactly `path` out of the index, if there: update-index reads a path, not a pathspec (a
 * literal pathspec `a` also matches the entries of a folder `a/`, and `git rm --cached` then refuses).
 */
export async function dropFromIndex(git: ProjectGit, scope: Scope, path: string, action: "discard" | "undo") {
  await git.git(scope, action, ["update-index", "--force-remove", "-z", "--stdin"], { input: `${path}\0` });
}

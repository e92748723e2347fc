// "Discard changes" on one file of the Files tab, and its Undo. The file goes back to what the last
// commit has (index and working tree; a file the commit lacks is deleted), as `git restore
// --staged --worktree` does, but first what it held is kept (discardStore.ts), so the click loses
// nothing: Undo writes the same bytes, mode or link back and puts its index entry back, unless
// something changed the file since (the agent, an editor), which Undo would overwrite.
// OpenChamber's revert deletes a new file and restores a tracked one with no way back.
import { chmod, lstat, mkdir, readFile, readlink, realpath, rename, rm, symlink, writeFile } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import {
  type GitActionResponse,
  type GitDiscardResponse,
  type GitWorkFile,
  maxDiscardKeptBytes,
} from "@turnkey/contracts";
import { isInside, normalizeProjectPath, PathRefusedError } from "../files/containment.ts";
import type { DiscardStore, KeptFile, KeptIndex, KeptTree } from "./discardStore.ts";
import { literal } from "./gitChanges.ts";
import { GitError } from "./gitErrors.ts";
import type { ProjectGit, Scope } from "./projectGit.ts";

const megabytes = (bytes: number) => `${Math.ceil(bytes / (1024 * 1024))} MB`;

/**
 * The path's file inside the project, its parent folder's links resolved and still inside it: git
 * lists no file behind a linked folder, but one could be swapped in between the check and the write.
 */
async function placeOf(scope: Scope, path: string): Promise<string> {
  const absolute = resolve(scope.folder, path);
  const parent = await realpath(dirname(absolute)).catch(() => null);
  if (parent !== null && !isInside(scope.folder, parent, false))
    throw new PathRefusedError(
      403,
      "path_outside_project",
      `${path} is in a folder that is now a link out of the project: nothing was changed.`,
    );
  return absolute;
}

/** What the working tree holds at `absolute` (a link itself, not what it points to). */
async function treeAt(absolute: string, path: string): Promise<KeptTree> {
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
      `${path} is a folder (a submodule, or a repository inside this one): discard its changes inside it, in a terminal.`,
    );
  const tooLarge = (size: number) =>
    new GitError(
      409,
      "too_large_to_keep",
      `${path} is ${megabytes(size)}, too large to keep for Undo (${megabytes(maxDiscardKeptBytes)} at most), so it was not discarded. If you mean to lose it, run \`git restore\` (or delete the file) in a terminal.`,
    );
  if (info.size > maxDiscardKeptBytes) throw tooLarge(info.size);
  const bytes = await readFile(absolute);
  if (bytes.length > maxDiscardKeptBytes) throw tooLarge(bytes.length);
  return { kind: "file", bytes, mode: info.mode & 0o777 };
}

/** The path's entry in git's index (stage 0: a conflicted file was refused before). */
async function indexAt(git: ProjectGit, scope: Scope, path: string): Promise<KeptIndex> {
  const run = await git.git(scope, "status", [
    ...(await git.unaskedArgs(scope)),
    "ls-files",
    "-s",
    "-z",
    "--",
    literal(path),
  ]);
  // "mode blob stage\tpath": the first record is the path's own (a literal pathspec names only it).
  const match = /^(\d+) ([0-9a-f]+) \d+\t/.exec(run.stdout);
  return match ? { mode: match[1]!, blob: match[2]! } : null;
}

async function inHead(git: ProjectGit, scope: Scope, path: string): Promise<boolean> {
  // `HEAD:<path>` names the path exactly (no pattern); before the first commit it names nothing.
  const run = await git.run(scope, [...(await git.unaskedArgs(scope)), "cat-file", "-e", `HEAD:${path}`]);
  return run.code === 0;
}

/** A file or link removed; a folder is never removed here. */
async function removeFile(absolute: string): Promise<void> {
  const info = await lstat(absolute).catch(() => null);
  if (info && !info.isDirectory()) await rm(absolute, { force: true });
}

export async function discard(
  git: ProjectGit,
  store: DiscardStore,
  sessionID: string,
  rawPath: string,
): Promise<GitDiscardResponse> {
  // The form is checked (no absolute path, no `..`, no NUL), but git's own name is what is used:
  // on POSIX `x\y.txt` is one file, which the normal form would read as x/y.txt (as commit does).
  normalizeProjectPath(rawPath);
  const path = rawPath;
  const scope = await git.scope(sessionID);
  return git.exclusive(scope.folder, async () => {
    const changed = await git.changedFile(scope, path);
    if (!changed)
      throw new PathRefusedError(
        404,
        "not_found",
        `${path} is not among the changed files any more. Refresh the list.`,
      );
    if (changed.state === "conflicted")
      throw new GitError(
        409,
        "git_refused",
        `${path} has a merge conflict: resolve it (or ask the agent to), or abort the merge in a terminal, rather than discard it here.`,
      );
    const absolute = await placeOf(scope, path);
    const [tree, index, committed] = await Promise.all([
      treeAt(absolute, path),
      indexAt(git, scope, path),
      inHead(git, scope, path),
    ]);
    const kept: KeptFile = { folder: scope.folder, path, tree, index, inHead: committed };
    if (committed)
      await git.git(scope, "discard", ["restore", "--source=HEAD", "--staged", "--worktree", "--", literal(path)]);
    else {
      if (index) await git.git(scope, "discard", ["rm", "--cached", "--force", "--quiet", "--", literal(path)]);
      await removeFile(absolute);
    }
    const undo = store.keep(kept);
    return { done: discardedSentence(changed, committed), undo, state: await git.read(scope) };
  });
}

function discardedSentence(file: GitWorkFile, committed: boolean): string {
  if (!committed) return `Deleted ${file.path} (the last commit does not have it).`;
  if (file.state === "deleted") return `Put ${file.path} back as the last commit has it.`;
  return `Discarded the changes to ${file.path}: it is as the last commit has it.`;
}

/** The file is as the discard left it: as committed (index and tree), or gone from both. */
async function leftAsDiscarded(git: ProjectGit, scope: Scope, kept: KeptFile, absolute: string): Promise<boolean> {
  if (kept.inHead) return (await git.changedFile(scope, kept.path)) === undefined;
  const [tree, index] = await Promise.all([
    treeAt(absolute, kept.path).catch(() => null),
    indexAt(git, scope, kept.path),
  ]);
  return tree?.kind === "none" && index === null;
}

/** Writes what the tree held, in one rename for a file (never half a file), or makes the link again. */
async function putTree(absolute: string, tree: KeptTree): Promise<void> {
  if (tree.kind === "none") return removeFile(absolute);
  await mkdir(dirname(absolute), { recursive: true });
  if (tree.kind === "link") {
    await removeFile(absolute);
    await symlink(tree.target, absolute);
    return;
  }
  const temp = `${absolute}.${process.pid}.${Date.now()}.undo`;
  try {
    // "wx": never through something already at that name.
    await writeFile(temp, tree.bytes, { mode: tree.mode, flag: "wx" });
    await chmod(temp, tree.mode); // the mode as it was, not as the umask cuts it
    await rename(temp, absolute);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

export async function undoDiscard(
  git: ProjectGit,
  store: DiscardStore,
  sessionID: string,
  id: string,
): Promise<GitActionResponse> {
  const scope = await git.scope(sessionID);
  return git.exclusive(scope.folder, async () => {
    const kept = store.find(id, scope.folder);
    if (!kept)
      throw new GitError(
        404,
        "undo_gone",
        "That discard can no longer be undone here (OpenCode Turnkey was restarted, or 20 later discards replaced it). Nothing was changed.",
      );
    const absolute = await placeOf(scope, kept.path);
    if (!(await leftAsDiscarded(git, scope, kept, absolute)))
      throw new GitError(
        409,
        "changed_since_discard",
        `${kept.path} changed after it was discarded (the agent or another program wrote it), and Undo would overwrite that. Nothing was changed.`,
      );
    await putTree(absolute, kept.tree);
    if (kept.index)
      await git.git(scope, "undo", ["update-index", "-z", "--index-info"], {
        input: `${kept.index.mode} ${kept.index.blob}\t${kept.path}\0`,
      });
    else if (kept.inHead)
      await git.git(scope, "undo", ["rm", "--cached", "--force", "--quiet", "--", literal(kept.path)]);
    store.forget(id);
    const done =
      kept.tree.kind === "none" ? `Deleted ${kept.path} again, as it was.` : `Put back what ${kept.path} held.`;
    return { done, state: await git.read(scope) };
  });
}

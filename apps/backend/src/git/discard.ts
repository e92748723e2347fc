// "Discard changes" on one file of the Files tab, and its Undo. The file goes back to what the last
// commit has (index and working tree; a file the commit lacks is deleted), as `git restore
// --staged --worktree` does, but first what it held is kept (discardStore.ts), so the click loses
// nothing: Undo writes the same bytes, mode or link back and puts its index entry back, unless
// something changed the file since (the agent, an editor), which Undo would overwrite. Either
// step that fails half-way is rolled back to where it started (review 17 D2, D4).
// OpenChamber's revert deletes a new file and restores a tracked one with no way back.
import {
  type GitDiscardResponse,
  type GitUndoDiscardResponse,
  type GitWorkFile,
  type GitWorkState,
  maxDiscardsKept,
  messageOf,
} from "@turnkey/contracts";
import { normalizeProjectPath, PathRefusedError } from "../files/containment.ts";
import type { DiscardStore, KeptFile, KeptIndex, KeptTree } from "./discardStore.ts";
import { dropFromIndex, headAt, indexAt, placeOf, putIndex, putTree, removeFile, treeAt } from "./fileState.ts";
import { literal } from "./gitChanges.ts";
import { GitError } from "./gitErrors.ts";
import type { ProjectGit, Scope } from "./projectGit.ts";

interface PathState {
  /** null: as the last commit has it (not read: a committed file can be larger than is kept, review 17b R1). */
  tree: KeptTree | null;
  index: KeptIndex;
}

/**
 * Puts a kept state back. The index first (a locked index then fails before anything changed),
 * then the tree; an intent-to-add entry the other way round (`git add -N` needs the file). False
 * when the staged version was gone from git's objects.
 */
async function putState(git: ProjectGit, scope: Scope, path: string, state: KeptFile): Promise<boolean> {
  if (state.index?.intentToAdd) {
    await putTree(scope, path, state.tree);
    return putIndex(git, scope, path, state.index);
  }
  const staged = await putIndex(git, scope, path, state.index);
  await putTree(scope, path, state.tree);
  return staged;
}

const sameTree = (a: KeptTree, b: KeptTree) =>
  a.kind === b.kind &&
  (a.kind !== "file" || (b.kind === "file" && a.mode === b.mode && a.bytes.equals(b.bytes))) &&
  (a.kind !== "link" || (b.kind === "link" && a.target === b.target));
const sameIndex = (a: KeptIndex, b: KeptIndex) => a?.mode === b?.mode && a?.blob === b?.blob;

/** Puts back each part of `before` that is no longer so (a part a failed step did not reach is left alone). */
async function rollBack(git: ProjectGit, scope: Scope, path: string, before: PathState): Promise<void> {
  const index = await indexAt(git, scope, path, false);
  if (!sameIndex(index, before.index)) await putIndex(git, scope, path, before.index);
  if (before.tree === null) {
    // As committed: put back only if it is not (a restore takes the index lock, which the failed
    // step may have failed on).
    const same = await git.run(scope, [
      ...(await git.unaskedArgs(scope)),
      "diff",
      "--quiet",
      "--no-ext-diff",
      "--no-textconv",
      "HEAD",
      "--",
      literal(path),
    ]);
    if (same.code !== 0) await git.git(scope, "undo", ["restore", "--source=HEAD", "--worktree", "--", literal(path)]);
    return;
  }
  const tree = await treeAt(await placeOf(scope, path), path).catch(() => null);
  if (!tree || !sameTree(tree, before.tree)) await putTree(scope, path, before.tree);
}

/** Runs `change`; if it fails, puts `before` back, and says in the error whether that worked. */
async function orRollBack<T>(
  git: ProjectGit,
  scope: Scope,
  path: string,
  before: PathState,
  change: () => Promise<T>,
): Promise<T> {
  try {
    return await change();
  } catch (error) {
    const said = messageOf(error);
    const rolledBack = await rollBack(git, scope, path, before).then(
      () => true,
      () => false,
    );
    const tail = rolledBack
      ? " The file was left as it was."
      : " The file may be left part-way: look at its diff before going on.";
    if (error instanceof GitError || error instanceof PathRefusedError)
      throw new GitError(error instanceof GitError ? error.httpStatus : 409, error.code, `${said}${tail}`);
    throw new GitError(409, "git_refused", `${path} could not be changed (${said}).${tail}`);
  }
}

/** The state after an action, or absent when git could not say (the action itself is done). */
const stateAfter = (git: ProjectGit, scope: Scope): Promise<GitWorkState | undefined> =>
  git.read(scope).catch(() => undefined);

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
    const intentToAdd = changed.state === "added" && !changed.staged;
    const [tree, index, head] = await Promise.all([
      treeAt(absolute, path),
      indexAt(git, scope, path, intentToAdd),
      headAt(git, scope, path),
    ]);
    if (head === "submodule")
      throw new GitError(
        409,
        "git_refused",
        `${path} is a submodule: discard its changes inside it (or run \`git submodule update\`) in a terminal.`,
      );
    const kept: KeptFile = { folder: scope.folder, path, tree, index, inHead: head };
    await orRollBack(git, scope, path, { tree, index }, async () => {
      if (head)
        await git.git(scope, "discard", ["restore", "--source=HEAD", "--staged", "--worktree", "--", literal(path)]);
      else {
        if (index) await dropFromIndex(git, scope, path, "discard");
        await removeFile(await placeOf(scope, path));
      }
    });
    const undo = store.keep(kept);
    const state = await stateAfter(git, scope);
    return { done: discardedSentence(changed, head), undo, ...(state ? { state } : {}) };
  });
}

function discardedSentence(file: GitWorkFile, committed: boolean): string {
  if (!committed) return `Deleted ${file.path} (the last commit does not have it).`;
  if (file.state === "deleted") return `Put ${file.path} back as the last commit has it.`;
  return `Discarded the changes to ${file.path}: it is as the last commit has it.`;
}

/** The file is as the discard left it: as committed (index and tree), or gone from both. */
async function leftAsDiscarded(git: ProjectGit, scope: Scope, kept: KeptFile): Promise<PathState | null> {
  const absolute = await placeOf(scope, kept.path);
  if (kept.inHead) {
    if ((await git.changedFile(scope, kept.path)) !== undefined) return null;
    // As committed: what to go back to should the Undo fail half-way.
    return { tree: null, index: await indexAt(git, scope, kept.path, false) };
  }
  const [tree, index] = await Promise.all([
    treeAt(absolute, kept.path).catch(() => null),
    indexAt(git, scope, kept.path, false),
  ]);
  return tree?.kind === "none" && index === null ? { tree, index } : null;
}

export async function undoDiscard(
  git: ProjectGit,
  store: DiscardStore,
  sessionID: string,
  id: string,
): Promise<GitUndoDiscardResponse> {
  const scope = await git.scope(sessionID);
  return git.exclusive(scope.folder, async () => {
    const kept = store.find(id, scope.folder);
    if (!kept)
      throw new GitError(
        404,
        "undo_gone",
        `That discard can no longer be undone here (OpenCode Turnkey was restarted, or ${maxDiscardsKept} later discards replaced it). Nothing was changed.`,
      );
    const now = await leftAsDiscarded(git, scope, kept);
    if (!now)
      throw new GitError(
        409,
        "changed_since_discard",
        `${kept.path} changed after it was discarded (the agent or another program wrote it), and Undo would overwrite that. Nothing was changed.`,
      );
    const staged = await orRollBack(git, scope, kept.path, now, () => putState(git, scope, kept.path, kept));
    store.forget(id);
    const done =
      kept.tree.kind === "none"
        ? `${kept.path} is deleted again, as it was.`
        : staged
          ? `Put back what ${kept.path} held.`
          : `Put back what ${kept.path} held, but not its staged version: git's clean-up (gc) has removed it since.`;
    const state = await stateAfter(git, scope);
    return { done, ...(state ? { state } : {}) };
  });
}

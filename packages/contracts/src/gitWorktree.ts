// The Files tab's worktrees: more folders checked out from the same repository, each on its own
// branch, so that two chats (two agents) can change the same project at once without writing over
// each other's files (`git worktree`; apps/backend/src/git/gitWorktree.ts). A new one is made from
// the last commit on a new branch, beside the repository's main folder; each can be opened as a
// project of its own, and removed when its work is merged.
import { z } from "zod";
import { GitWorkState } from "./git.ts";

export const GitWorktree = z.object({
  /** The folder, absolute, as git lists it. */
  path: z.string(),
  /** The branch checked out there; null on a detached HEAD (or a bare repository's entry). */
  branch: z.string().nullable(),
  /** The short hash of the commit checked out; null before the first commit. */
  head: z.string().nullable(),
  /** The repository's main folder (the one cloned or `git init`ed), or a bare repository's entry: never removed. */
  main: z.boolean(),
  /** A bare repository's own entry: no files to open. */
  bare: z.boolean(),
  /** The folder this chat works in. */
  current: z.boolean(),
  /** The folder is gone (deleted by hand): git keeps its record until pruned, and Remove clears it. */
  missing: z.boolean(),
  /** Locked (`git worktree lock`), with git's reason or "": never removed from here. */
  locked: z.string().optional(),
  /** The listed project at that folder, when it is one: opening it opens that project. */
  projectId: z.string().nullable(),
});
export type GitWorktree = z.infer<typeof GitWorktree>;

export const GitWorktreesResponse = z.object({ worktrees: z.array(GitWorktree) });
export type GitWorktreesResponse = z.infer<typeof GitWorktreesResponse>;

export const GitWorktreeAddRequest = z.object({
  /** The new branch the worktree checks out, made from the last commit; the folder is named after it. */
  branch: z.string().max(250),
});
export type GitWorktreeAddRequest = z.infer<typeof GitWorktreeAddRequest>;

export const GitWorktreeRemoveRequest = z.object({
  path: z.string().max(4_000),
  /** Remove it even with uncommitted changes (they are lost; asked for only after a refusal said so). */
  force: z.boolean().optional(),
});
export type GitWorktreeRemoveRequest = z.infer<typeof GitWorktreeRemoveRequest>;

export const GitWorktreeActionResponse = z.object({
  done: z.string(),
  /** The folder made (add) or removed. */
  path: z.string(),
  worktrees: z.array(GitWorktree),
  /** This chat's folder's state after it (a new branch listed); absent when this folder was the one removed. */
  state: GitWorkState.optional(),
});
export type GitWorktreeActionResponse = z.infer<typeof GitWorktreeActionResponse>;

/** One file a worktree's branch changed since it left this folder's branch (committed there or not). */
export const GitWorktreeChange = z.object({
  path: z.string(),
  /** A: new, D: deleted, M: changed (renames count as a deletion and a new file). */
  status: z.enum(["A", "D", "M"]),
  /** Lines added and removed; null for a binary file. */
  additions: z.number().int().nonnegative().nullable(),
  deletions: z.number().int().nonnegative().nullable(),
});
export type GitWorktreeChange = z.infer<typeof GitWorktreeChange>;

/**
 * What a worktree changed since the commit its branch shares with this folder's (merge-base): its
 * commits, its uncommitted changes and its new files (not ignored ones), as bringing it here would.
 */
export const GitWorktreeChangesResponse = z.object({
  path: z.string(),
  branch: z.string().nullable(),
  /** The first files by path; `more` counts the rest. */
  files: z.array(GitWorktreeChange),
  more: z.number().int().positive().optional(),
  /** Over every file, listed or not. */
  fileCount: z.number().int().nonnegative(),
  additions: z.number().int().nonnegative(),
  deletions: z.number().int().nonnegative(),
});
export type GitWorktreeChangesResponse = z.infer<typeof GitWorktreeChangesResponse>;

export const GitWorktreeTakeRequest = z.object({
  /** The worktree whose changes come to this chat's folder. */
  path: z.string().max(4_000),
});
export type GitWorktreeTakeRequest = z.infer<typeof GitWorktreeTakeRequest>;

export const GitWorktreeTakeResponse = z.object({
  done: z.string(),
  /** How many files changed here. */
  fileCount: z.number().int().positive(),
  /** This chat's folder's state after it: the changes are uncommitted here. */
  state: GitWorkState,
});
export type GitWorktreeTakeResponse = z.infer<typeof GitWorktreeTakeResponse>;

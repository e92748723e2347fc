// The Files tab's history: the branch's recent commits, a page at a time, and what one commit
// changed (its files with their line counts, each file's patch asked for when it is opened), read
// from git in the project folder (apps/backend/src/git/gitHistory.ts).
import { z } from "zod";
import { FileChange } from "./workbench.ts";

/** Commits one page of the history lists at most (`?limit=`). */
export const maxGitLogPage = 100;

export const GitLogCommit = z.object({
  hash: z.string(),
  shortHash: z.string(),
  /** The first line of the message. */
  subject: z.string(),
  author: z.string(),
  /** When it was authored, ISO 8601 with the author's offset. */
  date: z.string(),
  /** 0 for the first commit, 2 or more for a merge (whose files are shown against its first parent). */
  parents: z.number().int().nonnegative(),
});
export type GitLogCommit = z.infer<typeof GitLogCommit>;

export const GitLogResponse = z.object({
  /** Newest first, from HEAD, after `?skip=` commits. */
  commits: z.array(GitLogCommit),
  /** There are older commits than these. */
  more: z.boolean(),
});
export type GitLogResponse = z.infer<typeof GitLogResponse>;

/** A commit's files against its first parent (the empty tree for the first commit), patches left out. */
export const GitCommitFilesResponse = z.object({
  hash: z.string(),
  files: z.array(FileChange),
  /** Files past those listed (maxGitFilesListed), counted. */
  more: z.number().int().nonnegative(),
});
export type GitCommitFilesResponse = z.infer<typeof GitCommitFilesResponse>;

/** A commit as the history routes take it: a full or abbreviated hash, never a name git could read as an option. */
export const gitHashPattern = /^[0-9a-f]{4,64}$/;
/** A commit named in full (SHA-1's 40 digits or SHA-256's 64): how a stash is named. */
export const fullGitHashPattern = /^[0-9a-f]{40}(?:[0-9a-f]{24})?$/;

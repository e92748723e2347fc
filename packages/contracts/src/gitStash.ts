// The Files tab's stashes: uncommitted changes put aside (`git stash push --include-untracked`) and
// brought back later, each named by its place and its commit so that a stash made meanwhile (the
// agent's own `git stash`) never makes a click act on another one (apps/backend/src/git/gitStash.ts).
import { z } from "zod";
import { GitWorkState } from "./git.ts";
import { fullGitHashPattern } from "./gitHistory.ts";

export const GitStash = z.object({
  /** Its place in git's list: 0 is the newest (`stash@{0}`). */
  index: z.number().int().nonnegative(),
  /** The stash's commit: an action names it too and is refused if that place holds another now. */
  hash: z.string(),
  /** git's description ("On main: before the refactor", "WIP on main: 1a2b3c4 subject"). */
  message: z.string(),
  /** When it was made, ISO 8601. */
  date: z.string(),
});
export type GitStash = z.infer<typeof GitStash>;

export const GitStashesResponse = z.object({ stashes: z.array(GitStash) });
export type GitStashesResponse = z.infer<typeof GitStashesResponse>;

export const GitStashRequest = z.object({
  /** What the stash holds, in a few words (git's "WIP on <branch>" when absent). */
  message: z.string().max(500).optional(),
});
export type GitStashRequest = z.infer<typeof GitStashRequest>;

export const GitStashActionRequest = z.object({
  index: z.number().int().nonnegative().max(100_000),
  hash: z.string().regex(fullGitHashPattern),
  /** apply: the changes back, the stash kept; pop: back and the stash dropped; drop: the stash deleted. */
  action: z.enum(["apply", "pop", "drop"]),
});
export type GitStashActionRequest = z.infer<typeof GitStashActionRequest>;

export const GitStashActionResponse = z.object({
  done: z.string(),
  stashes: z.array(GitStash),
  state: GitWorkState,
});
export type GitStashActionResponse = z.infer<typeof GitStashActionResponse>;

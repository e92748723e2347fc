// The Files tab's git work on a session's project: what git says of the working tree and the
// branch, a commit of chosen files, switching or creating a branch, and pull/push with the
// branch's upstream. Every action answers with the state after it, so the tab redraws from one
// answer; a refusal is an error answer whose message is a sentence saying what to do.
import { z } from "zod";
import { ModelRef } from "./chat.ts";
import { sidecarCallDeadlineMs } from "./deadlines.ts";
import { GitSelection } from "./gitSelection.ts";

/** What `git status` says of one path: the letter pair folded into one word a person reads. */
export const GitFileState = z.enum([
  "modified",
  "added",
  "deleted",
  "renamed",
  "untracked",
  "conflicted",
  "typechange",
]);
export type GitFileState = z.infer<typeof GitFileState>;

export const GitWorkFile = z.object({
  /** Relative to the project folder, `/`-separated (a rename's new name). */
  path: z.string(),
  state: GitFileState,
  /** Already in git's index (staged by the user or a tool); a commit takes every chosen file as it is on disk. */
  staged: z.boolean(),
});
export type GitWorkFile = z.infer<typeof GitWorkFile>;

export const GitCommitInfo = z.object({ hash: z.string(), shortHash: z.string(), subject: z.string() });
export type GitCommitInfo = z.infer<typeof GitCommitInfo>;

export const GitWorkState = z.object({
  /** The current branch; null on a detached HEAD or in a folder that is not a repository. */
  branch: z.string().nullable(),
  /** The last commit, null before the first one. */
  head: GitCommitInfo.nullable(),
  /** The branch's upstream (`origin/main`), null when it has none. */
  upstream: z.string().nullable(),
  /** Commits not on the upstream, and upstream commits not here (both 0 without an upstream). */
  ahead: z.number().int().nonnegative(),
  behind: z.number().int().nonnegative(),
  /** The upstream's branch is gone from its remote (as last fetched): ahead and behind are unknown. */
  upstreamGone: z.boolean().optional(),
  /** The local branches, by name. */
  branches: z.array(z.string()),
  /** The remotes, by name (`origin`). */
  remotes: z.array(z.string()),
  /**
   * The changed paths, untracked files included (one by one, not folded into their folder), by
   * name, the first maxGitFilesListed of them: a build folder of 50,000 new files would otherwise
   * be sent and drawn whole.
   */
  files: z.array(GitWorkFile),
  /** How many more changed paths there are than `files` lists (absent: none). */
  moreFiles: z.number().int().nonnegative().optional(),
});
export type GitWorkState = z.infer<typeof GitWorkState>;

/** Longest commit message accepted (git takes more; nobody types more). */
export const maxCommitMessageChars = 20_000;

/** Most changed files one answer lists (the git state, the uncommitted changes); the rest are counted. */
export const maxGitFilesListed = 2_000;

const projectPaths = z.array(z.string().min(1).max(4_000)).max(10_000);
/** Which files a commit takes: the paths, or a selection with its listing (refined where used). */
const commitFiles = {
  /** The changed paths to commit, as the state listed them; at least one. */
  paths: projectPaths.min(1).optional(),
  /**
   * Or: the files a selection chooses (gitSelection.ts) of those changed, given with the `listing`
   * it was counted over (GitSelectionResponse): refused if the changed files are not those any more.
   * "Every changed file but these" is a selection (`all: true`, `leftOut`), so it too takes only
   * the files the person saw: a file the agent writes after the list was read (a `.env`, a key) is
   * not committed unseen (review 7; an `allExcept` without a listing did that).
   */
  selection: GitSelection.optional(),
  listing: z.string().max(200).optional(),
};
type CommitFiles = { paths?: unknown; selection?: unknown; listing?: unknown };
const oneWayToChoose = <T extends z.ZodType<CommitFiles>>(schema: T) =>
  schema
    .refine((r) => [r.paths, r.selection].filter((c) => c !== undefined).length === 1, {
      message:
        "give the paths to commit, or a selection with its listing (every file but some is a selection with all: true)",
      path: ["paths"],
    })
    .refine((r) => (r.selection === undefined) === (r.listing === undefined), {
      message: "a selection goes with the listing it was counted over",
      path: ["listing"],
    });

export const GitCommitRequest = oneWayToChoose(
  z.object({
    /** Required: an empty message (spaces only) is refused with a sentence, nothing committed. */
    message: z.string().max(maxCommitMessageChars),
    ...commitFiles,
  }),
);
export type GitCommitRequest = z.infer<typeof GitCommitRequest>;

/**
 * "Write it for me": the chosen files' changes (chosen as for a commit) sent to `model` (absent:
 * OpenCode's default), which answers with a commit message (git/commitMessage.ts).
 */
export const GitMessageRequest = oneWayToChoose(z.object({ model: ModelRef.optional(), ...commitFiles }));
export type GitMessageRequest = z.infer<typeof GitMessageRequest>;

export const GitMessageResponse = z.object({
  /** The message, as the model wrote it (fences and surrounding blank lines taken off). */
  message: z.string(),
  /** The files whose changes were described. */
  files: z.number().int().nonnegative(),
  /** Of those, the files whose changes were cut short or left out, to keep the question short. */
  shortened: z.number().int().nonnegative(),
});
export type GitMessageResponse = z.infer<typeof GitMessageResponse>;

export const GitCommitResponse = z.object({ commit: GitCommitInfo, state: GitWorkState });
export type GitCommitResponse = z.infer<typeof GitCommitResponse>;

/** Where the name and email git signs commits with come from (git/gitIdentity.ts). */
export const GitIdentitySource = z.enum([
  /** This repository's own config (`git config --local`). */
  "repository",
  /** The user's git settings (`--global`, ~/.gitconfig), every repository of theirs. */
  "user",
  /** The computer's git settings (`--system`). */
  "system",
  /** GIT_AUTHOR_NAME/EMAIL, EMAIL or GIT_CONFIG_* in the environment the app was started with. */
  "environment",
  /** Nothing set: git made it up from the computer's user and host names. */
  "guessed",
  /** author.name or author.email in git's settings, which come before user.*. */
  "other",
]);
export type GitIdentitySource = z.infer<typeof GitIdentitySource>;

/** Who git would sign a commit made now as; name and email null when it cannot tell (a commit is refused). */
export const GitIdentity = z.object({
  name: z.string().nullable(),
  email: z.string().nullable(),
  from: GitIdentitySource.nullable(),
});
export type GitIdentity = z.infer<typeof GitIdentity>;

/** The name and email to commit with, for this repository or every repository of the user's. */
export const GitIdentityRequest = z.object({
  name: z.string().max(200),
  email: z.string().max(320),
  scope: z.enum(["repository", "user"]),
});
export type GitIdentityRequest = z.infer<typeof GitIdentityRequest>;

export const GitIdentityResponse = z.object({ done: z.string(), identity: GitIdentity });
export type GitIdentityResponse = z.infer<typeof GitIdentityResponse>;

export const GitBranchRequest = z.object({
  name: z.string().min(1).max(255),
  /** true: a new branch from HEAD, then switched to; false: switch to an existing one. */
  create: z.boolean(),
});
export type GitBranchRequest = z.infer<typeof GitBranchRequest>;

/** Pull (fast-forward or merge, as the user's git config says) or push the current branch with its upstream. */
export const GitSyncRequest = z.object({
  /** Push only: a branch without an upstream is pushed to this remote and tracks it from then on. */
  publishTo: z.string().min(1).max(255).optional(),
});
export type GitSyncRequest = z.infer<typeof GitSyncRequest>;

export const GitActionResponse = z.object({
  /** What happened, in a sentence ("Switched to fix-login.", "Pushed 2 commits to origin/main."). */
  done: z.string(),
  state: GitWorkState,
});
export type GitActionResponse = z.infer<typeof GitActionResponse>;

/**
 * The largest file a discard keeps for its Undo (held in the backend's memory): a larger one is
 * refused with a sentence, never discarded beyond recall.
 */
export const maxDiscardKeptBytes = 32 * 1024 * 1024;
/** How many discards the backend keeps for Undo (the oldest forgotten first), and so the window offers. */
export const maxDiscardsKept = 20;

/** Put one changed file back as the last commit has it (a file the last commit lacks is deleted), kept for Undo. */
export const GitDiscardRequest = z.object({ path: z.string().min(1).max(4_000) });
export type GitDiscardRequest = z.infer<typeof GitDiscardRequest>;

export const GitDiscardResponse = z.object({
  done: z.string(),
  /** Names what the discard kept: sent back to undo it (GitUndoDiscardRequest). */
  undo: z.string(),
  /** The state after it; absent when git could not say (the discard is done all the same). */
  state: GitWorkState.optional(),
});
export type GitDiscardResponse = z.infer<typeof GitDiscardResponse>;

/** Puts a discarded file back as it was (its index entry too), if nothing changed it since. */
export const GitUndoDiscardRequest = z.object({ undo: z.string().min(1).max(100) });
export type GitUndoDiscardRequest = z.infer<typeof GitUndoDiscardRequest>;

export const GitUndoDiscardResponse = GitDiscardResponse.omit({ undo: true });
export type GitUndoDiscardResponse = z.infer<typeof GitUndoDiscardResponse>;

/** How long the backend lets git run: local work (hooks included) and the network. */
export const gitLocalDeadlineMs = 60_000;
export const gitNetworkDeadlineMs = 90_000;
/**
 * One action's whole time (every git call of it, hooks included), that each call's deadline is cut
 * to: the tab's reads, a commit or a branch, and pull or push (a status read, the push, a read).
 */
export const gitLocalBudgetMs = 110_000;
export const gitNetworkBudgetMs = 150_000;
/** The longest the backend waits for a stopped git or gh to end: SIGTERM's grace, then SIGKILL's (git/runGit.ts). */
export const gitStopWaitMs = 7_000;
/**
 * After a merge that ran out of time (or ended near its budget's end), the re-read of its pull
 * request (GitHub may have merged it) and the look at the branch here: a budget of their own
 * (pulls/pullActions.ts).
 */
export const gitAfterMergeBudgetMs = 20_000;
/**
 * The client's timeout for git calls: past the longest action (a merge stopped at the end of the
 * network budget, the re-read after it, each stop's wait) and the answer's way back, so the
 * backend's sentence is what the person reads (review 13, pulls F2: 180 s was 4 s short).
 */
export const gitClientTimeoutMs = gitNetworkBudgetMs + gitAfterMergeBudgetMs + 2 * gitStopWaitMs + 16_000;
/**
 * The client's timeout for "Write it for me": the reads of the changes, the model's answer (as
 * long as any call to OpenCode) and the question's session deleted after it.
 */
export const gitMessageClientTimeoutMs = gitLocalBudgetMs + sidecarCallDeadlineMs + 30_000;

/** The commit form's list and counts for a selection (GitSelectionRequest), over every changed file. */
export const GitSelectionResponse = z.object({
  /** The first maxGitFilesListed changed files holding the filter, by path. */
  files: z.array(GitWorkFile),
  /** Files holding the filter past those listed. */
  more: z.number().int().nonnegative(),
  /** Every changed file. */
  total: z.number().int().nonnegative(),
  /** The files the selection chooses, of every changed file. */
  chosen: z.number().int().nonnegative(),
  /** Names the set of changed paths counted (a digest): a commit sent with it is refused if the set changed since. */
  listing: z.string(),
});
export type GitSelectionResponse = z.infer<typeof GitSelectionResponse>;

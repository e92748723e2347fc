// Where the Files tab's git work goes: one session's project through the backend (which runs git
// there with a deadline and without our secrets), or a test's fakes. The commit message being
// written lives here, beside the calls, so switching tabs or a refused commit never loses it.
import type {
  GitActionResponse,
  GitCommitRequest,
  GitCommitResponse,
  GitMessageRequest,
  GitMessageResponse,
  GitSelectionRequest,
  GitSelectionResponse,
  GitWorkState,
} from "@turnkey/contracts";
import { api } from "../../shared/api.ts";
import type { IdentitySource } from "./CommitIdentity.tsx";
import { type PullRequestSource, sessionPullRequests } from "./pullRequestSource.ts";
import type { StashSource } from "./StashSection.tsx";
import type { WorktreeSource } from "./WorktreeSection.tsx";

export interface GitWorkSource {
  state: () => Promise<GitWorkState>;
  commit: (request: GitCommitRequest) => Promise<GitCommitResponse>;
  /** A message from the chosen files' changes, written by the model (absent: no "Write it for me"). */
  writeMessage?: (request: GitMessageRequest, signal: AbortSignal) => Promise<GitMessageResponse>;
  /** The commit form's list and counts for a selection, when there are more changed files than the state lists. */
  select: (request: GitSelectionRequest) => Promise<GitSelectionResponse>;
  branch: (name: string, create: boolean) => Promise<GitActionResponse>;
  /** Absent: no Fetch button (a test's fakes). */
  fetch?: () => Promise<GitActionResponse>;
  pull: () => Promise<GitActionResponse>;
  push: (publishTo?: string) => Promise<GitActionResponse>;
  /** The message typed so far, kept while the tab is closed and after an error. */
  draft: { message: string };
  /** Who commits, and setting that (absent: not shown). */
  identity?: IdentitySource;
  /** Stashes: list, make, apply/pop/drop (absent: the section is not shown). */
  stashes?: StashSource;
  /** The repository's worktrees: list, add, remove (absent: the section is not shown). */
  worktrees?: WorktreeSource;
  /** The branch's pull request through the GitHub CLI (absent: the section is not shown). */
  pulls?: PullRequestSource;
}

/**
 * The commit message being written, per project folder, for as long as the window is open: it is
 * the folder's next commit, whichever of its chats is open (it was each chat's own, so looking at
 * another chat and back lost it).
 */
const commitDrafts = new Map<string, { message: string }>();
function commitDraftOf(folder: string): { message: string } {
  const draft = commitDrafts.get(folder) ?? { message: "" };
  commitDrafts.set(folder, draft);
  return draft;
}

/** `folder`: the session's project folder, whose commit message is kept across its chats. */
export function sessionGit(sessionID: string, folder: string): GitWorkSource {
  return {
    state: () => api.gitState(sessionID),
    commit: (request) => api.gitCommit(sessionID, request),
    writeMessage: (request, signal) => api.gitMessage(sessionID, request, signal),
    select: (request) => api.gitSelection(sessionID, request),
    branch: (name, create) => api.gitBranch(sessionID, { name, create }),
    fetch: () => api.gitFetch(sessionID),
    pull: () => api.gitPull(sessionID),
    push: (publishTo) => api.gitPush(sessionID, publishTo),
    draft: commitDraftOf(folder),
    identity: {
      read: () => api.gitIdentity(sessionID),
      set: (request) => api.setGitIdentity(sessionID, request),
    },
    stashes: {
      list: () => api.gitStashes(sessionID),
      stash: (message) => api.gitStash(sessionID, message),
      act: (request) => api.gitStashAction(sessionID, request),
    },
    worktrees: {
      list: () => api.gitWorktrees(sessionID),
      add: (branch) => api.gitAddWorktree(sessionID, branch),
      remove: (path, force) => api.gitRemoveWorktree(sessionID, path, force),
    },
    pulls: sessionPullRequests(sessionID),
  };
}

// The Files tab's git work in the typed client: the project's git state, commit, branch, pull and
// push, a discard and its undo, stashes, the history and the repository's worktrees. Spread into createTurnkeyClient beside fileMethods.
import {
  GitActionResponse,
  type GitBranchRequest,
  GitCommitFilesResponse,
  type GitCommitRequest,
  GitCommitResponse,
  GitDiffResponse,
  GitDiscardResponse,
  GitIdentity,
  type GitIdentityRequest,
  GitIdentityResponse,
  GitLogResponse,
  type GitMessageRequest,
  GitMessageResponse,
  type GitSelectionRequest,
  GitSelectionResponse,
  type GitStashActionRequest,
  GitStashActionResponse,
  GitStashesResponse,
  GitUndoDiscardResponse,
  GitWorkState,
  GitWorktreeActionResponse,
  GitWorktreeChangesResponse,
  GitWorktreesResponse,
  GitWorktreeTakeResponse,
  gitClientTimeoutMs,
  gitMessageClientTimeoutMs,
} from "@turnkey/contracts";
import type { Http } from "./http.ts";
import type { Call } from "./workbench.ts";

// Each waits longer than the backend's budget for one git action (contracts' gitClientTimeoutMs), so
// a slow hook or push is answered with git's sentence, not the client's own timeout.
export function gitMethods(http: Http, call: Call) {
  const path = (id: string, rest: string) => `api/sessions/${encodeURIComponent(id)}/git/${rest}`;
  const timeout = gitClientTimeoutMs;
  return {
    gitState: (id: string) => call(GitWorkState, http.get(path(id, "state"), { timeout })),
    /** One changed file's patch against HEAD, made when it is opened. */
    gitDiff: (id: string, file: string) =>
      call(GitDiffResponse, http.get(path(id, "diff"), { searchParams: { path: file }, timeout })),
    /** The commit form's list (paths holding `filter`) and counts for a selection, over every changed file. */
    gitSelection: (id: string, request: GitSelectionRequest) =>
      call(GitSelectionResponse, http.post(path(id, "selection"), { json: request, timeout })),
    gitCommit: (id: string, request: GitCommitRequest) =>
      call(GitCommitResponse, http.post(path(id, "commit"), { json: request, timeout })),
    /** A message for the files a commit would take, written by the model; `signal` gives up on it (the backend's question too). */
    gitMessage: (id: string, request: GitMessageRequest, signal?: AbortSignal) =>
      call(
        GitMessageResponse,
        http.post(path(id, "message"), {
          json: request,
          timeout: gitMessageClientTimeoutMs,
          ...(signal ? { signal } : {}),
        }),
      ),
    /** Who a commit made now would be signed as, and where that comes from. */
    gitIdentity: (id: string) => call(GitIdentity, http.get(path(id, "identity"), { timeout })),
    /** Sets the name and email for the repository or every repository of the user's. */
    setGitIdentity: (id: string, request: GitIdentityRequest) =>
      call(GitIdentityResponse, http.put(path(id, "identity"), { json: request, timeout })),
    gitBranch: (id: string, request: GitBranchRequest) =>
      call(GitActionResponse, http.post(path(id, "branch"), { json: request, timeout })),
    /** Fetches every remote: the state then says how many commits there are to pull. */
    gitFetch: (id: string) => call(GitActionResponse, http.post(path(id, "fetch"), { json: {}, timeout })),
    gitPull: (id: string) => call(GitActionResponse, http.post(path(id, "pull"), { json: {}, timeout })),
    /** `publishTo`: a branch without an upstream is pushed there and tracks it. */
    gitPush: (id: string, publishTo?: string) =>
      call(GitActionResponse, http.post(path(id, "push"), { json: publishTo ? { publishTo } : {}, timeout })),
    /** The branch's commits, newest first: `limit` after the newest `skip`. */
    gitLog: (id: string, limit: number, skip = 0) =>
      call(GitLogResponse, http.get(path(id, "log"), { searchParams: { limit, skip }, timeout })),
    /** What one commit changed (against its first parent), patches left out. */
    gitCommitFiles: (id: string, hash: string) =>
      call(GitCommitFilesResponse, http.get(path(id, `commits/${encodeURIComponent(hash)}/files`), { timeout })),
    gitCommitDiff: (id: string, hash: string, file: string) =>
      call(
        GitDiffResponse,
        http.get(path(id, `commits/${encodeURIComponent(hash)}/diff`), { searchParams: { path: file }, timeout }),
      ),
    gitStashes: (id: string) => call(GitStashesResponse, http.get(path(id, "stashes"), { timeout })),
    /** Every uncommitted change (new files too) put aside as a stash. */
    gitStash: (id: string, message?: string) =>
      call(GitStashActionResponse, http.post(path(id, "stash"), { json: message ? { message } : {}, timeout })),
    gitStashAction: (id: string, request: GitStashActionRequest) =>
      call(GitStashActionResponse, http.post(path(id, "stashes/action"), { json: request, timeout })),
    /** One file back as the last commit has it; the answer's `undo` names what was kept to undo it. */
    gitDiscard: (id: string, file: string) =>
      call(GitDiscardResponse, http.post(path(id, "discard"), { json: { path: file }, timeout })),
    gitUndoDiscard: (id: string, undo: string) =>
      call(GitUndoDiscardResponse, http.post(path(id, "undo-discard"), { json: { undo }, timeout })),
    /** The repository's folders (`git worktree list`), the chat's own marked. */
    gitWorktrees: (id: string) => call(GitWorktreesResponse, http.get(path(id, "worktrees"), { timeout })),
    /** A new worktree checking out `branch` (made from the last commit when there is none of that name). */
    gitAddWorktree: (id: string, branch: string) =>
      call(GitWorktreeActionResponse, http.post(path(id, "worktrees"), { json: { branch }, timeout })),
    /** `force`: even with uncommitted changes there, which are deleted with it. */
    gitRemoveWorktree: (id: string, folder: string, force = false) =>
      call(
        GitWorktreeActionResponse,
        http.post(path(id, "worktrees/remove"), { json: force ? { path: folder, force } : { path: folder }, timeout }),
      ),
    /** What a worktree changed since its branch left this chat's folder's branch, committed or not. */
    gitWorktreeChanges: (id: string, folder: string) =>
      call(
        GitWorktreeChangesResponse,
        http.get(path(id, "worktrees/changes"), { searchParams: { path: folder }, timeout }),
      ),
    /** Those changes made in this chat's folder, uncommitted; refused whole when a file clashes. */
    gitTakeWorktreeChanges: (id: string, folder: string) =>
      call(GitWorktreeTakeResponse, http.post(path(id, "worktrees/take"), { json: { path: folder }, timeout })),
  };
}

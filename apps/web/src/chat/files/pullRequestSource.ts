// Where the Files tab's pull request calls go: one session's project through the backend (which
// runs the user's GitHub CLI there, with a deadline and without our secrets), or a test's fakes.
import type {
  CreatePullRequestRequest,
  MergePullRequestRequest,
  PullRequestActionResponse,
  PullRequestDraft,
  PullRequestRepository,
  PullRequestResponse,
  PullRequestTextRequest,
  PullRequestTextResponse,
} from "@turnkey/contracts";
import { api } from "../../shared/api.ts";

export interface PullRequestSource {
  view: () => Promise<PullRequestResponse>;
  draft: (base?: string) => Promise<PullRequestDraft>;
  create: (request: CreatePullRequestRequest) => Promise<PullRequestResponse>;
  /** The repository's merge methods, reviewers and labels: read when a form opens. */
  repository: () => Promise<PullRequestRepository>;
  merge: (request: MergePullRequestRequest) => Promise<PullRequestActionResponse>;
  ready: () => Promise<PullRequestActionResponse>;
  /** A title and description written by the chat's model (absent: no "Write it for me"). */
  writeText?: (request: PullRequestTextRequest, signal: AbortSignal) => Promise<PullRequestTextResponse>;
}

export function sessionPullRequests(sessionID: string): PullRequestSource {
  return {
    view: () => api.pullRequest(sessionID),
    draft: (base) => api.pullRequestDraft(sessionID, base),
    create: (request) => api.createPullRequest(sessionID, request),
    repository: () => api.pullRequestRepository(sessionID),
    merge: (request) => api.mergePullRequest(sessionID, request),
    ready: () => api.readyPullRequest(sessionID),
    writeText: (request, signal) => api.pullRequestText(sessionID, request, signal),
  };
}

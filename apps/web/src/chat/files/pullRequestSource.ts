// Where the Files tab's pull request calls go: one session's project through the backend (which
// runs the user's GitHub CLI there, with a deadline and without our secrets), or a test's fakes.
import type { CreatePullRequestRequest, PullRequestDraft, PullRequestResponse } from "@turnkey/contracts";
import { api } from "../../shared/api.ts";

export interface PullRequestSource {
  view: () => Promise<PullRequestResponse>;
  draft: (base?: string) => Promise<PullRequestDraft>;
  create: (request: CreatePullRequestRequest) => Promise<PullRequestResponse>;
}

export function sessionPullRequests(sessionID: string): PullRequestSource {
  return {
    view: () => api.pullRequest(sessionID),
    draft: (base) => api.pullRequestDraft(sessionID, base),
    create: (request) => api.createPullRequest(sessionID, request),
  };
}

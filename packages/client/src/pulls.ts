// The Files tab's pull requests in the typed client: the current branch's pull request, what a new
// one would say (and what the model writes for it), creating it, the repository's settings, merging it and marking a draft ready. Spread into createTurnkeyClient beside gitMethods, with the same
// timeout (gh's calls are cut to a git action's budget).
import {
  type CreatePullRequestRequest,
  gitClientTimeoutMs,
  gitMessageClientTimeoutMs,
  type MergePullRequestRequest,
  PullRequestActionResponse,
  PullRequestDraft,
  PullRequestRepository,
  PullRequestResponse,
  type PullRequestTextRequest,
  PullRequestTextResponse,
} from "@turnkey/contracts";
import type { Http } from "./http.ts";
import type { Call } from "./workbench.ts";

export function pullRequestMethods(http: Http, call: Call) {
  const path = (id: string) => `api/sessions/${encodeURIComponent(id)}/git/pull-request`;
  const timeout = gitClientTimeoutMs;
  return {
    pullRequest: (id: string) => call(PullRequestResponse, http.get(path(id), { timeout })),
    pullRequestDraft: (id: string, base?: string) =>
      call(PullRequestDraft, http.get(`${path(id)}/draft`, { searchParams: base ? { base } : {}, timeout })),
    /** A title and description written by the model; `signal` gives up on it (the backend's question too). */
    pullRequestText: (id: string, request: PullRequestTextRequest, signal?: AbortSignal) =>
      call(
        PullRequestTextResponse,
        http.post(`${path(id)}/text`, {
          json: request,
          timeout: gitMessageClientTimeoutMs,
          ...(signal ? { signal } : {}),
        }),
      ),
    createPullRequest: (id: string, request: CreatePullRequestRequest) =>
      call(PullRequestResponse, http.post(path(id), { json: request, timeout })),
    pullRequestRepository: (id: string) => call(PullRequestRepository, http.get(`${path(id)}/repository`, { timeout })),
    mergePullRequest: (id: string, request: MergePullRequestRequest) =>
      call(PullRequestActionResponse, http.post(`${path(id)}/merge`, { json: request, timeout })),
    readyPullRequest: (id: string) =>
      call(PullRequestActionResponse, http.post(`${path(id)}/ready`, { json: {}, timeout })),
  };
}

// The Files tab's git work in the typed client: the project's git state, commit, branch, pull and
// push. Spread into createTurnkeyClient beside fileMethods.
import {
  GitActionResponse,
  type GitBranchRequest,
  type GitCommitRequest,
  GitCommitResponse,
  GitDiffResponse,
  GitWorkState,
} from "@turnkey/contracts";
import type { Http } from "./http.ts";
import type { Call } from "./workbench.ts";

export function gitMethods(http: Http, call: Call) {
  const path = (id: string, rest: string) => `api/sessions/${encodeURIComponent(id)}/git/${rest}`;
  return {
    gitState: (id: string) => call(GitWorkState, http.get(path(id, "state"))),
    /** One changed file's patch against HEAD, made when it is opened. */
    gitDiff: (id: string, file: string) =>
      call(GitDiffResponse, http.get(path(id, "diff"), { searchParams: { path: file } })),
    gitCommit: (id: string, request: GitCommitRequest) =>
      call(GitCommitResponse, http.post(path(id, "commit"), { json: request })),
    gitBranch: (id: string, request: GitBranchRequest) =>
      call(GitActionResponse, http.post(path(id, "branch"), { json: request })),
    gitPull: (id: string) => call(GitActionResponse, http.post(path(id, "pull"), { json: {} })),
    /** `publishTo`: a branch without an upstream is pushed there and tracks it. */
    gitPush: (id: string, publishTo?: string) =>
      call(GitActionResponse, http.post(path(id, "push"), { json: publishTo ? { publishTo } : {} })),
  };
}

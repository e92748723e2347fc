// The file panel's part of the typed client: a project folder's entries, a file, the git status,
// and a session's subagent sessions. Spread into createTurnkeyClient.
import { FileContentResponse, FileTreeResponse, GitStatusResponse, SessionsResponse } from "@turnkey/contracts";
import type { Http } from "./http.ts";
import type { Call } from "./workbench.ts";

export function fileMethods(http: Http, call: Call) {
  const path = (id: string, rest: string) => `api/sessions/${encodeURIComponent(id)}/${rest}`;
  return {
    /** A folder of the session's project ("" for the project folder itself). */
    tree: (id: string, folder = "") =>
      call(FileTreeResponse, http.get(path(id, "tree"), { searchParams: { path: folder } })),
    readFile: (id: string, file: string) =>
      call(FileContentResponse, http.get(path(id, "file"), { searchParams: { path: file } })),
    /** The uncommitted changes, `limit` files at most (the backend's own cap by default). */
    gitStatus: (id: string, limit?: number) =>
      call(GitStatusResponse, http.get(path(id, "git"), limit ? { searchParams: { limit } } : {})),
    /** The sessions this session's `task` calls started, oldest first. */
    children: async (id: string) => (await call(SessionsResponse, http.get(path(id, "children")))).sessions,
  };
}

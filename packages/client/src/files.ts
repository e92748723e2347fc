// The file panel's part of the typed client: a project folder's entries, a file, the git status,
// a session's subagent sessions, and "Open in" another app. Spread into createTurnkeyClient.
import {
  FileContentResponse,
  FileTreeResponse,
  GitStatusResponse,
  type OpenWithRequest,
  OpenWithResponse,
  OpenWithResult,
  SessionsResponse,
  type TextSearchQuery,
  TextSearchResponse,
} from "@turnkey/contracts";
import type { Http } from "./http.ts";
import type { Call } from "./workbench.ts";

/** Query parameters without the unset ones. */
function defined(params: Record<string, string | number | undefined>): Record<string, string | number> {
  return Object.fromEntries(Object.entries(params).filter(([, v]) => v !== undefined && v !== "")) as Record<
    string,
    string | number
  >;
}

export function fileMethods(http: Http, call: Call) {
  const path = (id: string, rest: string) => `api/sessions/${encodeURIComponent(id)}/${rest}`;
  return {
    /** The apps this computer has to open a project in (an editor, the file manager, a terminal). */
    openWithApps: () => call(OpenWithResponse, http.get("api/open-with")),
    /**
     * Opens the session's project folder, or a file in it at a line, in one of them. Waits past the
     * desktop's 20 s for main to say whether the app started.
     */
    openWith: (id: string, request: OpenWithRequest) =>
      call(OpenWithResult, http.post(path(id, "open-with"), { json: request, timeout: 30_000 })),
    /** A page of a folder of the session's project ("" for the project folder itself): `after` an earlier page's `next`. */
    tree: (id: string, folder = "", page: { after?: string; filter?: string } = {}) =>
      call(FileTreeResponse, http.get(path(id, "tree"), { searchParams: { path: folder, ...defined(page) } })),
    readFile: (id: string, file: string) =>
      call(FileContentResponse, http.get(path(id, "file"), { searchParams: { path: file } })),
    /**
     * The uncommitted changes, `limit` files at most (the backend's own cap by default), those after
     * the path `after`, whose path holds `filter` (ignoring case).
     */
    gitStatus: (id: string, limit?: number, after?: string, filter?: string) =>
      call(GitStatusResponse, http.get(path(id, "git"), { searchParams: defined({ limit, after, filter }) })),
    /**
     * The lines of the project's files holding `q` (ripgrep in the backend; `case`, `regex`: "true"
     * or "false"); `signal` ends it, and the backend's ripgrep with it.
     */
    searchText: (id: string, query: TextSearchQuery, signal?: AbortSignal) =>
      call(TextSearchResponse, http.get(path(id, "search"), { searchParams: query, ...(signal ? { signal } : {}) })),
    /** The sessions this session's `task` calls started, oldest first. */
    children: async (id: string) => (await call(SessionsResponse, http.get(path(id, "children")))).sessions,
  };
}

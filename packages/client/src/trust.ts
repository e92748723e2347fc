// The trust part of the typed client: what a project folder's own OpenCode config holds, trusting
// it (OpenCode then works there), forgetting that trust. Spread into createTurnkeyClient.
import { FolderTrust } from "@turnkey/contracts";
import type { Http } from "./http.ts";
import type { Call } from "./workbench.ts";

export function trustMethods(http: Http, call: Call) {
  const path = (projectId: string) => `api/projects/${encodeURIComponent(projectId)}/trust`;
  return {
    folderTrust: (projectId: string) => call(FolderTrust, http.get(path(projectId))),
    trustFolder: (projectId: string) => call(FolderTrust, http.put(path(projectId), { json: {} })),
    forgetFolderTrust: (projectId: string) => call(FolderTrust, http.delete(path(projectId))),
  };
}

// The trust part of the typed client: what a project folder's own OpenCode config holds, trusting
// it (OpenCode then works there), forgetting that trust. Spread into createTurnkeyClient.
import { FolderTrust, type TrustFolderRequest } from "@turnkey/contracts";
import type { Http } from "./http.ts";
import type { Call } from "./workbench.ts";

export function trustMethods(http: Http, call: Call) {
  const path = (projectId: string) => `api/projects/${encodeURIComponent(projectId)}/trust`;
  return {
    folderTrust: (projectId: string) => call(FolderTrust, http.get(path(projectId))),
    /** Trusts the config the card showed: `digest` is the one its FolderTrust carried. */
    trustFolder: (projectId: string, digest: string) =>
      call(FolderTrust, http.put(path(projectId), { json: { digest } satisfies TrustFolderRequest })),
    forgetFolderTrust: (projectId: string) => call(FolderTrust, http.delete(path(projectId))),
  };
}

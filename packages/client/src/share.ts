// The share part of the typed client: whether a chat is shared and where it would go, share it
// (after the user agreed), stop sharing it. Spread into createTurnkeyClient.
import { ShareState } from "@turnkey/contracts";
import type { Http } from "./http.ts";
import type { Call } from "./workbench.ts";

export function shareMethods(http: Http, call: Call) {
  const path = (id: string) => `api/sessions/${encodeURIComponent(id)}/share`;
  return {
    shareState: (id: string) => call(ShareState, http.get(path(id))),
    /** Publishes the whole chat to the share service: only after the user agreed to exactly that. */
    share: (id: string) => call(ShareState, http.post(path(id), { json: {} })),
    unshare: (id: string) => call(ShareState, http.delete(path(id))),
  };
}

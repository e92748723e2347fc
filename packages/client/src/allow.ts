// A chat's allow setting in the typed client: what it lets the agent do without asking, and what
// it answered so. Spread into createTurnkeyClient.
import { type AllowLevel, AllowSetting } from "@turnkey/contracts";
import type { Http } from "./http.ts";
import type { Call } from "./workbench.ts";

export function allowMethods(http: Http, call: Call) {
  const path = (id: string) => `api/sessions/${encodeURIComponent(id)}/allow`;
  return {
    allowSetting: (id: string) => call(AllowSetting, http.get(path(id))),
    /** Saved before anything is answered; what already waits and the level covers is answered next. */
    setAllow: (id: string, level: AllowLevel) => call(AllowSetting, http.put(path(id), { json: { level } })),
  };
}

// A chat's allow setting in the typed client: what it lets the agent do without asking, and what
// it answered so; and the level a project gives its chats. Spread into createTurnkeyClient.
import { type AllowChoice, type AllowLevel, AllowSetting, ProjectAllowSetting } from "@turnkey/contracts";
import type { Http } from "./http.ts";
import type { Call } from "./workbench.ts";

export function allowMethods(http: Http, call: Call) {
  const path = (id: string) => `api/sessions/${encodeURIComponent(id)}/allow`;
  const projectPath = (id: string) => `api/projects/${encodeURIComponent(id)}/allow`;
  return {
    allowSetting: (id: string) => call(AllowSetting, http.get(path(id))),
    /** Saved before anything is answered; what already waits and the level covers is answered next. */
    setAllow: (id: string, level: AllowChoice) => call(AllowSetting, http.put(path(id), { json: { level } })),
    projectAllow: (projectId: string) => call(ProjectAllowSetting, http.get(projectPath(projectId))),
    /** Saved before anything is answered; its chats that follow it are told, and what waits is answered next. */
    setProjectAllow: (projectId: string, level: AllowLevel) =>
      call(ProjectAllowSetting, http.put(projectPath(projectId), { json: { level } })),
  };
}

// The agents, commands and skills part of the typed client: a chat's project's files and the global
// ones, listed, made or changed, removed. Spread into createTurnkeyClient.
import {
  CustomizeResponse,
  type CustomKind,
  type CustomScope,
  type SaveAgentRequest,
  type SaveCommandRequest,
  type SaveSkillRequest,
} from "@turnkey/contracts";
import type { Http } from "./http.ts";
import type { Call } from "./workbench.ts";

export function customizeMethods(http: Http, call: Call) {
  const session = (id: string) => `api/sessions/${encodeURIComponent(id)}`;
  const entry = (id: string, kind: CustomKind, name: string) => `${session(id)}/${kind}s/${encodeURIComponent(name)}`;
  return {
    customizations: (id: string) => call(CustomizeResponse, http.get(`${session(id)}/customize`)),
    saveAgent: (id: string, name: string, request: SaveAgentRequest) =>
      call(CustomizeResponse, http.put(entry(id, "agent", name), { json: request })),
    saveCommand: (id: string, name: string, request: SaveCommandRequest) =>
      call(CustomizeResponse, http.put(entry(id, "command", name), { json: request })),
    saveSkill: (id: string, name: string, request: SaveSkillRequest) =>
      call(CustomizeResponse, http.put(entry(id, "skill", name), { json: request })),
    removeCustom: (id: string, kind: CustomKind, name: string, scope: CustomScope) =>
      call(CustomizeResponse, http.delete(`${entry(id, kind, name)}?scope=${scope}`)),
  };
}

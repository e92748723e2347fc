// The MCP part of the typed client: a chat's project's MCP servers, turning one on or off, signing
// in to one and forgetting its sign-in, and their config entries (read for the edit form, added or
// changed, removed, the switch kept). Spread into createTurnkeyClient.
import { McpServerConfigResponse, McpServersResponse, type SaveMcpServerRequest } from "@turnkey/contracts";
import type { Http } from "./http.ts";
import type { Call } from "./workbench.ts";

export function mcpMethods(http: Http, call: Call) {
  const path = (id: string) => `api/sessions/${encodeURIComponent(id)}/mcp`;
  const action = (what: string) => (id: string, name: string) =>
    call(McpServersResponse, http.post(`${path(id)}/${encodeURIComponent(name)}/${what}`, { json: {} }));
  return {
    mcpServers: (id: string) => call(McpServersResponse, http.get(path(id))),
    connectMcp: action("connect"),
    disconnectMcp: action("disconnect"),
    /** Starts a sign-in: OpenCode opens the page in a browser, or its address comes in the list. */
    signInMcp: action("sign-in"),
    signOutMcp: action("sign-out"),
    mcpServerConfig: (id: string, name: string) =>
      call(McpServerConfigResponse, http.get(`${path(id)}/${encodeURIComponent(name)}/config`)),
    saveMcpServer: (id: string, name: string, request: SaveMcpServerRequest) =>
      call(McpServersResponse, http.put(`${path(id)}/${encodeURIComponent(name)}/config`, { json: request })),
    removeMcpServer: (id: string, name: string) =>
      call(McpServersResponse, http.delete(`${path(id)}/${encodeURIComponent(name)}/config`)),
    /** Writes the switch's state in the server's config file (`"enabled": false`, or none for on). */
    keepMcpSwitch: (id: string, name: string, enabled: boolean) =>
      call(McpServersResponse, http.post(`${path(id)}/${encodeURIComponent(name)}/keep`, { json: { enabled } })),
  };
}

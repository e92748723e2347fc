// The MCP servers of a chat's project folder, through OpenCode (which starts and talks to them):
// their states as sentences a person can act on, turning one on or off for this run of OpenCode,
// and signing in to one that needs it (mcpSignIns.ts). Nothing here writes opencode.json: a server
// turned on or off here is back to its config after OpenCode restarts, as in OpenCode's own app.

import type { McpStatus } from "@opencode-ai/sdk/v2";
import type { McpServer, McpSignIn, McpState } from "@turnkey/contracts";
import type { SidecarSupervisor } from "@turnkey/sidecar";
import { SidecarCallError, SidecarUnavailableError, sidecarClient, unwrap } from "../chat/sidecarClient.ts";
import type { SessionDirectory } from "../chat/workbenchService.ts";
import { McpSignIns } from "./mcpSignIns.ts";

/** What a state means and what to do, for the window's list. */
export function mcpSentence(name: string, status: McpStatus, signIn: McpSignIn | null): string {
  switch (status.status) {
    case "connected":
      return "Connected: the agent can use its tools.";
    case "disabled":
      return "Off: the agent cannot use its tools. Turn it on to start it.";
    case "failed":
      return `It did not start or could not be reached (${status.error}). Check its command or address for "${name}" in opencode.json, then turn it on again.`;
    case "needs_auth":
      if (signIn?.waiting)
        return signIn.url
          ? "Waiting for you to sign in: OpenCode could not open a browser, so open the sign-in page below and finish there."
          : "Waiting for you to sign in in the browser page OpenCode opened. Finish there; this updates by itself.";
      return `It needs you to sign in before the agent can use it. Press Sign in and finish in the page that opens; OpenCode keeps the sign-in for next time.`;
    case "needs_client_registration":
      return `It does not let OpenCode register itself for sign-in (${status.error}). Add "oauth": { "clientId": "…" } for "${name}" in opencode.json with a client id from its provider, then restart OpenCode.`;
  }
}

export class McpService {
  readonly signIns: McpSignIns;

  constructor(
    private readonly supervisor: SidecarSupervisor,
    private readonly directoryOf: SessionDirectory,
    signIns?: McpSignIns,
  ) {
    this.signIns = signIns ?? new McpSignIns(supervisor);
  }

  private async scope(sessionID: string) {
    if (!this.supervisor.connection()) throw new SidecarUnavailableError(this.supervisor.status());
    const directory = await this.directoryOf(sessionID, "read");
    const handle = sidecarClient(this.supervisor, directory);
    if (!handle) throw new SidecarUnavailableError(this.supervisor.status());
    return { handle, directory: directory ?? "" };
  }

  async list(sessionID: string): Promise<McpServer[]> {
    const { handle, directory } = await this.scope(sessionID);
    return this.read(handle, directory);
  }

  /** Starts a server (config's `enabled: false` included) for this run of OpenCode; answers the new list. */
  async connect(sessionID: string, name: string): Promise<McpServer[]> {
    const { handle, directory } = await this.scope(sessionID);
    await this.known(handle, directory, name);
    // opencode answers `true` even when the server then fails: the list says how it went.
    unwrap(await handle.client.mcp.connect({ name }), `Starting the MCP server "${name}"`);
    return this.read(handle, directory);
  }

  async disconnect(sessionID: string, name: string): Promise<McpServer[]> {
    const { handle, directory } = await this.scope(sessionID);
    await this.known(handle, directory, name);
    unwrap(await handle.client.mcp.disconnect({ name }), `Stopping the MCP server "${name}"`);
    return this.read(handle, directory);
  }

  /** Starts a sign-in for a server that needs one; answers the list with the sign-in under way. */
  async signIn(sessionID: string, name: string): Promise<McpServer[]> {
    const { handle, directory } = await this.scope(sessionID);
    const server = await this.known(handle, directory, name);
    if (server.state !== "needs_auth")
      throw new SidecarCallError(
        409,
        `"${name}" does not need a sign-in (it is ${server.state.replaceAll("_", " ")}), so none was started.`,
      );
    await this.signIns.start(handle, directory, name);
    return this.read(handle, directory);
  }

  /** Forgets the sign-in OpenCode keeps for a server (its next start asks again). */
  async signOut(sessionID: string, name: string): Promise<McpServer[]> {
    const { handle, directory } = await this.scope(sessionID);
    await this.known(handle, directory, name);
    unwrap(await handle.client.mcp.auth.remove({ name }), `Forgetting the sign-in of "${name}"`);
    return this.read(handle, directory);
  }

  private async read(handle: NonNullable<ReturnType<typeof sidecarClient>>, directory: string) {
    const statuses = unwrap(await handle.client.mcp.status(), "Reading the MCP servers");
    return Object.entries(statuses)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([name, status]): McpServer => {
        if (status.status === "connected") this.signIns.forget(directory, name);
        const signIn = this.signIns.state(directory, name);
        return {
          name,
          state: status.status as McpState,
          error: "error" in status ? status.error : null,
          sentence: mcpSentence(name, status, signIn),
          signIn,
        };
      });
  }

  /** The server by that name, or a 404 that says there is none in this project's config. */
  private async known(handle: NonNullable<ReturnType<typeof sidecarClient>>, directory: string, name: string) {
    const server = (await this.read(handle, directory)).find((s) => s.name === name);
    if (!server)
      throw new SidecarCallError(
        404,
        `There is no MCP server named "${name}" in this project's OpenCode config (opencode.json's "mcp").`,
      );
    return server;
  }
}

// The project's MCP servers, in the session panel: a one-line summary that opens to the list.
// Each server's state in words (connected, off, failed with OpenCode's reason, needs a sign-in),
// a switch that starts or stops it for this run of OpenCode, and for one that needs it a sign-in:
// OpenCode opens the sign-in page in the browser, or, when it cannot, the page's address is
// offered here. The list is read again while a sign-in waits, so it turns "Connected" by itself.
import type { McpServer, McpServersResponse } from "@turnkey/contracts";
import { useCallback, useEffect, useState } from "react";
import { api, errorMessage } from "../../shared/api.ts";
import "./mcp.css";

/** How often the list is read again while a sign-in waits for the person. */
export const signInPollMs = 2_000;

const stateLabel: Record<McpServer["state"], string> = {
  connected: "Connected",
  disabled: "Off",
  failed: "Failed",
  needs_auth: "Needs sign-in",
  needs_client_registration: "Needs a client id",
};

/** "2 of 3 connected · 1 needs sign-in": what the closed summary says. */
export function mcpSummary(servers: McpServer[]): string {
  const count = (state: McpServer["state"]) => servers.filter((s) => s.state === state).length;
  const parts = [`${count("connected")} of ${servers.length} connected`];
  const failed = count("failed");
  const signIn = count("needs_auth") + count("needs_client_registration");
  if (failed > 0) parts.push(`${failed} failed`);
  if (signIn > 0) parts.push(`${signIn} need${signIn === 1 ? "s" : ""} sign-in`);
  return parts.join(" · ");
}

export function McpPanel(props: { sessionID: string; live: boolean }) {
  const { sessionID, live } = props;
  const [servers, setServers] = useState<McpServer[] | null>(null);
  const [working, setWorking] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      setServers((await api.mcpServers(sessionID)).servers);
    } catch (failure) {
      setError(errorMessage(failure));
    }
  }, [sessionID]);

  useEffect(() => {
    setServers(null);
    setError(null);
    if (live) void load();
  }, [live, load]);

  const waiting = servers?.some((s) => s.signIn?.waiting) ?? false;
  useEffect(() => {
    if (!waiting || !live) return;
    const timer = setInterval(() => void load(), signInPollMs);
    return () => clearInterval(timer);
  }, [waiting, live, load]);

  // A project without MCP servers shows nothing: most have none.
  if (!live || !servers || servers.length === 0) {
    return error && live ? (
      <p className="inline-error" role="alert">
        {`The MCP servers could not be read: ${error}`}
      </p>
    ) : null;
  }

  const act = async (name: string, call: () => Promise<McpServersResponse>) => {
    setWorking(name);
    setError(null);
    try {
      setServers((await call()).servers);
    } catch (failure) {
      setError(errorMessage(failure));
    } finally {
      setWorking(null);
    }
  };

  return (
    <details className="mcp-panel">
      <summary>
        <span className="mcp-title">MCP servers</span> <span className="muted">{mcpSummary(servers)}</span>
      </summary>
      <ul className="mcp-list" aria-label="MCP servers">
        {servers.map((server) => (
          <li key={server.name} className={`mcp-server mcp-${server.state}`} data-mcp={server.name}>
            <div className="mcp-head">
              <span className="mcp-name">{server.name}</span>
              <span className="mcp-state">{stateLabel[server.state]}</span>
              {server.state !== "needs_auth" && server.state !== "needs_client_registration" && (
                <label className="mcp-switch">
                  <input
                    type="checkbox"
                    role="switch"
                    aria-checked={server.state === "connected"}
                    checked={server.state === "connected"}
                    disabled={working !== null}
                    aria-label={`Use ${server.name}`}
                    onChange={() =>
                      void act(server.name, () =>
                        server.state === "connected"
                          ? api.disconnectMcp(sessionID, server.name)
                          : api.connectMcp(sessionID, server.name),
                      )
                    }
                  />
                  {working === server.name ? "…" : server.state === "connected" ? "On" : "Off"}
                </label>
              )}
            </div>
            <p className="mcp-sentence muted">{server.sentence}</p>
            {server.state === "needs_auth" && (
              <div className="mcp-actions">
                <button
                  type="button"
                  className="small"
                  disabled={working !== null}
                  onClick={() => void act(server.name, () => api.signInMcp(sessionID, server.name))}
                >
                  {server.signIn?.waiting ? "Sign in again" : "Sign in"}
                </button>
                {server.signIn?.waiting && server.signIn.url && (
                  <a href={server.signIn.url} target="_blank" rel="noopener noreferrer">
                    Open the sign-in page
                  </a>
                )}
              </div>
            )}
            {server.signIn?.error && (
              <p className="inline-error" role="alert">
                {server.signIn.error}
              </p>
            )}
          </li>
        ))}
      </ul>
      {error && (
        <p className="inline-error" role="alert">
          {error}
        </p>
      )}
    </details>
  );
}

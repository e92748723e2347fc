// One MCP server in the session panel's list: its state in words and what to do, the switch (for
// this run of OpenCode) and the offer to keep it in the config file, Sign in or Forget sign-in,
// and Edit or Remove for a server whose entry is in the project's or the global config.
import { isMcpName, type McpServer, type McpServersResponse } from "@turnkey/contracts";
import { useState } from "react";
import { api } from "../../shared/api.ts";
import { ConfirmRemove } from "../ConfirmRemove.tsx";

const stateLabel: Record<McpServer["state"], string> = {
  connected: "Connected",
  disabled: "Off",
  failed: "Failed",
  needs_auth: "Needs sign-in",
  needs_client_registration: "Needs a client id",
};

/** "the project's opencode.json" / "your global opencode.jsonc" */
export function fileLabel(source: NonNullable<McpServer["source"]>): string {
  const base = source.file.split(/[\\/]/).pop() ?? source.file;
  return `${source.scope === "global" ? "your global" : "the project's"} ${base}`;
}

export interface RowProps {
  sessionID: string;
  server: McpServer;
  working: string | null;
  act: (name: string, call: () => Promise<McpServersResponse>) => Promise<void>;
  onEdit: (name: string) => void;
}

export function McpServerRow(props: RowProps) {
  const { sessionID, server, working, act } = props;
  const [confirming, setConfirming] = useState(false);
  // A name no address can carry ("..") gets its sentence and no action: each would miss its route.
  const addressable = isMcpName(server.name);
  const source = addressable ? server.source : null;
  const on = server.state === "connected";
  const busy = working !== null;
  // The switch changed the state for this run only: offer to keep it in the file.
  const unkept = source && (server.state === "connected" || server.state === "disabled") && on !== source.enabled;
  return (
    <li className={`mcp-server mcp-${server.state}`} data-mcp={server.name}>
      <div className="config-head">
        <span className="config-name">{server.name}</span>
        <span className="mcp-state">{stateLabel[server.state]}</span>
        {addressable && server.state !== "needs_auth" && server.state !== "needs_client_registration" && (
          <label className="mcp-switch">
            <input
              type="checkbox"
              role="switch"
              aria-checked={on}
              checked={on}
              disabled={busy}
              aria-label={`Use ${server.name}`}
              onChange={() =>
                void act(server.name, () =>
                  on ? api.disconnectMcp(sessionID, server.name) : api.connectMcp(sessionID, server.name),
                )
              }
            />
            {working === server.name ? "…" : on ? "On" : "Off"}
          </label>
        )}
      </div>
      <p className="config-sentence muted">{server.sentence}</p>
      {source && (
        <p className="config-source muted" title={source.file}>
          {`From ${fileLabel(source)}.`}
          {unkept && ` ${on ? "On" : "Off"} for this run of OpenCode only: the file turns it ${on ? "off" : "on"}.`}
        </p>
      )}
      <div className="config-actions">
        {addressable && server.state === "needs_auth" && (
          <button
            type="button"
            className="small"
            disabled={busy}
            onClick={() => void act(server.name, () => api.signInMcp(sessionID, server.name))}
          >
            {server.signIn?.waiting ? "Sign in again" : "Sign in"}
          </button>
        )}
        {server.state === "needs_auth" && server.signIn?.waiting && server.signIn.url && (
          <a href={server.signIn.url} target="_blank" rel="noopener noreferrer">
            Open the sign-in page
          </a>
        )}
        {unkept && (
          <button
            type="button"
            className="small"
            disabled={busy}
            onClick={() => void act(server.name, () => api.keepMcpSwitch(sessionID, server.name, on))}
          >
            {on ? "Keep it on" : "Keep it off"}
          </button>
        )}
        {source?.type === "remote" && server.state === "connected" && (
          <button
            type="button"
            className="small"
            disabled={busy}
            title="OpenCode forgets the sign-in it keeps for this server; its next start asks for one again."
            onClick={() => void act(server.name, () => api.signOutMcp(sessionID, server.name))}
          >
            Forget sign-in
          </button>
        )}
        {source && !confirming && (
          <>
            <button type="button" className="small" disabled={busy} onClick={() => props.onEdit(server.name)}>
              Edit
            </button>
            <button type="button" className="small" disabled={busy} onClick={() => setConfirming(true)}>
              Remove
            </button>
          </>
        )}
      </div>
      {source && confirming && (
        <ConfirmRemove
          label={`Remove ${server.name}`}
          question={`Remove "${server.name}" from ${fileLabel(source)}?`}
          confirm="Remove it"
          disabled={busy}
          onConfirm={() => void act(server.name, () => api.removeMcpServer(sessionID, server.name))}
          onCancel={() => setConfirming(false)}
        />
      )}
      {server.signIn?.error && (
        <p className="inline-error" role="alert">
          {server.signIn.error}
        </p>
      )}
    </li>
  );
}

// The project's MCP servers, in the session panel: a one-line summary that opens to the list.
// Each server's state in words (connected, off, failed with OpenCode's reason, needs a sign-in),
// a switch that starts or stops it for this run of OpenCode and the offer to keep that in its
// config file, and for one that needs it a sign-in: OpenCode opens the sign-in page in the
// browser, or, when it cannot, the page's address is offered here. The list is read again while a
// sign-in waits, so it turns "Connected" by itself. Servers are added, changed and removed here
// too (McpServerForm.tsx), in the project's config file or the global one. The states are read
// again when the window's event stream opens after a break (OpenCode may have changed meanwhile).
import type { McpServer, McpServerConfigResponse, McpServersResponse } from "@turnkey/contracts";
import { useCallback, useEffect, useState } from "react";
import { api, errorMessage } from "../../shared/api.ts";
import { useReconnects, useRereadOnReconnect } from "../../shared/reconnects.ts";
import { McpServerForm } from "./McpServerForm.tsx";
import { McpServerRow } from "./McpServerRow.tsx";
import "../configPanel.css";
import "./mcp.css";
import { InlineProblem } from "../../shared/InlineProblem.tsx";

/** How often the list is read again while a sign-in waits for the person. */
export const signInPollMs = 2_000;

/** "2 of 3 connected · 1 needs sign-in": what the closed summary says. */
export function mcpSummary(servers: McpServer[]): string {
  if (servers.length === 0) return "none";
  const count = (state: McpServer["state"]) => servers.filter((s) => s.state === state).length;
  const parts = [`${count("connected")} of ${servers.length} connected`];
  const failed = count("failed");
  const signIn = count("needs_auth") + count("needs_client_registration");
  if (failed > 0) parts.push(`${failed} failed`);
  if (signIn > 0) parts.push(`${signIn} need${signIn === 1 ? "s" : ""} sign-in`);
  return parts.join(" · ");
}

type Form = { editing: McpServerConfigResponse | null } | null;

export function McpPanel(props: { sessionID: string; live: boolean }) {
  const { sessionID, live } = props;
  const [list, setList] = useState<McpServersResponse | null>(null);
  const [working, setWorking] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [form, setForm] = useState<Form>(null);

  const load = useCallback(async () => {
    try {
      setList(await api.mcpServers(sessionID));
    } catch (failure) {
      setError(errorMessage(failure));
    }
  }, [sessionID]);

  useEffect(() => {
    setList(null);
    setError(null);
    setForm(null);
    if (live) void load();
  }, [live, load]);

  useRereadOnReconnect(useReconnects(), () => {
    if (live) void load();
  });

  const waiting = list?.servers.some((s) => s.signIn?.waiting) ?? false;
  useEffect(() => {
    if (!waiting || !live) return;
    const timer = setInterval(() => void load(), signInPollMs);
    return () => clearInterval(timer);
  }, [waiting, live, load]);

  if (!live || !list) {
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
      setList(await call());
    } catch (failure) {
      setError(errorMessage(failure));
    } finally {
      setWorking(null);
    }
  };

  const edit = async (name: string) => {
    setError(null);
    try {
      setForm({ editing: await api.mcpServerConfig(sessionID, name) });
    } catch (failure) {
      setError(errorMessage(failure));
    }
  };

  return (
    <details className="config-panel">
      <summary>
        <span className="config-title">MCP servers</span> <span className="muted">{mcpSummary(list.servers)}</span>
      </summary>
      {list.servers.length === 0 && !form && (
        <p className="muted config-sentence">No MCP server is set up for this project.</p>
      )}
      <ul className="config-list" aria-label="MCP servers">
        {list.servers.map((server) => (
          <McpServerRow
            key={server.name}
            sessionID={sessionID}
            server={server}
            working={working}
            act={act}
            onEdit={(name) => void edit(name)}
          />
        ))}
      </ul>
      <InlineProblem text={error} />
      {form ? (
        <McpServerForm
          key={form.editing?.name ?? "new"}
          sessionID={sessionID}
          files={list.files}
          emptiedNames={list.emptiedNames ?? []}
          editing={form.editing}
          onSaved={(next) => {
            setList(next);
            setForm(null);
          }}
          onCancel={() => setForm(null)}
        />
      ) : (
        <div className="config-actions">
          <button
            type="button"
            className="small"
            disabled={working !== null}
            onClick={() => setForm({ editing: null })}
          >
            Add a server
          </button>
        </div>
      )}
    </details>
  );
}

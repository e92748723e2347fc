// Adding an MCP server, or changing one, from the session panel: a local program (the program,
// its arguments one per line, its environment) or a remote address (the address, its headers, a
// client id for a server that does not let OpenCode register itself), written to the project's
// config file or the user's global one, which the form names. The backend checks the entry and
// says what is wrong in a sentence; the form stays open with what was typed.
import {
  apiKeyName,
  type McpEntry,
  type McpScope,
  type McpServerConfigResponse,
  type McpServersResponse,
} from "@turnkey/contracts";
import { type FormEvent, useState } from "react";
import { api } from "../../shared/api.ts";
import { ConfigFormEnd } from "../ConfigFormEnd.tsx";
import { useConfigSave } from "../useConfigSave.ts";
import { McpValueRows, rowsOf, type ValueRow, valuesOf } from "./McpValueRows.tsx";

export interface McpFormProps {
  sessionID: string;
  files: McpServersResponse["files"];
  /** Variables OpenCode empties in every server's entry (a provider key, its own secrets). */
  emptiedNames: readonly string[];
  /** The server being changed, as the backend read it; null to add one. */
  editing: McpServerConfigResponse | null;
  onSaved: (list: McpServersResponse) => void;
  onCancel: () => void;
}

export function McpServerForm(props: McpFormProps) {
  const { editing, files } = props;
  const entry = editing?.entry;
  const [name, setName] = useState(editing?.name ?? "");
  const [scope, setScope] = useState<McpScope>(editing?.source.scope ?? (files.project ? "project" : "global"));
  const [type, setType] = useState<McpEntry["type"]>(entry?.type ?? "local");
  const [program, setProgram] = useState(entry?.type === "local" ? (entry.command[0] ?? "") : "");
  const [args, setArgs] = useState(entry?.type === "local" ? entry.command.slice(1).join("\n") : "");
  const [environment, setEnvironment] = useState<ValueRow[]>(entry?.type === "local" ? rowsOf(entry.environment) : []);
  const [url, setUrl] = useState(entry?.type === "remote" ? entry.url : "");
  const [headers, setHeaders] = useState<ValueRow[]>(entry?.type === "remote" ? rowsOf(entry.headers) : []);
  const [clientId, setClientId] = useState(entry?.type === "remote" ? (entry.clientId ?? "") : "");
  const [enabled, setEnabled] = useState(entry?.enabled ?? true);
  const { saving, error, save } = useConfigSave(props.onSaved);

  const timeoutMs = entry?.timeoutMs ?? null;
  const next: McpEntry =
    type === "local"
      ? {
          type,
          command: [program.trim(), ...args.split("\n").filter((line) => line.trim() !== "")],
          environment: valuesOf(environment),
          enabled,
          timeoutMs,
        }
      : { type, url: url.trim(), headers: valuesOf(headers), clientId: clientId.trim() || null, enabled, timeoutMs };
  const emptied = emptiedReferences(next, props.emptiedNames);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    await save(() => api.saveMcpServer(props.sessionID, name.trim(), { scope, entry: next, create: !editing }));
  };

  return (
    <form
      className="config-form"
      aria-label={editing ? `Change ${editing.name}` : "Add an MCP server"}
      onSubmit={submit}
    >
      {!editing && (
        <label>
          Name
          <input value={name} onChange={(e) => setName(e.target.value)} placeholder="my-tools" required />
        </label>
      )}
      <fieldset>
        <legend>Where it is kept</legend>
        {files.project && (
          <label title={files.project}>
            <input type="radio" name="mcp-scope" checked={scope === "project"} onChange={() => setScope("project")} />
            This project only ({editing?.source.scope === "project" ? editing.source.file : files.project})
          </label>
        )}
        <label title={files.global}>
          <input type="radio" name="mcp-scope" checked={scope === "global"} onChange={() => setScope("global")} />
          Every project: your global config ({editing?.source.scope === "global" ? editing.source.file : files.global})
        </label>
        {scope === "global" && (
          <p className="muted config-hint">
            OpenCode restarts to read its global config, so wait for replies to end first.
          </p>
        )}
      </fieldset>
      <fieldset>
        <legend>Kind</legend>
        <label>
          <input type="radio" name="mcp-type" checked={type === "local"} onChange={() => setType("local")} />A program
          OpenCode starts
        </label>
        <label>
          <input type="radio" name="mcp-type" checked={type === "remote"} onChange={() => setType("remote")} />
          An address OpenCode connects to
        </label>
      </fieldset>
      {type === "local" ? (
        <>
          <label>
            Program
            <input value={program} onChange={(e) => setProgram(e.target.value)} placeholder="npx" />
          </label>
          <label>
            Arguments, one per line
            <textarea
              value={args}
              onChange={(e) => setArgs(e.target.value)}
              rows={3}
              placeholder="-y&#10;@scope/server"
            />
          </label>
          <McpValueRows kind="environment" rows={environment} onChange={setEnvironment} />
        </>
      ) : (
        <>
          <label>
            Address
            <input value={url} onChange={(e) => setUrl(e.target.value)} placeholder="https://example.com/mcp" />
          </label>
          <McpValueRows kind="headers" rows={headers} onChange={setHeaders} />
          <label>
            Client id (only for a server that does not let OpenCode register itself)
            <input value={clientId} onChange={(e) => setClientId(e.target.value)} />
          </label>
        </>
      )}
      <label>
        <input type="checkbox" checked={enabled} onChange={(e) => setEnabled(e.target.checked)} />
        Start it with OpenCode
      </label>
      {emptied.length > 0 && (
        <p className="config-warning" role="status">
          {`OpenCode gives this server ${emptied.map((name) => `{env:${name}}`).join(", ")} empty: ${emptied.length > 1 ? "they hold" : "it holds"} a provider key or one of OpenCode's own secrets, which no program the agent runs and no address in a config may get. Use a variable of this server's own, or type the value.`}
        </p>
      )}
      <ConfigFormEnd error={error} saving={saving} submit={editing ? "Save" : "Add"} onCancel={props.onCancel} />
    </form>
  );
}

/**
 * The `{env:NAME}` references anywhere in the entry (values, address, arguments) that OpenCode's
 * secrets hook empties: a name the backend says it hides, or one named like an API key.
 */
export function emptiedReferences(entry: McpEntry, emptiedNames: readonly string[]): string[] {
  const texts =
    entry.type === "local"
      ? [...entry.command, ...entry.environment.map((v) => v.value ?? "")]
      : [entry.url, ...entry.headers.map((v) => v.value ?? "")];
  const names = texts.flatMap((text) => [...text.matchAll(/\{env:([A-Za-z_][A-Za-z0-9_]*)\}/g)].map((m) => m[1] ?? ""));
  return [...new Set(names.filter((name) => emptiedNames.includes(name) || apiKeyName(name)))];
}

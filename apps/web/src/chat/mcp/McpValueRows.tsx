// The environment variables of a local MCP server, or the headers of a remote one, in its form.
// Each value is offered first as a reference to an environment variable (`{env:NAME}`, which
// opencode fills in when it reads the file, so the file holds no secret), or, for a header,
// `Bearer {env:NAME}`; a value typed as it is goes into the file as it is, and is masked here. A
// value the backend hid (a literal secret already in the file) stays as it is unless replaced.
import { envReferencePattern, isSecretHeader, type McpNamedValue } from "@turnkey/contracts";

export type ValueMode = "env" | "bearer" | "value";

export interface ValueRow {
  /** Stable key for React while rows are added and removed. */
  key: number;
  name: string;
  mode: ValueMode;
  /** The variable's name (env, bearer) or the value itself. */
  text: string;
  /** The file has a value the backend did not send: empty `text` keeps it. */
  hidden: boolean;
}

let nextKey = 1;

/** The rows for what the backend answered. */
export function rowsOf(values: McpNamedValue[]): ValueRow[] {
  return values.map(({ name, value }) => {
    const reference = value === null ? null : envReferencePattern.exec(value);
    if (value !== null && reference)
      return {
        key: nextKey++,
        name,
        mode: value.startsWith("{") ? "env" : "bearer",
        text: reference[1] ?? "",
        hidden: false,
      };
    return { key: nextKey++, name, mode: "value", text: value ?? "", hidden: value === null };
  });
}

/** What the rows send: a hidden value left empty is null (keep the file's). */
export function valuesOf(rows: ValueRow[]): McpNamedValue[] {
  return rows
    .filter((row) => row.name.trim() !== "")
    .map((row) => {
      const name = row.name.trim();
      if (row.mode === "env") return { name, value: `{env:${row.text.trim()}}` };
      if (row.mode === "bearer") return { name, value: `Bearer {env:${row.text.trim()}}` };
      return { name, value: row.hidden && row.text === "" ? null : row.text };
    });
}

export function McpValueRows(props: {
  kind: "environment" | "headers";
  rows: ValueRow[];
  onChange: (rows: ValueRow[]) => void;
}) {
  const { kind, rows, onChange } = props;
  const noun = kind === "environment" ? "variable" : "header";
  const update = (key: number, change: Partial<ValueRow>) =>
    onChange(rows.map((row) => (row.key === key ? { ...row, ...change } : row)));
  return (
    <fieldset className="mcp-values">
      <legend>{kind === "environment" ? "Environment variables" : "Headers"}</legend>
      {rows.map((row) => {
        const secret = kind === "environment" || isSecretHeader(row.name);
        return (
          <div key={row.key} className="mcp-value-row">
            <input
              aria-label={`${noun} name`}
              placeholder={kind === "environment" ? "API_TOKEN" : "Authorization"}
              value={row.name}
              onChange={(event) => update(row.key, { name: event.target.value })}
            />
            <select
              aria-label={`How ${row.name || `the ${noun}`} gets its value`}
              value={row.mode}
              onChange={(event) => update(row.key, { mode: event.target.value as ValueMode, text: "", hidden: false })}
            >
              <option value="env">from the environment variable</option>
              {kind === "headers" && <option value="bearer">Bearer + environment variable</option>}
              <option value="value">this value</option>
            </select>
            <input
              aria-label={
                row.mode === "value"
                  ? `Value of ${row.name || `the ${noun}`}`
                  : `Environment variable for ${row.name || `the ${noun}`}`
              }
              type={row.mode === "value" && secret ? "password" : "text"}
              autoComplete="off"
              placeholder={
                row.hidden
                  ? "set in the file (hidden): leave empty to keep"
                  : row.mode === "value"
                    ? "value"
                    : "VARIABLE_NAME"
              }
              value={row.text}
              onChange={(event) => update(row.key, { text: event.target.value })}
            />
            <button
              type="button"
              className="small"
              aria-label={`Remove ${row.name || `this ${noun}`}`}
              onClick={() => onChange(rows.filter((other) => other.key !== row.key))}
            >
              ×
            </button>
          </div>
        );
      })}
      <button
        type="button"
        className="small"
        onClick={() => onChange([...rows, { key: nextKey++, name: "", mode: "env", text: "", hidden: false }])}
      >
        {kind === "environment" ? "Add a variable" : "Add a header"}
      </button>
      <p className="muted config-hint">
        From an environment variable, the file holds only its name ({"{env:NAME}"}) and OpenCode reads the value when it
        starts; a value typed here is written into the file as it is.
      </p>
    </fieldset>
  );
}

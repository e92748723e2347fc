// An MCP server's entry in an opencode config file, as the chat window adds, edits and removes it
// (apps/backend/src/mcp/mcpConfigFiles.ts writes it). A value that may be a secret (an environment
// value, a header such as Authorization) never travels back to the window: the backend answers
// `value: null` for it ("set, hidden"), and the window sends `null` back to keep it as it is.
import { z } from "zod";

/** Where an entry is written: the chat's project folder, or the user's global opencode config. */
export const McpScope = z.enum(["project", "global"]);
export type McpScope = z.infer<typeof McpScope>;

/**
 * `{env:NAME}` (after a scheme such as `Bearer ` for a header): opencode puts that environment
 * variable's value there when it reads the file, so the file holds no secret.
 */
export const envReferencePattern = /^(?:(?:Bearer|Basic|Token) )?\{env:([A-Za-z_][A-Za-z0-9_]*)\}$/;

/** A header whose value is a credential: never echoed, masked in the window. */
export function isSecretHeader(name: string): boolean {
  return /auth|token|key|secret|pass|cookie|session/i.test(name);
}

const variableName = /^[A-Za-z_][A-Za-z0-9_]*$/;
const headerName = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/**
 * One environment variable or header. In an answer, `value` is null when it is set in the file
 * but hidden (a literal secret); in a request, null keeps the value the file has.
 */
export const McpNamedValue = z.object({ name: z.string(), value: z.string().max(16_384).nullable() });
export type McpNamedValue = z.infer<typeof McpNamedValue>;

const named = (kind: string, pattern: RegExp, example: string) =>
  z
    .array(McpNamedValue)
    .max(100)
    .superRefine((entries, ctx) => {
      const seen = new Set<string>();
      for (const [index, entry] of entries.entries()) {
        if (!pattern.test(entry.name))
          ctx.addIssue({
            code: "custom",
            path: [index, "name"],
            message: `"${entry.name.slice(0, 64)}" is not a valid ${kind} name (for example ${example})`,
          });
        if (seen.has(entry.name))
          ctx.addIssue({ code: "custom", path: [index, "name"], message: `${kind} "${entry.name}" is given twice` });
        seen.add(entry.name);
      }
    });

/** opencode's `timeout`, in milliseconds: how long it waits for the server's tools. */
const timeoutMs = z.number().int().min(1).max(600_000).nullable();

export const McpLocalEntry = z.object({
  type: z.literal("local"),
  /** The program and its arguments, one per item (no shell: opencode runs it directly). */
  command: z
    .array(z.string().max(4_096))
    .min(1, "give the program to run")
    .max(200)
    .refine((command) => (command[0] ?? "").trim() !== "", "the program to run is empty"),
  environment: named("environment variable", variableName, "API_TOKEN"),
  enabled: z.boolean(),
  timeoutMs,
});
export type McpLocalEntry = z.infer<typeof McpLocalEntry>;

export const McpRemoteEntry = z.object({
  type: z.literal("remote"),
  url: z
    .string()
    .max(4_096)
    .refine(
      (url) => /^https?:\/\/[^\s]+$/i.test(url) && URL.canParse(url),
      "the address must start with http:// or https://",
    ),
  headers: named("header", headerName, "Authorization"),
  /** opencode's `oauth.clientId`, for a server that does not let OpenCode register itself. */
  clientId: z.string().max(512).nullable(),
  enabled: z.boolean(),
  timeoutMs,
});
export type McpRemoteEntry = z.infer<typeof McpRemoteEntry>;

export const McpEntry = z.discriminatedUnion("type", [McpLocalEntry, McpRemoteEntry]);
export type McpEntry = z.infer<typeof McpEntry>;

/** A name for a new server: what opencode.json's `mcp` key and its tools' prefix can carry. */
export const newMcpNamePattern = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;

export const SaveMcpServerRequest = z.object({
  scope: McpScope,
  entry: McpEntry,
  /** True to add a new server: refused when one by that name exists. False to change one. */
  create: z.boolean(),
});
export type SaveMcpServerRequest = z.infer<typeof SaveMcpServerRequest>;

export const KeepMcpSwitchRequest = z.object({ enabled: z.boolean() });
export type KeepMcpSwitchRequest = z.infer<typeof KeepMcpSwitchRequest>;

/**
 * Where a server's entry is, for the window's list. A server found in no file of either scope
 * (one given with --opencode-config, say) has none, and the window does not offer to edit it.
 */
export const McpSource = z.object({
  scope: McpScope,
  /** A program OpenCode starts, or an address it connects to (only the latter signs in). */
  type: z.enum(["local", "remote"]),
  /** The file's absolute path. */
  file: z.string(),
  /** The file's own `enabled` for it (true when absent). */
  enabled: z.boolean(),
});
export type McpSource = z.infer<typeof McpSource>;

export const McpServerConfigResponse = z.object({
  name: z.string(),
  source: McpSource,
  /** The entry as the file has it, every literal secret replaced by null. */
  entry: McpEntry,
});
export type McpServerConfigResponse = z.infer<typeof McpServerConfigResponse>;

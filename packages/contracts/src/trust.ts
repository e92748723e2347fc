// Trusting a project folder: what its own OpenCode config holds, read by the backend without
// running anything, and whether the user has trusted it. A project's config can run code inside
// OpenCode (plugins), read any file into a request ({file:…}), and send keys to hosts it names, so
// OpenCode works in such a folder only once the user has said yes (README "Trusting a project folder").
import { z } from "zod";

export const TrustFindings = z.object({
  /** The config files found, absolute paths: the first 200 (`moreFiles` counts the rest). */
  files: z.array(z.string()),
  moreFiles: z.number().int().nonnegative(),
  /** False when the folder holds more config files than are read: it cannot be trusted then. */
  complete: z.boolean(),
  /** Config files that do not parse: OpenCode would refuse or half-read them. */
  unparsed: z.array(z.object({ file: z.string(), problem: z.string() })),
  /** `plugin` entries (npm names or paths), plugin files in `.opencode/plugin(s)` and tool files in `.opencode/tool(s)`: code OpenCode runs. */
  plugins: z.array(z.string()),
  /** Programs the config has OpenCode run on its own: formatters and language servers, by name. */
  commands: z.array(z.object({ name: z.string(), command: z.string() })),
  /** What the config lets the agent do without asking (`permission` entries set to "allow"). */
  allowed: z.array(z.string()),
  /** MCP servers: a local one with its command, a remote one with its host. */
  mcpServers: z.array(z.object({ name: z.string(), kind: z.enum(["local", "remote"]), target: z.string() })),
  /** Providers whose requests (and key) go to the address the config names. */
  providerAddresses: z.array(z.object({ provider: z.string(), baseURL: z.string() })),
  /** `instructions` entries OpenCode fetches from the network at each prompt. */
  instructionUrls: z.array(z.string()),
  /** Every `{file:…}` and `{env:…}` in the files' text, as written. */
  references: z.array(z.string()),
});
export type TrustFindings = z.infer<typeof TrustFindings>;

/** Nothing found: a folder without config of its own. */
export const noFindings = (): TrustFindings => ({
  files: [],
  moreFiles: 0,
  complete: true,
  commands: [],
  allowed: [],
  unparsed: [],
  plugins: [],
  mcpServers: [],
  providerAddresses: [],
  instructionUrls: [],
  references: [],
});

export const FolderTrust = z.object({
  projectId: z.string(),
  path: z.string(),
  /** The folder has OpenCode config of its own, so OpenCode works there only once trusted. */
  hasConfig: z.boolean(),
  trusted: z.boolean(),
  findings: TrustFindings,
  /** The digest of the config these findings were read from: "Trust this folder" sends it back. */
  digest: z.string(),
});
export type FolderTrust = z.infer<typeof FolderTrust>;

/**
 * "Trust this folder" trusts the config the card showed, named by its digest: config written
 * between the card's reading and the click (a pull, the agent) is refused with 409
 * `trust_config_changed`, and the card shows the config as it is now.
 */
export const TrustFolderRequest = z.object({ digest: z.string().regex(/^[0-9a-f]{64}$/) }).strict();
export type TrustFolderRequest = z.infer<typeof TrustFolderRequest>;

/** The 403 a call into an untrusted folder answers: the error, and the project to show the card for. */
export const FolderUntrustedAnswer = z.object({
  error: z.object({ code: z.literal("folder_untrusted"), message: z.string() }),
  projectId: z.string().nullable(),
  path: z.string(),
});
export type FolderUntrustedAnswer = z.infer<typeof FolderUntrustedAnswer>;

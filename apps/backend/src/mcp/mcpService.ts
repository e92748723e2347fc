// The MCP servers of a chat's project folder, through OpenCode (which starts and talks to them):
// their states as sentences a person can act on, turning one on or off for this run of OpenCode,
// signing in to one that needs it (mcpSignIns.ts), and adding, changing or removing one in the
// project's or the global config file (mcpConfigs.ts, loaded on first use), after which OpenCode
// reads its config again: the project's instance is disposed (opencode 1.18.33 reads a folder's
// config files when it next makes the instance), and for the global file, which opencode reads
// once per process (`POST /global/dispose` does not read it again; tried), OpenCode restarts.

import { basename } from "node:path";
import type { McpStatus } from "@opencode-ai/sdk/v2";
import {
  type KeepMcpSwitchRequest,
  type McpServer,
  type McpServerConfigResponse,
  type McpServersResponse,
  type McpSignIn,
  type McpState,
  mcpNameProblem,
  type SaveMcpServerRequest,
} from "@turnkey/contracts";
import type { SidecarSupervisor } from "@turnkey/sidecar";
import { SidecarCallError, SidecarUnavailableError, sidecarClient } from "../chat/sidecarClient.ts";
import type { SessionDirectory } from "../chat/workbenchService.ts";
import { OneAtATime } from "../oneAtATime.ts";
import { McpConfigError } from "./mcpConfigError.ts";
import type { OpencodePaths } from "./mcpConfigFiles.ts";
import type { Written } from "./mcpConfigs.ts";
import { typedSecrets } from "./mcpEntry.ts";
import { maskSecretsIn, unwrapMasked } from "./mcpHiddenParts.ts";
import { signInReturnPort } from "./mcpReturnPort.ts";
import { McpSignIns } from "./mcpSignIns.ts";

type Handle = NonNullable<ReturnType<typeof sidecarClient>>;
/** The sessions with a reply under way in that folder, or in any folder when null. */
export type Replying = (directory: string | null) => string[];

/** What a state means and what to do, for the window's list. */
export function mcpSentence(name: string, status: McpStatus, signIn: McpSignIn | null): string {
  switch (status.status) {
    case "connected":
      return "Connected: the agent can use its tools.";
    case "disabled":
      return "Off: the agent cannot use its tools. Turn it on to start it.";
    case "failed":
      // opencode 1.18.33 says needs_client_registration only when the refusal names OAuth; a
      // server with no registration endpoint at all fails with the MCP SDK's own words.
      if (/does not support dynamic client registration/i.test(status.error))
        return `It does not let OpenCode register itself for sign-in (${status.error}). Press Edit and give it a client id from its provider (opencode.json's "oauth": { "clientId": "…" } for "${name}").`;
      return `It did not start or could not be reached (${status.error}). Check its command or address for "${name}" in opencode.json, then turn it on again.`;
    case "needs_auth":
      if (signIn?.waiting)
        return signIn.url
          ? "Waiting for you to sign in: OpenCode could not open a browser, so open the sign-in page below and finish there."
          : "Waiting for you to sign in in the browser page OpenCode opened. Finish there; this updates by itself.";
      return `It needs you to sign in before the agent can use it. Press Sign in and finish in the page that opens; OpenCode keeps the sign-in for next time.`;
    case "needs_client_registration":
      return `It does not let OpenCode register itself for sign-in (${status.error}). Press Edit and give it a client id from its provider (opencode.json's "oauth": { "clientId": "…" } for "${name}").`;
  }
}

/**
 * A typed secret is refused for a project file git would commit: the file goes wherever the
 * repository goes (a push, a pull request, everyone who clones it), which the user typing a token
 * into a chat window's form does not expect. OpenCode's own clients write what they are given.
 */
function committedSecret(
  file: string,
  typed: string[],
  scope: "project" | "global",
  linkedFrom: string | null,
): McpConfigError {
  const what = typed.length === 1 ? typed[0] : `${typed.slice(0, -1).join(", ")} and ${typed.at(-1)}`;
  const them = typed.length === 1 ? "it" : "them";
  return new McpConfigError(
    400,
    "secret_in_shared_file",
    scope === "project" && linkedFrom !== null
      ? `${basename(linkedFrom)} links to ${file}, which a git repository there would commit, so ${what} would be committed with it. Take ${them} from an environment variable instead ({env:NAME}), or save the server in your global config. Nothing was changed.`
      : scope === "project"
        ? `${basename(file)} is part of this project's git repository, so ${what} would be committed with it and shared with everyone who gets the repository. Take ${them} from an environment variable instead ({env:NAME}), save the server in your global config, or add ${basename(file)} to .gitignore. Nothing was changed.`
        : `Your global config is written to ${file}, which a git repository tracks (a dotfiles repository, say), so ${what} would be committed with it. Take ${them} from an environment variable instead ({env:NAME}), or add the file to that repository's .gitignore. Nothing was changed.`,
  );
}

/** git could not say whether it would commit the file (no answer in time, a lock, a refusal): not written. */
function uncheckedSecret(file: string, typed: string[]): McpConfigError {
  const what = typed.length === 1 ? typed[0] : `${typed.slice(0, -1).join(", ")} and ${typed.at(-1)}`;
  return new McpConfigError(
    400,
    "secret_in_shared_file",
    `git could not tell whether it would commit ${file} (it did not answer in time, or refused to look), so ${what} was not written into it. Try again in a moment; or take ${typed.length === 1 ? "it" : "them"} from an environment variable instead ({env:NAME}), or save the server in your global config. Nothing was changed.`,
  );
}

export class McpService {
  readonly signIns: McpSignIns;

  constructor(
    private readonly supervisor: SidecarSupervisor,
    private readonly directoryOf: SessionDirectory,
    private readonly replying: Replying = () => [],
    /** OpenCode's environment as far as its project-config switch goes (the backend's own). */
    private readonly env: NodeJS.ProcessEnv = process.env,
    signIns?: McpSignIns,
    /** The variables OpenCode's config hook empties in every server's entry (mcpEmptiedNames.ts). */
    private readonly emptied: () => string[] = () => [],
    /**
     * Runs a write of ours into a folder's config so the folder keeps the trust it had: the trust is
     * given to a digest of the config (trust/configDigest.ts), which the person's own edit changes.
     * The write is synchronous, everything it waits for done before (FolderTrustStore.keepTrustThrough).
     */
    private readonly keepTrust: <T>(directory: string, write: () => T) => T = (_d, write) => write(),
    /** Whether git would commit this file with its project (ProjectGit.wouldCommit); never, without git. */
    private readonly wouldCommit: (file: string) => Promise<boolean | "unknown"> = async () => false,
  ) {
    this.signIns = signIns ?? new McpSignIns(supervisor);
  }

  private configs = () => import("./mcpConfigs.ts");

  /**
   * Changes are judged and written one at a time, as git's actions are (oneAtATime.ts). A
   * save judges its target file (would git commit a typed secret?) before writing; a second save
   * moving the server meanwhile would make that judgement about another file than the one written.
   * Held until the write only: OpenCode's reload (or restart, for the global file) is not guarded.
   */
  private readonly oneChangeAtATime = new OneAtATime<"mcp">(
    () =>
      new McpConfigError(
        409,
        "change_running",
        "Another change to the MCP servers is still being saved: wait for it to finish, then try again. Nothing was changed.",
      ),
  );

  private oneChange<T>(work: () => Promise<T>): Promise<T> {
    return this.oneChangeAtATime.run("mcp", work);
  }

  private async scope(sessionID: string) {
    if (!this.supervisor.connection()) throw new SidecarUnavailableError(this.supervisor.status());
    const directory = await this.directoryOf(sessionID, "read");
    const handle = sidecarClient(this.supervisor, directory);
    if (!handle) throw new SidecarUnavailableError(this.supervisor.status());
    return { handle, directory: directory ?? "" };
  }

  async list(sessionID: string): Promise<McpServersResponse> {
    const { handle, directory } = await this.scope(sessionID);
    return this.read(handle, directory);
  }

  /** Starts a server (config's `enabled: false` included) for this run of OpenCode; answers the new list. */
  async connect(sessionID: string, name: string): Promise<McpServersResponse> {
    const { handle, directory } = await this.scope(sessionID);
    await this.known(handle, directory, name);
    // opencode answers `true` even when the server then fails: the list says how it went.
    unwrapMasked(await handle.client.mcp.connect({ name }), `Starting the MCP server "${name}"`);
    return this.read(handle, directory);
  }

  async disconnect(sessionID: string, name: string): Promise<McpServersResponse> {
    const { handle, directory } = await this.scope(sessionID);
    await this.known(handle, directory, name);
    unwrapMasked(await handle.client.mcp.disconnect({ name }), `Stopping the MCP server "${name}"`);
    return this.read(handle, directory);
  }

  /** Starts a sign-in for a server that needs one; answers the list with the sign-in under way. */
  async signIn(sessionID: string, name: string): Promise<McpServersResponse> {
    const { handle, directory } = await this.scope(sessionID);
    const server = await this.known(handle, directory, name);
    if (server.state !== "needs_auth")
      throw new SidecarCallError(
        409,
        `"${name}" does not need a sign-in (it is ${server.state.replaceAll("_", " ")}), so none was started.`,
      );
    // The merged config of the chat's folder, as OpenCode reads the server's `oauth` from it.
    const settings = unwrapMasked(await handle.client.config.get(), "Reading OpenCode's config");
    await this.signIns.start(handle, directory, name, signInReturnPort(settings.mcp?.[name]));
    return this.read(handle, directory);
  }

  /** Forgets the sign-in OpenCode keeps for a server (its next start asks again). */
  async signOut(sessionID: string, name: string): Promise<McpServersResponse> {
    const { handle, directory } = await this.scope(sessionID);
    await this.known(handle, directory, name);
    unwrapMasked(await handle.client.mcp.auth.remove({ name }), `Forgetting the sign-in of "${name}"`);
    return this.read(handle, directory);
  }

  private async read(handle: Handle, directory: string): Promise<McpServersResponse> {
    const [result, paths, configs] = await Promise.all([
      handle.client.mcp.status(),
      this.paths(handle),
      this.configs(),
    ]);
    const statuses = unwrapMasked(result, "Reading the MCP servers");
    const { byName, files } = configs.sources(paths, this.env);
    const servers = Object.entries(statuses)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([name, reported]): McpServer => {
        // OpenCode's words may quote the server's address, with a token in its query.
        const status = "error" in reported ? { ...reported, error: maskSecretsIn(reported.error) } : reported;
        if (status.status === "connected") this.signIns.forget(directory, name);
        const signIn = this.signIns.state(directory, name);
        return {
          name,
          state: status.status as McpState,
          error: "error" in status ? status.error : null,
          sentence: mcpNameProblem(name) ?? mcpSentence(name, status, signIn),
          signIn,
          source: byName.get(name) ?? null,
        };
      });
    return { servers, files, emptiedNames: this.emptied() };
  }

  /** opencode's own folders for the chat's project: where its config files are. */
  private async paths(handle: Handle): Promise<OpencodePaths> {
    return unwrapMasked(await handle.client.path.get(), "Reading the project's folders");
  }

  /** The server's entry for the edit form (literal secrets hidden). */
  async config(sessionID: string, name: string): Promise<McpServerConfigResponse> {
    const { handle } = await this.scope(sessionID);
    return (await this.configs()).serverConfig(await this.paths(handle), this.env, name);
  }

  /** Adds or changes a server in the chosen file, then has OpenCode read it. */
  async save(sessionID: string, name: string, request: SaveMcpServerRequest): Promise<McpServersResponse> {
    return this.change(sessionID, name, request.scope, async (paths) => {
      const configs = await this.configs();
      const { file, moving, before } = configs.saveTarget(paths, this.env, name, request.scope);
      const typed = typedSecrets(request.entry, moving, before);
      // The write lands where a symlinked config points (writtenFile): a project file linked into
      // another repository, or a global one linked into a dotfiles repository, is committed there.
      // A global file that is no link is the user's own (a home folder kept in git without ignoring
      // everything would otherwise refuse every typed value).
      const target = configs.writtenFile(file);
      const candidates = request.scope === "project" ? [file, target] : target !== file ? [target] : [];
      if (typed.length > 0)
        for (const candidate of new Set(candidates))
          switch (await this.wouldCommit(candidate)) {
            case true:
              throw committedSecret(candidate, typed, request.scope, candidate === file ? null : file);
            case "unknown":
              throw uncheckedSecret(candidate, typed);
          }
      return () => {
        // The files may have changed while git was asked (an editor, a checkout, a file made a link):
        // a typed secret is written only where it was judged, the link's target too (review 13, MCP F7).
        const now = configs.saveTarget(paths, this.env, name, request.scope);
        const judged =
          now.file === file &&
          configs.writtenFile(now.file) === target &&
          JSON.stringify(typedSecrets(request.entry, now.moving, now.before)) === JSON.stringify(typed);
        if (typed.length > 0 && !judged)
          throw new McpConfigError(
            409,
            "change_running",
            "The config files changed while this save was being checked (another program wrote them): look at the server again, then save. Nothing was changed.",
          );
        return configs.saveServer(paths, this.env, name, request);
      };
    });
  }

  /** Takes a server out of the file it comes from, then has OpenCode read it. */
  async remove(sessionID: string, name: string): Promise<McpServersResponse> {
    return this.change(sessionID, name, null, async (paths) => {
      const configs = await this.configs();
      return () => configs.removeServer(paths, this.env, name);
    });
  }

  /**
   * Keeps the switch's state in the server's file (the running state already is what it says,
   * so OpenCode need not read it again now).
   */
  async keep(sessionID: string, name: string, request: KeepMcpSwitchRequest): Promise<McpServersResponse> {
    const { handle, directory } = await this.scope(sessionID);
    await this.oneChange(async () => {
      const paths = await this.paths(handle);
      const configs = await this.configs();
      this.keepTrust(directory, () => configs.keepSwitch(paths, this.env, name, request.enabled));
    });
    return this.read(handle, directory);
  }

  /**
   * Writes (unless a reply would be cut: nothing is written then), and has OpenCode use the
   * change: the project's instance disposed, or OpenCode restarted for a global file.
   */
  private async change(
    sessionID: string,
    name: string,
    /** The scope written to (null: only the one the entry is in now). */
    scope: "project" | "global" | null,
    /** What must be known before writing (it may wait), giving the write itself (it may not). */
    prepare: (paths: OpencodePaths) => Promise<() => Written>,
  ): Promise<McpServersResponse> {
    const { handle, directory } = await this.scope(sessionID);
    const written = await this.oneChange(async () => {
      const paths = await this.paths(handle);
      // A move out of the global file restarts OpenCode as well: any reply counts then.
      const now = (await this.configs()).sources(paths, this.env).byName.get(name)?.scope;
      const projectOnly = scope !== "global" && now !== "global";
      const refuseWhileReplying = () => {
        if (this.replying(projectOnly ? directory : null).length > 0)
          throw new McpConfigError(
            409,
            "reply_running",
            projectOnly
              ? "A reply is running in this project, and OpenCode reloads the project to use the change, which would cut it. Save again when it has finished (or Stop it). Nothing was changed."
              : "A reply is running, and OpenCode may have to restart to use the change, which would cut it. Save again when it has finished (or Stop it). Nothing was changed.",
          );
      };
      refuseWhileReplying();
      const write = await prepare(paths);
      // Again with nothing awaited before the write: a reply sent while git was asked is cut otherwise.
      refuseWhileReplying();
      return this.keepTrust(directory, write);
    });
    if (written.scopes.includes("global")) {
      await this.supervisor.restart();
      const again = await this.scope(sessionID);
      return this.read(again.handle, again.directory);
    }
    unwrapMasked(await handle.client.instance.dispose(), "Having OpenCode read the project's config again");
    return this.read(handle, directory);
  }

  /** The server by that name, or a 404 that says there is none in this project's config. */
  private async known(handle: Handle, directory: string, name: string) {
    const server = (await this.read(handle, directory)).servers.find((s) => s.name === name);
    if (!server)
      throw new SidecarCallError(
        404,
        `There is no MCP server named "${name}" in this project's OpenCode config (opencode.json's "mcp").`,
      );
    return server;
  }
}

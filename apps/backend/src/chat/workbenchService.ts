// What the workbench routes do through the SDK: the agents, models and commands a session can use,
// the choice remembered for it (in opencode's session metadata, so it follows the session and
// never touches our settings), its changes and todos, undo/redo, the file finder, commands and
// `!` shell commands.

import { realpath } from "node:fs/promises";
import { resolve } from "node:path";
import type {
  ChangesResponse,
  ChatSession,
  CompactRequest,
  FindFilesResponse,
  RunCommandRequest,
  SessionPreferences,
  ShellRequest,
  TodoItem,
  WorkbenchResponse,
} from "@turnkey/contracts";
import { SessionPreferences as PreferencesSchema } from "@turnkey/contracts";
import type { SidecarSupervisor } from "@turnkey/sidecar";
import { privatePathTest } from "../files/containment.ts";
import type { FolderUse } from "../projects/workFolder.ts";
import { callSignal } from "./callSignal.ts";
import { mapLimited } from "./mapLimited.ts";
import { toChatSession } from "./mapping.ts";
import type { ChatRelay } from "./relay.ts";
import { sessionChanges } from "./sessionChanges.ts";
import { errorDetail, SidecarCallError, SidecarUnavailableError, sidecarClient, unwrap } from "./sidecarClient.ts";
import { toAgents, toCommands, toFileChanges, toModelCatalog, toTodos } from "./workbenchMapping.ts";

/** The session metadata field that holds the remembered agent, model and variant. */
export const preferencesField = "turnkeyPreferences";

const noPreferences: SessionPreferences = { agent: null, model: null, variant: null };

/**
 * Where a session's opencode calls go: its project folder, or the sidecar's default instance for
 * reading a session whose folder is gone; working in a gone folder throws a ProjectError.
 */
export type SessionDirectory = (sessionID: string, use: FolderUse) => Promise<string | undefined>;
/** A listed project's folder, by default the one used last (unknown ids throw a ProjectError). */
export type ProjectDirectory = (projectId?: string) => Promise<string | undefined>;

/** How a refused background call is shown: see WorkbenchService.showRefusal. */
type Refusal = {
  logName: string;
  name: string;
  what: string;
  next: (status: number) => string | null;
  /** What may not have happened when the call broke on its way (OpenCode stopped under it). */
  lost: string;
};

/** How many more files than asked for a name search takes from OpenCode (folders and private files are left out). */
const findMargin = 20;

export class WorkbenchService {
  constructor(
    private readonly supervisor: SidecarSupervisor,
    private readonly relay: ChatRelay,
    private readonly directoryOf: SessionDirectory = async () => undefined,
    private readonly projectDirectory: ProjectDirectory = async () => undefined,
    /** Folders whose files are never listed even inside a project: the backend's data folder. */
    private readonly privateFolders: string[] = [],
  ) {}

  /** A session's folder, or for a chat not started yet its project's (by default the last used). */
  private async scope(sessionID: string | null, use: FolderUse, projectId?: string) {
    const handle = sidecarClient(this.supervisor);
    if (!handle) throw new SidecarUnavailableError(this.supervisor.status());
    const directory = sessionID ? await this.directoryOf(sessionID, use) : await this.projectDirectory(projectId);
    return { client: handle.client, where: directory ? { directory } : {} };
  }

  /**
   * For a session, or (null) for a chat not started yet: in `projectId`'s folder when given (its
   * own agents and commands), else the project used last's.
   */
  async workbench(sessionID: string | null, projectId?: string): Promise<WorkbenchResponse> {
    const { client, where } = await this.scope(sessionID, "read", projectId);
    const [session, agents, providers, commands, config] = await Promise.all([
      sessionID ? client.session.get({ sessionID, ...where }) : null,
      client.app.agents(where),
      client.config.providers(where),
      client.command.list(where),
      client.config.get(where),
    ]);
    const list = unwrap(providers, "Listing models");
    const configured = (unwrap(config, "Reading the config").model ?? "").split("/");
    const [providerID, ...rest] = configured;
    const fallbackProvider = list.providers.find((p) => list.default[p.id]);
    return {
      agents: toAgents(unwrap(agents, "Listing agents")),
      providers: toModelCatalog(list.providers),
      default:
        providerID && rest.length > 0
          ? { providerID, modelID: rest.join("/") }
          : fallbackProvider
            ? { providerID: fallbackProvider.id, modelID: list.default[fallbackProvider.id]! }
            : null,
      commands: toCommands(unwrap(commands, "Listing commands")),
      preferences: session ? preferencesOf(unwrap(session, "Reading the session").metadata) : noPreferences,
    };
  }

  /** Merges the change into the remembered choice; opencode replaces metadata whole, so keep the rest. */
  async setPreferences(sessionID: string, change: Partial<SessionPreferences>): Promise<SessionPreferences> {
    const { client, where } = await this.scope(sessionID, "read");
    const session = unwrap(await client.session.get({ sessionID, ...where }), "Reading the session");
    const preferences = { ...preferencesOf(session.metadata), ...change };
    // A new model has its own variants: a variant picked for the old one means nothing now.
    if (change.model !== undefined && change.variant === undefined) preferences.variant = null;
    unwrap(
      await client.session.update({
        sessionID,
        ...where,
        metadata: { ...session.metadata, [preferencesField]: preferences },
      }),
      "Saving the session's choice",
    );
    return preferences;
  }

  async changes(sessionID: string): Promise<ChangesResponse> {
    const { client, where } = await this.scope(sessionID, "read");
    const [messages, session] = await Promise.all([
      client.session.messages({ sessionID, ...where }),
      client.session.get({ sessionID, ...where }),
    ]);
    const asked = unwrap(messages, "Reading the messages").filter((m) => m.info.role === "user");
    const diffs = await mapLimited(asked, 4, async ({ info: { id: messageID } }) => ({
      messageID,
      files: toFileChanges(
        unwrap(await client.session.diff({ sessionID, messageID, ...where }), "Reading the changes"),
      ),
    }));
    const prompts = diffs.filter((d) => d.files.length > 0);
    const revert = unwrap(session, "Reading the session").revert?.messageID ?? null;
    return { messages: prompts, session: sessionChanges(prompts, revert) };
  }

  async todos(sessionID: string): Promise<TodoItem[]> {
    const { client, where } = await this.scope(sessionID, "read");
    return toTodos(unwrap(await client.session.todo({ sessionID, ...where }), "Reading the todo list"));
  }

  /** Rolls the session back to before `messageID`: its files and the conversation from there on. */
  async revert(sessionID: string, messageID: string): Promise<ChatSession> {
    const { client, where } = await this.scope(sessionID, "work");
    return toChatSession(unwrap(await client.session.revert({ sessionID, messageID, ...where }), "Undoing"));
  }

  /** A new session in the same folder with the messages before `messageID` (all without it): opencode's fork. */
  async fork(sessionID: string, messageID?: string): Promise<ChatSession> {
    const { client, where } = await this.scope(sessionID, "work");
    const forked = await client.session.fork({ sessionID, ...(messageID ? { messageID } : {}), ...where });
    return toChatSession(unwrap(forked, "Branching the chat"), this.relay.projectIdOf);
  }

  async unrevert(sessionID: string): Promise<ChatSession> {
    const { client, where } = await this.scope(sessionID, "work");
    return toChatSession(unwrap(await client.session.unrevert({ sessionID, ...where }), "Redoing"));
  }

  /** Files whose names match `query` (opencode's fuzzy search: the @ picker's and the Files tab's), the data folder's left out. */
  async findFiles(sessionID: string, query: string, limit: number): Promise<FindFilesResponse> {
    const { client, where } = await this.scope(sessionID, "work");
    // No folder known for the chat: OpenCode would search its own working folder, inside the data folder.
    const directory = where.directory;
    if (!directory) return { files: [] };
    // A few more than asked for, so that the ones left out below do not leave the list short.
    const files = unwrap(
      await client.find.files({ query, dirs: "false", limit: limit + findMargin, ...where }),
      "Searching the project's files",
    );
    const isPrivate = await privatePathTest(directory, this.privateFolders);
    const named = files.filter((file) => !file.endsWith("/") && !isPrivate(file)).slice(0, limit + findMargin);
    // OpenCode's search follows links: one inside the project to the data folder listed the names
    // of its files (opening one was refused). Each name found is checked where it really leads.
    const leadsIn = await Promise.all(
      named.map((file) => realpath(resolve(directory, file)).then(isPrivate, () => false)),
    );
    return { files: named.filter((_, index) => !leadsIn[index]).slice(0, limit) };
  }

  /**
   * Starts a command; the reply streams as chat events like a prompt's. opencode answers the
   * command call only when the reply is done, so it is not awaited. A failure inside opencode's
   * command handler (an unknown command, agent or model) is a 500 whose cause opencode publishes
   * as a session error event itself, so it is not reported again; any other refusal (a session
   * gone meanwhile: 404) publishes nothing, so the chat gets a session error from us.
   */
  async runCommand(sessionID: string, request: RunCommandRequest): Promise<void> {
    const { client, where } = await this.scope(sessionID, "work");
    const known = unwrap(await client.command.list(where), "Listing commands");
    if (!known.some((c) => c.name === request.command)) {
      throw new SidecarCallError(400, `There is no /${request.command} command in this project. Type / to see them.`);
    }
    await this.relay.whenSubscribed();
    const { model, ...rest } = request;
    const call = client.session.command({
      sessionID,
      ...where,
      ...rest,
      arguments: request.arguments ?? "",
      ...(model ? { model: `${model.providerID}/${model.modelID}` } : {}),
    });
    this.showRefusal(sessionID, call, {
      logName: request.command,
      name: "CommandRefused",
      what: `OpenCode did not run /${request.command}`,
      lost: `/${request.command} may not have run`,
      next: (status) =>
        status === 500
          ? null
          : status === 404
            ? "The chat may have been deleted in another window: open it again from the list, or start a new chat."
            : "Check the command and its arguments, then run it again.",
    });
  }

  /** Starts opencode's compaction (the summary streams like a reply); a refusal shows in the chat. */
  async compact(sessionID: string, request: CompactRequest): Promise<void> {
    const { client, where } = await this.scope(sessionID, "work");
    await this.relay.whenSubscribed();
    const { providerID, modelID } = request.model;
    this.showRefusal(sessionID, client.session.summarize({ sessionID, ...where, providerID, modelID }), {
      logName: "compact",
      name: "CompactRefused",
      what: "OpenCode did not compact this chat",
      lost: "The chat may not have been compacted",
      next: () => "Check the model chosen for it, then try again.",
    });
  }

  /**
   * Runs a `!` command in the session's folder through opencode's session shell, which records it
   * and its output in the conversation (streamed like a reply) and answers only when the command
   * ends, so it is not awaited here; a refusal (the chat is busy, an unknown agent) shows in the chat.
   */
  async runShell(sessionID: string, request: ShellRequest): Promise<void> {
    const { client, where } = await this.scope(sessionID, "work");
    await this.relay.whenSubscribed();
    const { command, agent, model } = request;
    // opencode requires the agent the turn is credited to; "build" is its default one.
    const call = client.session.shell({
      sessionID,
      ...where,
      command,
      agent: agent ?? "build",
      ...(model ? { model } : {}),
    });
    this.showRefusal(sessionID, call, {
      logName: "shell",
      name: "ShellRefused",
      what: `OpenCode did not run \`${command}\``,
      lost: `\`${command}\` may not have run`,
      next: (status) =>
        status === 409
          ? "Wait until the reply in this chat has finished (or Stop it), then run the command again."
          : "Check the command, then run it again.",
    });
  }

  /**
   * The one refusal path of the calls opencode answers only when their work ends (command, compact,
   * shell), so they are not awaited: a failure is logged, and a refusal shows in the chat as
   * "<what>: <opencode's reason>. <next>"; `next` answers null where opencode reports it itself.
   * A call that breaks on its way (OpenCode stopped or restarted under it: a `!` command sent
   * around a restart) is said in the chat too, unless the relay tells of the cut itself (the
   * session was replying) or the call deadline already answered: never only a log line.
   */
  private showRefusal(
    sessionID: string,
    call: Promise<{ error?: unknown; response: Response }>,
    refusal: Refusal,
  ): void {
    const deadline = callSignal();
    const broke = (why: string) => {
      this.logCommandFailure(refusal.logName, why);
      if (deadline?.aborted || this.relay.toldOfCut(sessionID)) return;
      this.relay.reportError(sessionID, {
        name: refusal.name,
        message: `${refusal.lost}: OpenCode stopped or could not be reached before it answered. Check the chat, and try again once OpenCode is running.`,
      });
    };
    void call.then(
      (result: { error?: unknown; response?: Response }) => {
        if (result.error === undefined) return;
        // The SDK answers a connection that broke (no HTTP answer at all) as an error with no response.
        if (!result.response) return broke(String(result.error));
        this.logCommandFailure(refusal.logName, JSON.stringify(result.error));
        const next = refusal.next(result.response.status);
        if (next === null) return;
        const detail = (errorDetail(result.error) || `it answered ${result.response.status}`).replace(/\.?$/, ".");
        this.relay.reportError(sessionID, { name: refusal.name, message: `${refusal.what}: ${detail} ${next}` });
      },
      (error: unknown) => broke(String(error)),
    );
  }

  private logCommandFailure(command: string, why: string): void {
    this.supervisor.logs.push("supervisor", `The /${command} command failed: ${why}`, Date.now());
  }
}

export function preferencesOf(metadata: Record<string, unknown> | undefined): SessionPreferences {
  const parsed = PreferencesSchema.safeParse(metadata?.[preferencesField]);
  return parsed.success ? parsed.data : noPreferences;
}

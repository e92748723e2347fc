// What the chat routes do, through the official SDK against the current sidecar. Every call for a
// session goes to its project's folder (the SDK's `directory`, opencode's per-request instance):
// one sidecar serves every project, and switching projects restarts nothing. Keyed sessions live
// in opencode itself (a UUID v5 of the key in the session's metadata), looked up within their
// project, so the same key finds the same session of that project after any restart.
import type { Auth, SessionPromptAsyncResponse, SessionPromptData, SessionPromptResponses } from "@opencode-ai/sdk/v2";
import type {
  ChatMessage,
  ChatSession,
  ModelsResponse,
  PermissionResponse,
  Project,
  ProvidersResponse,
  SendMessageRequest,
} from "@turnkey/contracts";
import type { SidecarSupervisor } from "@turnkey/sidecar";
import { v5 as uuidv5 } from "uuid";
import type { z } from "zod";
import { mentionParts } from "../files/mentionParts.ts";
import type { ProjectStore } from "../projects/projectStore.ts";
import { type FolderUse, folderFor, ProjectError } from "../projects/workFolder.ts";
import { type StoringCredential, storingAlone } from "../providers/storingCredential.ts";
import { isAsideSession } from "./asideSessions.ts";
import { OpencodeCatalogue } from "./catalogue.ts";
import { checkProviderKey } from "./keyCheck.ts";
import { providerEndpoint, sessionKeyField, toChatMessage, toChatSession, toModels, toProviders } from "./mapping.ts";
import { RecentSessions, subagentPage } from "./recentSessions.ts";
import type { ChatRelay } from "./relay.ts";
import { type SidecarHandle, SidecarUnavailableError, sidecarClient, unwrap } from "./sidecarClient.ts";
import { withSubagents } from "./subagents.ts";

/**
 * How many chats a keyed session is looked for among (opencode answers 100 unless asked): a key
 * finds its session again however many chats came since.
 */
const keyedSessionSearch = 100_000;

/** Our namespace for UUID v5 session keys; fixed forever, or every key maps anew. */
export const sessionKeyNamespace = "3f6c1d1e-8a1f-4c59-9b5e-5b0d4b1c2a7e";

export function sessionKeyId(key: string): string {
  return uuidv5(key, sessionKeyNamespace);
}

export class ChatService {
  /** Serializes creation per project and key, so two concurrent requests cannot make two sessions. */
  private readonly keyLocks = new Map<string, Promise<unknown>>();
  /** What opencode knows: provider ids and models are checked against it before use. */
  private readonly catalogue = new OpencodeCatalogue({
    providerIds: async () =>
      unwrap(await this.handle().client.provider.list(), "Listing providers").all.map((p) => p.id),
    usableModels: async () => {
      const list = unwrap(await this.handle().client.config.providers(), "Listing models");
      return new Map(list.providers.map((p) => [p.id, new Set(Object.keys(p.models))]));
    },
    generation: () => this.supervisor.connection()?.generation ?? null,
  });

  constructor(
    private readonly supervisor: SidecarSupervisor,
    private readonly relay: ChatRelay,
    private readonly projects: ProjectStore,
    /** Key checks go here instead of the provider's API (tests). */
    private readonly keyCheckBaseUrl?: string,
    /** Told of every key about to be saved, so the outward redactor masks it from then on. */
    private readonly onKeySaved: (key: string) => void = () => undefined,
    /** Folders a mention never sends even inside a project: the backend's data folder. */
    private readonly privateFolders: string[] = [],
    /** Saves a key as the provider's credential, which a cancelled sign-in approved late puts back. */
    private readonly storing: StoringCredential = storingAlone,
  ) {
    this.relay.onEvent((event) => {
      if (event.type === "session.deleted") this.recent.forget(event.sessionID);
    });
  }

  /** Recent sessions per folder, where the chat list finds each chat's subagents. */
  private readonly recent = new RecentSessions();

  private handle(directory?: string): SidecarHandle {
    const handle = sidecarClient(this.supervisor, directory);
    if (!handle) throw new SidecarUnavailableError(this.supervisor.status());
    return handle;
  }

  private session(raw: Parameters<typeof toChatSession>[0]): ChatSession {
    this.relay.directories.set(raw.id, raw.directory);
    return toChatSession(raw, (directory) => this.projects.byDirectory(directory)?.id ?? null);
  }

  /** The project a request names by id or folder; neither means the one used last. */
  async resolveProject(request: { projectId?: string | undefined; directory?: string | undefined }): Promise<Project> {
    if (request.projectId !== undefined) {
      const project = this.projects.byId(request.projectId);
      if (!project) throw new ProjectError(404, "not_found", "That project is not in the list. Open its folder again.");
      return project;
    }
    if (request.directory !== undefined) {
      const added = await this.projects.add(request.directory);
      if (!added.ok) throw new ProjectError(400, "invalid_path", added.message);
      return added.project;
    }
    const recent = this.projects.mostRecent();
    if (!recent) throw new ProjectError(400, "invalid_path", "No project is open yet. Open a folder to work in first.");
    return recent;
  }

  /** The session's folder, asked of opencode once when not yet known. */
  private async directoryOf(sessionID: string): Promise<string> {
    const known = this.relay.directories.get(sessionID);
    if (known) return known;
    const session = unwrap(await this.handle().client.session.get({ sessionID }), "Reading the session");
    this.relay.directories.set(sessionID, session.directory);
    return session.directory;
  }

  /** Where a session's calls go (see folderFor): its folder, the default instance, or a ProjectError. */
  async sessionFolder(sessionID: string, use: FolderUse): Promise<string | undefined> {
    return folderFor(await this.directoryOf(sessionID), use);
  }

  /**
   * A client for the session's folder. Reading the history of a session whose folder is gone still
   * works (opencode keeps sessions in its own data); anything that would work in the folder is
   * refused with a sentence.
   */
  private async forSession(sessionID: string, use: FolderUse): Promise<SidecarHandle & { directory: string }> {
    this.handle(); // 503 before anything else when there is no sidecar
    const directory = await this.directoryOf(sessionID);
    return { ...this.handle(folderFor(directory, use)), directory };
  }

  /**
   * The folder of a listed project, or without one of the project used last, for lists a project's
   * config can change; undefined (the default instance) when there is none or its folder is gone.
   */
  async projectFolder(projectId?: string): Promise<string | undefined> {
    const project = projectId !== undefined ? await this.resolveProject({ projectId }) : this.projects.mostRecent();
    return project ? folderFor(project.path, "read") : undefined;
  }

  /** The models of a project's folder (its opencode.json may add some), by default the last used one's. */
  async models(projectId?: string): Promise<ModelsResponse> {
    this.handle();
    const { client } = this.handle(await this.projectFolder(projectId));
    const [providers, config] = await Promise.all([client.config.providers(), client.config.get()]);
    const list = unwrap(providers, "Listing models");
    return toModels(list.providers, list.default, unwrap(config, "Reading the config").model);
  }

  async providers(): Promise<ProvidersResponse> {
    const { client } = this.handle();
    const list = unwrap(await client.provider.list(), "Listing providers");
    return toProviders(list.all, list.connected);
  }

  async setProviderKey(providerID: string, key: string): Promise<ProvidersResponse> {
    const { client } = this.handle();
    await this.catalogue.assertProvider(providerID);
    const endpoint = providerEndpoint(unwrap(await client.provider.list(), "Listing providers").all, providerID);
    await checkProviderKey(
      endpoint && this.keyCheckBaseUrl ? { ...endpoint, url: this.keyCheckBaseUrl } : endpoint,
      key,
    );
    this.onKeySaved(key); // the mask learns it before any file holds it
    const auth: Auth = { type: "api", key };
    await this.storing(providerID, auth, async () =>
      unwrap(await client.auth.set({ providerID, auth }), `Connecting ${providerID}`),
    );
    await this.reloadProviders();
    return this.providers();
  }

  /** After a credential changed (a key saved, a sign-in, a disconnect): every folder reads its providers again. */
  async reloadProviders(): Promise<void> {
    const { client } = this.handle();
    this.catalogue.invalidate();
    // Providers are read when an instance (a folder) loads; reload every one so the change counts now.
    const folders = this.projects
      .list()
      .filter((p) => p.exists)
      .map((p) => p.path);
    await Promise.all([
      client.instance.dispose(),
      ...folders.map((directory) => client.instance.dispose({ directory })),
    ]);
  }

  /** Sessions of a project (by default the one used last), newest first. */
  async sessions(projectId?: string): Promise<ChatSession[]> {
    this.handle();
    const project = projectId !== undefined ? await this.resolveProject({ projectId }) : this.projects.mostRecent();
    if (!project) return [];
    const { client } = this.handle(project.path);
    const inProject = (list: Parameters<typeof toChatSession>[0][]) =>
      list.filter((s) => s.directory === project.path && !isAsideSession(s)).map((s) => this.session(s));
    const generation = this.supervisor.connection()?.generation ?? 0;
    const [roots, recent] = await Promise.all([
      client.session.list({ roots: true }),
      this.recent.read(project.path, generation, async (start) => {
        const query = { limit: subagentPage, ...(start ? { start } : {}) };
        const page = unwrap(await client.session.list(query), "Listing the subagents' sessions");
        return { sessions: inProject(page), full: page.length >= subagentPage };
      }),
    ]);
    return withSubagents(inProject(unwrap(roots, "Listing sessions")), recent).sort(
      (a, b) => b.updatedAt - a.updatedAt,
    );
  }

  /** One session, wherever its folder (a waiting session's may be no listed project). */
  async sessionById(sessionID: string): Promise<ChatSession> {
    const { client } = await this.forSession(sessionID, "read");
    return this.session(unwrap(await client.session.get({ sessionID }), "Reading the session"));
  }

  /** The subagent sessions a session's `task` calls started, oldest first. */
  async children(sessionID: string): Promise<ChatSession[]> {
    const { client } = await this.forSession(sessionID, "read");
    return unwrap(await client.session.children({ sessionID }), "Listing the subagents' sessions")
      .map((s) => this.session(s))
      .sort((a, b) => a.createdAt - b.createdAt);
  }

  async createSession(request: {
    title?: string | undefined;
    key?: string | undefined;
    projectId?: string | undefined;
    directory?: string | undefined;
  }): Promise<{ session: ChatSession; created: boolean }> {
    const project = await this.resolveProject(request);
    this.handle();
    folderFor(project.path, "work");
    this.projects.touch(project.id);
    if (request.key === undefined) {
      const { client } = this.handle(project.path);
      const session = unwrap(
        await client.session.create(request.title ? { title: request.title } : {}),
        "Creating a session",
      );
      return { session: this.session(session), created: true };
    }
    const keyId = sessionKeyId(request.key);
    const lockKey = `${project.path}\n${keyId}`;
    const previous = this.keyLocks.get(lockKey) ?? Promise.resolve();
    const next = previous.catch(() => undefined).then(() => this.findOrCreateKeyed(project.path, keyId, request.title));
    this.keyLocks.set(lockKey, next);
    try {
      return await next;
    } finally {
      if (this.keyLocks.get(lockKey) === next) this.keyLocks.delete(lockKey);
    }
  }

  private async findOrCreateKeyed(directory: string, keyId: string, title: string | undefined) {
    const { client } = this.handle(directory);
    const all = unwrap(await client.session.list({ roots: true, limit: keyedSessionSearch }), "Listing sessions");
    const found = all
      .filter((s) => s.directory === directory && s.metadata?.[sessionKeyField] === keyId)
      .sort((a, b) => a.time.created - b.time.created)[0];
    if (found) return { session: this.session(found), created: false };
    const session = unwrap(
      await client.session.create({ metadata: { [sessionKeyField]: keyId }, ...(title ? { title } : {}) }),
      "Creating a session",
    );
    return { session: this.session(session), created: true };
  }

  async rename(sessionID: string, title: string): Promise<ChatSession> {
    const { client } = await this.forSession(sessionID, "read");
    return this.session(unwrap(await client.session.update({ sessionID, title }), "Renaming the session"));
  }

  async remove(sessionID: string): Promise<void> {
    const { client } = await this.forSession(sessionID, "read");
    unwrap(await client.session.delete({ sessionID }), "Deleting the session");
    this.recent.forget(sessionID);
  }

  async messages(sessionID: string): Promise<ChatMessage[]> {
    const { client } = await this.forSession(sessionID, "read");
    return unwrap(await client.session.messages({ sessionID }), "Reading the messages").map(toChatMessage);
  }

  /** Sends a prompt. With `wait`, resolves with the finished reply; otherwise once accepted. */
  async send(sessionID: string, request: SendMessageRequest, wait: boolean): Promise<ChatMessage | null> {
    const { call, directory } = await this.forSession(sessionID, "work");
    const projectId = this.projects.idOf(directory);
    if (projectId) this.projects.touch(projectId);
    // The reply streams as events: make sure this sidecar's stream is open before asking.
    await this.relay.whenSubscribed();
    const { text, model, agent, variant, files, mentions } = request;
    const folder = directory; // `@` mentions are paths inside the session's project
    if (model) await this.catalogue.assertModel(model);
    const body: NonNullable<SessionPromptData["body"]> = {
      parts: [
        ...(text.trim() ? [{ type: "text" as const, text }] : []),
        ...(files ?? []).map((f) => ({ type: "file" as const, mime: f.mime, filename: f.filename, url: f.url })),
        // opencode reads a file:// part itself and hands the model its text, as its own `@` does.
        ...(mentions?.length ? await mentionParts(folder, mentions, this.privateFolders) : []),
      ],
      ...(model ? { model } : {}),
      ...(agent ? { agent } : {}),
      ...(variant ? { variant } : {}),
    };
    // A turn's one call to opencode, sent without the SDK's request machinery (SidecarHandle.call).
    const path = `/session/${encodeURIComponent(sessionID)}`;
    if (!wait) {
      unwrap(await call<SessionPromptAsyncResponse>("POST", `${path}/prompt_async`, body), "Sending the message");
      return null;
    }
    try {
      const reply = await call<SessionPromptResponses[200]>("POST", `${path}/message`, body);
      return toChatMessage(unwrap(reply, "Sending the message"));
    } catch (error) {
      // The sidecar died under the request: say so the same way as for a stopped sidecar.
      if (!this.supervisor.connection()) throw new SidecarUnavailableError(this.supervisor.status());
      throw error;
    }
  }

  replying(): string[] {
    return this.relay.replying();
  }

  async abort(sessionID: string): Promise<void> {
    const { client } = await this.forSession(sessionID, "read");
    unwrap(await client.session.abort({ sessionID }), "Stopping the reply");
  }

  /** Pending requests live in the folder's instance of opencode: answers must go there. */
  async replyPermission(sessionID: string, permissionID: string, response: z.infer<typeof PermissionResponse>) {
    const { client } = await this.forSession(sessionID, "read");
    unwrap(
      await client.permission.reply({ requestID: permissionID, reply: response }),
      "Answering the permission request",
    );
  }

  async replyQuestion(sessionID: string, requestID: string, answers: string[][]): Promise<void> {
    const { client } = await this.forSession(sessionID, "read");
    unwrap(await client.question.reply({ requestID, answers }), "Answering the question");
  }

  async rejectQuestion(sessionID: string, requestID: string): Promise<void> {
    const { client } = await this.forSession(sessionID, "read");
    unwrap(await client.question.reject({ requestID }), "Dismissing the question");
  }
}

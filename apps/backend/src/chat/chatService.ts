// What the chat routes do, through the official SDK against the current sidecar. Keyed sessions
// live in opencode itself (a UUID v5 of the key in the session's metadata), so the same key
// finds the same session after any restart of the sidecar or of this backend.

import { existsSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type {
  ChatMessage,
  ChatSession,
  ModelsResponse,
  ProvidersResponse,
  SendMessageRequest,
} from "@turnkey/contracts";
import type { SidecarSupervisor } from "@turnkey/sidecar";
import { v5 as uuidv5 } from "uuid";
import { OpencodeCatalogue } from "./catalogue.ts";
import { checkProviderKey } from "./keyCheck.ts";
import { providerEndpoint, sessionKeyField, toChatMessage, toChatSession, toModels, toProviders } from "./mapping.ts";
import type { ChatRelay } from "./relay.ts";
import { type SidecarHandle, SidecarUnavailableError, sidecarClient, unwrap } from "./sidecarClient.ts";

/** Our namespace for UUID v5 session keys; fixed forever, or every key maps anew. */
export const sessionKeyNamespace = "3f6c1d1e-8a1f-4c59-9b5e-5b0d4b1c2a7e";

export function sessionKeyId(key: string): string {
  return uuidv5(key, sessionKeyNamespace);
}

export class ChatService {
  /** Serializes creation per key, so two concurrent requests cannot make two sessions. */
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
    /** Key checks go here instead of the provider's API (tests). */
    private readonly keyCheckBaseUrl?: string,
  ) {}

  private handle(): SidecarHandle {
    const handle = sidecarClient(this.supervisor);
    if (!handle) throw new SidecarUnavailableError(this.supervisor.status());
    return handle;
  }

  async models(): Promise<ModelsResponse> {
    const { client } = this.handle();
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
    unwrap(await client.auth.set({ providerID, auth: { type: "api", key } }), `Connecting ${providerID}`);
    this.catalogue.invalidate();
    // Providers are read when an instance loads; reload it so the new key counts now.
    await client.instance.dispose();
    return this.providers();
  }

  async sessions(): Promise<ChatSession[]> {
    const { client } = this.handle();
    const list = unwrap(await client.session.list({ roots: true }), "Listing sessions");
    return list.map(toChatSession).sort((a, b) => b.updatedAt - a.updatedAt);
  }

  async createSession(request: { title?: string | undefined; key?: string | undefined }): Promise<{
    session: ChatSession;
    created: boolean;
  }> {
    if (request.key === undefined) {
      const { client } = this.handle();
      const session = unwrap(
        await client.session.create(request.title ? { title: request.title } : {}),
        "Creating a session",
      );
      return { session: toChatSession(session), created: true };
    }
    const keyId = sessionKeyId(request.key);
    const previous = this.keyLocks.get(keyId) ?? Promise.resolve();
    const next = previous.catch(() => undefined).then(() => this.findOrCreateKeyed(keyId, request.title));
    this.keyLocks.set(keyId, next);
    try {
      return await next;
    } finally {
      if (this.keyLocks.get(keyId) === next) this.keyLocks.delete(keyId);
    }
  }

  private async findOrCreateKeyed(keyId: string, title: string | undefined) {
    const { client } = this.handle();
    const all = unwrap(await client.session.list({}), "Listing sessions");
    const found = all
      .filter((s) => s.metadata?.[sessionKeyField] === keyId)
      .sort((a, b) => a.time.created - b.time.created)[0];
    if (found) return { session: toChatSession(found), created: false };
    const session = unwrap(
      await client.session.create({ metadata: { [sessionKeyField]: keyId }, ...(title ? { title } : {}) }),
      "Creating a session",
    );
    return { session: toChatSession(session), created: true };
  }

  async rename(sessionID: string, title: string): Promise<ChatSession> {
    const { client } = this.handle();
    return toChatSession(unwrap(await client.session.update({ sessionID, title }), "Renaming the session"));
  }

  async remove(sessionID: string): Promise<void> {
    const { client } = this.handle();
    unwrap(await client.session.delete({ sessionID }), "Deleting the session");
  }

  async messages(sessionID: string): Promise<ChatMessage[]> {
    const { client } = this.handle();
    return unwrap(await client.session.messages({ sessionID }), "Reading the messages").map(toChatMessage);
  }

  /** Sends a prompt. With `wait`, resolves with the finished reply; otherwise once accepted. */
  async send(sessionID: string, request: SendMessageRequest, wait: boolean): Promise<ChatMessage | null> {
    const { client } = this.handle();
    // The reply streams as events: make sure this sidecar's stream is open before asking.
    await this.relay.whenSubscribed();
    const { text, model, agent, variant, files, mentions } = request;
    const folder = mentions?.length
      ? unwrap(await client.session.get({ sessionID }), "Reading the session").directory
      : "";
    if (model) await this.catalogue.assertModel(model);
    const body = {
      sessionID,
      parts: [
        ...(text.trim() ? [{ type: "text" as const, text }] : []),
        ...(files ?? []).map((f) => ({ type: "file" as const, mime: f.mime, filename: f.filename, url: f.url })),
        // opencode reads a file:// part itself and hands the model its text, as its own `@` does.
        ...(mentions ?? [])
          .filter((path) => existsSync(join(folder, path))) // "@someone" in prose is not a file
          .map((path) => ({
            type: "file" as const,
            mime: "text/plain",
            filename: path,
            url: pathToFileURL(join(folder, path)).href,
          })),
      ],
      ...(model ? { model } : {}),
      ...(agent ? { agent } : {}),
      ...(variant ? { variant } : {}),
    };
    if (!wait) {
      unwrap(await client.session.promptAsync(body), "Sending the message");
      return null;
    }
    try {
      return toChatMessage(unwrap(await client.session.prompt(body), "Sending the message"));
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
    const { client } = this.handle();
    unwrap(await client.session.abort({ sessionID }), "Stopping the reply");
  }

  async replyPermission(permissionID: string, response: "once" | "always" | "reject"): Promise<void> {
    const { client } = this.handle();
    unwrap(
      await client.permission.reply({ requestID: permissionID, reply: response }),
      "Answering the permission request",
    );
  }
}

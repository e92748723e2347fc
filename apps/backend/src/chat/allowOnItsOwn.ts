// Each chat's allow level (contracts' allow.ts), kept in the data folder, and the answers it
// gives. The backend owns it, not a window: a scheduled task or a goal works while no window is
// open, and every window shows the same setting. The relay hands each `permission.asked` here
// before a window or the waiting list hears of it (no card flashes, no notification); what the
// chat's level covers (allowRule.ts) is answered "once" and recorded, anything else, or an answer
// OpenCode refused, goes on to the windows as before. A subagent's request follows the chat that
// started it (its chain of parents, read from the relayed sessions or asked of OpenCode).
// Turning a level on answers what already waits, as if it had just been asked. What a chat with a
// level still asks carries the reason on its card (allowRule.ts's whyItAsks), so nobody wonders
// why "Allow all but secrets" asked.
import {
  type AllowedOnItsOwn,
  type AllowLevel,
  type AllowSetting,
  allowedKept,
  type ChatEvent,
  messageOf,
  type PendingRequest,
  type PermissionRequest,
  whyAskedMax,
} from "@turnkey/contracts";
import { z } from "zod";
import { KeptList } from "../keptList.ts";
import { type SecretPlaces, whyItAsks } from "./allowRule.ts";

/** What became of a request: answered on its own, or left to the user (with why, when the chat has a level). */
export type Decision = { taken: true } | { taken: false; whyAsked: string | null };
const taken: Decision = { taken: true };
const asked = (whyAsked: string | null): Decision => ({
  taken: false,
  whyAsked: whyAsked !== null && whyAsked.length > whyAskedMax ? `${whyAsked.slice(0, whyAskedMax - 2)}…)` : whyAsked,
});
/** The request as OpenCode asked it, without a reason a card gave it. */
function asOpencodeAsked(permission: PermissionRequest): PermissionRequest {
  const { whyAsked: _reason, ...asked } = permission;
  return asked;
}

/** What the relay needs of it. */
export interface PermissionTaker {
  /** Learns parents from sessions and forgets deleted chats. */
  learn(event: ChatEvent): void;
  /** Whether any chat allows anything: when none does, requests go straight on. */
  mayTake(): boolean;
  /** Answers the request when its chat's level covers it, else says why the user is asked. Never rejects. */
  take(request: { sessionID: string; permission: PermissionRequest }): Promise<Decision>;
  /** Answers what waits already (after a level is raised, or the waiting list was read again). */
  sweep(pending: PendingRequest[]): void;
}

export interface AllowDeps {
  file: string;
  /** Answers a request "once" in OpenCode, within a deadline. */
  reply(sessionID: string, requestID: string): Promise<void>;
  /** A session's parent (null for a chat), asked of OpenCode within a deadline. */
  parentOf(sessionID: string): Promise<string | null>;
  /** Tells the chat's windows of its setting. */
  tell(sessionID: string, setting: AllowSetting): void;
  /** A request that waits gets a new reason on its card (a level changed); no `whyAsked` clears it. */
  explain(sessionID: string, permission: PermissionRequest): void;
  places: () => SecretPlaces;
  /** The session's folder, when known: OpenCode's relative patterns are read from it. */
  folderOf(sessionID: string): string | null;
  log(message: string): void;
  now?: () => number;
}

const KeptLevel = z.object({
  sessionID: z.string(),
  level: z.enum(["edits", "everything"]),
  since: z.number(),
});
type KeptLevel = z.infer<typeof KeptLevel>;
/** Chats that keep a level (a scheduled run's chat is one); the oldest setting goes first past it. */
const maxChats = 5_000;
/** Parents remembered (a subagent's chain is walked once, then known). */
const maxParents = 5_000;
/** A chain deeper than this is taken for a loop, and asks. */
const maxDepth = 16;
/** Requests answered or being answered, so the event and a sweep never answer one twice. */
const maxTaken = 1_000;

export class AllowOnItsOwn implements PermissionTaker {
  private readonly levels = new Map<string, KeptLevel>();
  private readonly allowed = new Map<string, AllowedOnItsOwn[]>();
  private readonly parents = new Map<string, string | null>();
  private readonly taken = new Set<string>();
  private readonly kept: KeptList<KeptLevel>;
  private readonly now: () => number;

  constructor(private readonly deps: AllowDeps) {
    this.now = deps.now ?? Date.now;
    this.kept = new KeptList(
      deps.file,
      { key: "chats", item: KeptLevel, max: maxChats, what: "allow settings" },
      this.now,
    );
    const { items, problem } = this.kept.load();
    if (problem) deps.log(problem);
    for (const item of items) this.levels.set(item.sessionID, item);
  }

  mayTake(): boolean {
    return this.levels.size > 0;
  }

  setting(sessionID: string): AllowSetting {
    return { level: this.levels.get(sessionID)?.level ?? "ask", allowed: this.allowed.get(sessionID) ?? [] };
  }

  /** Saves the chat's level (before answering anything), tells its windows, then answers what waits. */
  set(sessionID: string, level: AllowLevel, pending: PendingRequest[]): AllowSetting {
    const before = new Map(this.levels);
    if (level === "ask") this.levels.delete(sessionID);
    else this.levels.set(sessionID, { sessionID, level, since: this.now() });
    if (this.levels.size > maxChats) {
      const oldest = this.oldest();
      this.levels.delete(oldest);
      this.deps.log(`Kept allow settings for ${maxChats} chats: the oldest one's (${oldest}) asks again.`);
    }
    try {
      this.save();
    } catch (error) {
      this.levels.clear();
      for (const [id, kept] of before) this.levels.set(id, kept);
      throw error;
    }
    const setting = this.setting(sessionID);
    this.deps.tell(sessionID, setting);
    this.sweep(pending);
    return setting;
  }

  learn(event: ChatEvent): void {
    if (event.type === "session.updated") this.remember(event.sessionID, event.session.parentID ?? null);
    if (event.type !== "session.deleted") return;
    this.allowed.delete(event.sessionID);
    if (!this.levels.delete(event.sessionID)) return;
    try {
      this.save();
    } catch (error) {
      this.deps.log(`Could not forget the allow setting of a deleted chat: ${messageOf(error)}`);
    }
  }

  async take(request: { sessionID: string; permission: PermissionRequest }): Promise<Decision> {
    try {
      return await this.answer(request);
    } catch (error) {
      // Whatever went wrong (the places could not be read), the user is asked: never a request held for ever.
      const message = messageOf(error);
      this.deps.log(`Could not tell whether a request may go ahead (${message}); it is asked.`);
      return asked(`Whether it may go ahead on its own could not be told (${message}).`);
    }
  }

  private async answer(request: { sessionID: string; permission: PermissionRequest }): Promise<Decision> {
    const { permission } = request;
    if (this.taken.has(permission.id)) return taken;
    const chat = await this.chatWithLevel(request.sessionID);
    if (typeof chat === "string") return asked(chat);
    if (!chat) return asked(null);
    const folder = this.deps.folderOf(request.sessionID);
    const why = whyItAsks(chat.level, permission, this.deps.places(), folder);
    if (why !== null) return asked(why);
    if (this.taken.has(permission.id)) return taken; // a sweep answered it meanwhile
    this.mark(permission.id);
    try {
      await this.deps.reply(request.sessionID, permission.id);
    } catch (error) {
      this.taken.delete(permission.id);
      const message = messageOf(error);
      this.deps.log(
        `Could not answer a ${permission.permission} request on its own (${message}); it is asked of the user.`,
      );
      return asked(`Answering it on its own failed (${message}).`);
    }
    // Recorded as OpenCode asked it: a reason a card had before the level changed is no longer true.
    const list = [
      ...(this.allowed.get(chat.sessionID) ?? []),
      { at: this.now(), sessionID: request.sessionID, permission: asOpencodeAsked(permission) },
    ];
    this.allowed.set(chat.sessionID, list.slice(-allowedKept));
    this.deps.tell(chat.sessionID, this.setting(chat.sessionID));
    return taken;
  }

  /** Answers what the levels now cover; what still waits gets its reason, or loses one that no longer holds. */
  sweep(pending: PendingRequest[]): void {
    for (const request of pending) {
      if (request.kind !== "permission" || this.taken.has(request.id)) continue;
      if (!this.mayTake()) this.explain(request, null);
      else
        void this.take(request).then((decision) => {
          if (!decision.taken) this.explain(request, decision.whyAsked);
        });
    }
  }

  private explain(request: PendingRequest & { kind: "permission" }, whyAsked: string | null): void {
    if ((whyAsked ?? undefined) === request.permission.whyAsked) return;
    const permission = asOpencodeAsked(request.permission);
    this.deps.explain(request.sessionID, whyAsked === null ? permission : { ...permission, whyAsked });
  }

  /**
   * The nearest session up the chain that has a level; null when none has; the card's reason when
   * the chain could not be read (a subagent whose chat may have a level).
   */
  private async chatWithLevel(sessionID: string): Promise<KeptLevel | string | null> {
    let id: string | null = sessionID;
    for (let depth = 0; id !== null && depth < maxDepth; depth += 1) {
      const kept = this.levels.get(id);
      if (kept) return kept;
      const parent = await this.parentOf(id);
      if (typeof parent === "object" && parent !== null) return parent.whyAsked;
      id = parent;
    }
    return null;
  }

  private async parentOf(sessionID: string): Promise<string | null | { whyAsked: string }> {
    const known = this.parents.get(sessionID);
    if (known !== undefined) return known;
    try {
      const parent = await this.deps.parentOf(sessionID);
      this.remember(sessionID, parent);
      return parent;
    } catch (error) {
      const message = messageOf(error);
      this.deps.log(`Could not tell which chat a session belongs to (${message}); its request asks.`);
      return { whyAsked: `Which chat it belongs to could not be read (${message}), so no chat's setting applied.` };
    }
  }

  private remember(sessionID: string, parent: string | null): void {
    this.parents.delete(sessionID);
    this.parents.set(sessionID, parent);
    if (this.parents.size > maxParents) this.parents.delete(this.parents.keys().next().value as string);
  }

  private mark(requestID: string): void {
    this.taken.add(requestID);
    if (this.taken.size > maxTaken) this.taken.delete(this.taken.values().next().value as string);
  }

  private oldest(): string {
    return [...this.levels.values()].reduce((a, b) => (b.since < a.since ? b : a)).sessionID;
  }

  private save(): void {
    this.kept.save([...this.levels.values()].sort((a, b) => a.since - b.since));
  }
}
